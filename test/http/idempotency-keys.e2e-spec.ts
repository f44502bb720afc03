import { DataSource } from 'typeorm';
import { IdempotencyKeyCleanup } from '../../src/http/idempotency/idempotency-key-cleanup';
import { fingerprintOf } from '../../src/http/idempotency/idempotency.interceptor';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * Idempotency-Keys: scoped so that no two users share one, a claim left by a
 * request that died expires and its retry learns what was stored, a replay
 * keeps its headers, and old keys are deleted.
 */
describe('Idempotency-Keys', () => {
  let t: TestApp;
  let sql: DataSource;
  let chair: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { IDEMPOTENCY_CLAIM_TIMEOUT_MS: '5000', IDEMPOTENCY_RETENTION_HOURS: '24', IDEMPOTENCY_CLEANUP_INTERVAL_MS: '0' } });
    sql = t.app.get(DataSource);
    chair = await t.token('chair', 'region-varmland', 'chair-anna');
  });
  afterAll(() => t?.close());

  const question = (title: string) => ({
    title,
    description: 'Ny regional kulturplan 2026–2029.',
    raisedBy: { kind: 'forum', id: 'culture-education-forum' },
    topicArea: 'Kultur',
  });
  const post = (path: string, body: object, key: string, token = chair) =>
    t.http().post(path).set('Authorization', `Bearer ${token}`).set('Idempotency-Key', key).send(body);
  const eventCount = async () => (await sql.query(`SELECT count(*)::int AS n FROM event_store_events`))[0].n as number;
  const questionsTitled = async (title: string) =>
    (await sql.query(`SELECT count(*)::int AS n FROM event_store_events WHERE type = 'QuestionRaised' AND data->>'title' = $1`, [title]))[0].n as number;
  /** What a process that dies after claiming a key leaves behind: the claim, with no response, made an hour ago. */
  const leaveStuck = (subject: string, key: string) =>
    sql.query(
      `UPDATE idempotency_keys SET status_code = NULL, response = NULL, headers = NULL, claimed_at = now() - interval '1 hour'
       WHERE subject = $1 AND idempotency_key = $2`,
      [subject, key],
    );

  it('user "anna:x" with key "k1" and user "anna" with key "x:k1" are two keys: each command runs and is stored', async () => {
    const body = question('Samma nyckel, två personer');
    const annaX = await t.token('chair', 'region-varmland', 'anna:x');
    const anna = await t.token('chair', 'region-varmland', 'anna');
    const before = await eventCount();

    const first = await post('/questions', body, 'k1', annaX).expect(201);
    const second = await post('/questions', body, 'x:k1', anna).expect(201);

    expect(second.headers['idempotent-replayed']).toBeUndefined();
    expect(second.body.questionId).not.toBe(first.body.questionId);
    expect(second.body.events[0].id).not.toBe(first.body.events[0].id);
    expect(await eventCount()).toBe(before + 2);
    await t.http().get(`/questions/${second.body.questionId}`).set('Authorization', `Bearer ${anna}`).expect(200);
  });

  it('a replayed POST /questions keeps its Location and ETag', async () => {
    const first = await post('/questions', question('Platsen följer med'), 'location-1').expect(201);
    const replay = await post('/questions', question('Platsen följer med'), 'location-1').expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(first.headers.location).toBe(`/questions/${first.body.questionId}`);
    expect(replay.headers.location).toBe(first.headers.location);
    expect(replay.headers.etag).toBe(first.headers.etag);
    expect(replay.body).toEqual(first.body);
  });

  it('a claim left by a request that died before storing anything expires, and the retry runs the command once', async () => {
    const body = question('Processen dog före lagringen');
    await sql.query(`INSERT INTO idempotency_keys (subject, idempotency_key, fingerprint, claimed_at) VALUES ($1, $2, $3, now() - interval '1 hour')`, [
      'chair-anna',
      'died-early',
      fingerprintOf('POST', '/questions', body),
    ]);
    const before = await eventCount();

    const retry = await post('/questions', body, 'died-early').expect(201);

    expect(retry.headers.location).toBe(`/questions/${retry.body.questionId}`);
    expect(await eventCount()).toBe(before + 1);
    expect(await questionsTitled(body.title)).toBe(1);
    const replay = await post('/questions', body, 'died-early').expect(201);
    expect(replay.body).toEqual(retry.body);
  });

  it('a claim younger than the timeout still answers 409 "being processed"', async () => {
    const body = question('Fortfarande på gång');
    await sql.query(`INSERT INTO idempotency_keys (subject, idempotency_key, fingerprint) VALUES ($1, $2, $3)`, [
      'chair-anna',
      'in-flight',
      fingerprintOf('POST', '/questions', body),
    ]);
    const response = await post('/questions', body, 'in-flight').expect(409);
    expect(response.body.detail).toContain('still being processed');
    expect(await questionsTitled(body.title)).toBe(0);
  });

  it('a claim left by a request that died after storing its events expires, and the retry gets the stored outcome', async () => {
    const body = question('Processen dog efter lagringen');
    const first = await post('/questions', body, 'died-late').expect(201);
    await leaveStuck('chair-anna', 'died-late');
    const before = await eventCount();

    const retry = await post('/questions', body, 'died-late').expect(201);

    expect(retry.body).toEqual(first.body);
    expect(retry.headers.location).toBe(first.headers.location);
    expect(await eventCount()).toBe(before);
    expect(await questionsTitled(body.title)).toBe(1);
  });

  it('the retry of a command on a question that moved on since gets its stored outcome, not 409, If-Match and all', async () => {
    const { questionId } = (await post('/questions', question('Beredning efter krasch'), 'raise-to-accept').expect(201)).body;
    const accept = { forum: 'council', logic: 'process', responsible: { givenName: 'Karin', familyName: 'Berg', organisationId: 'karlstad' } };
    const first = await post(`/questions/${questionId}/accept`, accept, 'accept-once').set('If-Match', '"0"').expect(200);
    await leaveStuck('chair-anna', 'accept-once');
    await post(`/questions/${questionId}/move`, { forum: 'chairs-council', reason: 'Ställningstagande behövs' }, 'move-on').expect(200);

    const retry = await post(`/questions/${questionId}/accept`, accept, 'accept-once').set('If-Match', '"0"').expect(200);

    expect(retry.body).toEqual(first.body);
    expect(retry.headers.etag).toBe('"1"');
    const types = await sql.query(`SELECT type FROM event_store_events WHERE stream_id = $1 ORDER BY revision`, [`question-${questionId}`]);
    expect(types.map((row: { type: string }) => row.type)).toEqual(['QuestionRaised', 'QuestionAccepted', 'QuestionMovedToForum']);
  });

  it('a stuck claim for a different request stays refused as a misuse of the key', async () => {
    await post('/questions', question('Första'), 'misused').expect(201);
    await leaveStuck('chair-anna', 'misused');
    const response = await post('/questions', question('Andra'), 'misused').expect(422);
    expect(response.body.detail).toContain('different request');
  });

  it('keys older than the retention are deleted in batches; younger ones are kept and still replay', async () => {
    await sql.query(
      `INSERT INTO idempotency_keys (subject, idempotency_key, fingerprint, status_code, response, created_at)
       SELECT 'old-user', 'old-' || n, 'x', 201, '{}'::jsonb, now() - interval '25 hours' FROM generate_series(1, 1200) AS n`,
    );
    const kept = await post('/questions', question('Behålls'), 'kept').expect(201);

    const deleted = await t.app.get(IdempotencyKeyCleanup).sweep();

    expect(deleted).toBe(1200);
    expect((await sql.query(`SELECT count(*)::int AS n FROM idempotency_keys WHERE subject = 'old-user'`))[0].n).toBe(0);
    const replay = await post('/questions', question('Behålls'), 'kept').expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(kept.body);
  });
});
