import { randomUUID } from 'node:crypto';
import { BrokenLink } from '../../src/audit/chain-verification';
import { DATABASE, Database } from '../../src/database/database';
import { contentHashOf, linkHash, recomputeHash } from '../../src/event-store/event-chain';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { waitForLogHead } from '../support/events';
import { TestApp, startTestApp } from '../support/test-app';

// Each test reads the whole log or runs several commands; the embedded database on a busy machine is slow.
jest.setTimeout(30_000);

/**
 * Tamper evidence: someone with the database's superuser rights switches the
 * append-only trigger off and changes history directly in SQL. Every kind of
 * change — alter, delete, reorder, insert — is caught, by the hash chains
 * (GET /audit/verify) or, for what leaves a chain whole (cutting off a stream's
 * last events, removing a whole stream), by a digest printed earlier.
 */
describe('Tamper evidence: hash chains and digests', () => {
  let t: TestApp;
  let database: Database;
  let store: EventStore;
  let auditor: string;
  let writer: string;
  const streams: Record<string, string> = {};
  let printed: { digest: string; printable: string; asOf: string; events: number; streams: number };

  beforeAll(async () => {
    t = await startTestApp();
    database = t.app.get(DATABASE);
    store = t.app.get(EVENT_STORE);
    auditor = await t.token('auditor', 'region-varmland', 'rut.revisor');
    writer = await t.token('working-group', 'region-varmland', 'wilma.working-group');
    for (const name of ['alter', 'alterAndRehash', 'delete', 'reorder', 'insert', 'appendForged', 'truncate', 'removeStream', 'untouched']) {
      streams[name] = `question-${await questionWithFiveEvents(name)}`;
    }
    await waitForLogHead(store, lastPosition);
  }, 120_000);
  afterAll(() => t?.close());

  let lastPosition = '0.0';
  const post = async (path: string, body: object) => {
    const response = await t
      .http()
      .post(path)
      .set('Authorization', `Bearer ${writer}`)
      .send(body)
      .expect((r) => expect(r.status).toBeLessThan(300));
    lastPosition = response.body.position;
    return response;
  };
  const get = (path: string, token = auditor) => t.http().get(path).set('Authorization', `Bearer ${token}`);

  /** Revisions 0–4: raised, accepted, two dialogues, input. */
  async function questionWithFiveEvents(name: string): Promise<string> {
    const raised = await post('/questions', {
      title: `Fråga ${name}`,
      description: 'Beskrivning',
      raisedBy: { kind: 'organisation', id: 'kil' },
      topicArea: 'Kultur',
    });
    const id: string = raised.body.questionId;
    await post(`/questions/${id}/accept`, { forum: 'council', logic: 'process', responsible: { givenName: 'Eva', familyName: 'Lind', organisationId: 'kil' } });
    await post(`/questions/${id}/dialogues`, { forum: 'council', heldOn: '2025-02-14', summary: 'Första dialogen.' });
    await post(`/questions/${id}/dialogues`, { forum: 'council', heldOn: '2025-03-14', summary: 'Andra dialogen.' });
    await post(`/questions/${id}/inputs`, { organisationId: 'kil', content: 'Inspel från Kil.' });
    return id;
  }

  /** As a superuser would: switch the append-only trigger off, change rows, switch it on again. */
  async function asSuperuser(...statements: Array<[string, unknown[]?]>): Promise<void> {
    await database.pool.query(`ALTER TABLE event_store_events DISABLE TRIGGER USER`);
    try {
      for (const [sql, params] of statements) await database.pool.query(sql, params ?? []);
    } finally {
      await database.pool.query(`ALTER TABLE event_store_events ENABLE TRIGGER USER`);
    }
  }

  const verify = async (query = '') => (await get(`/audit/verify${query}`).expect(200)).body;
  const breakIn = (report: { chains: { brokenStreams: BrokenLink[] } }, name: string) =>
    report.chains.brokenStreams.find((broken) => broken.streamId === streams[name]);

  it('verifies an untouched log and prints a digest for the minutes', async () => {
    const report = await verify();
    expect(report).toMatchObject({ intact: true, chains: { intact: true, streamsChecked: 9, eventsChecked: 45, firstBroken: null, brokenStreams: [] } });

    const digest = (await get('/audit/digest').expect(200)).body;
    expect(digest).toMatchObject({ algorithm: 'sha256', streams: 9, events: 45, asOf: report.checkedUpTo });
    expect(digest.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(digest.printable).toMatch(/^([0-9a-f]{8} ){7}[0-9a-f]{8}$/);
    expect(digest.statement).toContain(`till och med position ${digest.asOf} (9 strömmar, 45 händelser`);
    expect(digest.statement).toContain(digest.printable);
    printed = digest;
  });

  it('proves the log up to a printed digest unchanged, even after later events were appended', async () => {
    await questionWithFiveEvents('later');
    await waitForLogHead(store, lastPosition);
    const now = (await get('/audit/digest').expect(200)).body;
    expect(now.digest).not.toBe(printed.digest);
    expect((await get(`/audit/digest?asOf=${printed.asOf}`).expect(200)).body.digest).toBe(printed.digest);

    const report = await verify(`?digest=${encodeURIComponent(printed.printable)}&asOf=${printed.asOf}`);
    expect(report).toMatchObject({
      intact: true,
      digest: { asOf: printed.asOf, expected: printed.digest, actual: printed.digest, matches: true, streams: 9, events: 45 },
    });
  });

  it('catches an altered event: its content no longer gives its hash', async () => {
    await asSuperuser([
      `UPDATE event_store_events SET data = jsonb_set(data, '{summary}', '"Ingen dialog hölls."') WHERE stream_id = $1 AND revision = 2`,
      [streams.alter],
    ]);
    expect(breakIn(await verify(), 'alter')).toMatchObject({ revision: 2, problem: 'hash-mismatch', event: { type: 'DialogueRecorded' } });
  });

  it('catches an altered event whose hash was recomputed: the next event no longer points at it', async () => {
    await asSuperuser([
      `UPDATE event_store_events SET metadata = jsonb_set(metadata, '{actor,displayName}', '"Någon annan"') WHERE stream_id = $1 AND revision = 1`,
      [streams.alterAndRehash],
    ]);
    const [, altered] = await store.readStream(streams.alterAndRehash);
    await asSuperuser([
      `UPDATE event_store_events SET hash = decode($2, 'hex') WHERE stream_id = $1 AND revision = 1`,
      [streams.alterAndRehash, recomputeHash(altered)],
    ]);
    expect(breakIn(await verify(), 'alterAndRehash')).toMatchObject({ revision: 2, problem: 'previous-hash-mismatch' });
  });

  it('catches a deleted event: its revision is missing', async () => {
    await asSuperuser([`DELETE FROM event_store_events WHERE stream_id = $1 AND revision = 2`, [streams.delete]]);
    const broken = breakIn(await verify(), 'delete');
    expect(broken).toMatchObject({ revision: 2, problem: 'unexpected-revision', event: { revision: 3 } });
    expect(broken?.detail).toContain('revision 2 is missing');
  });

  it('catches reordered events', async () => {
    await asSuperuser(
      [`UPDATE event_store_events SET revision = 1000 WHERE stream_id = $1 AND revision = 1`, [streams.reorder]],
      [`UPDATE event_store_events SET revision = 1 WHERE stream_id = $1 AND revision = 2`, [streams.reorder]],
      [`UPDATE event_store_events SET revision = 2 WHERE stream_id = $1 AND revision = 1000`, [streams.reorder]],
    );
    expect(breakIn(await verify(), 'reorder')).toMatchObject({ revision: 1, problem: 'previous-hash-mismatch', event: { type: 'DialogueRecorded' } });
  });

  it('catches an event inserted into the middle of a stream, even one linked correctly to the event before it', async () => {
    const events = await store.readStream(streams.insert);
    const forged = {
      id: randomUUID(),
      type: 'InputSubmitted',
      schemaVersion: 1,
      data: { questionId: streams.insert.slice('question-'.length), organisationId: 'karlstad', content: 'Karlstad motsätter sig allt.' },
      metadata: { ...events[1].metadata, commandId: randomUUID() },
    };
    const hash = linkHash(streams.insert, 2, events[1].hash, contentHashOf(forged));
    await asSuperuser(
      ...[4, 3, 2].map((revision): [string, unknown[]] => [
        `UPDATE event_store_events SET revision = revision + 1 WHERE stream_id = $1 AND revision = $2`,
        [streams.insert, revision],
      ]),
      [
        `INSERT INTO event_store_events (event_id, stream_id, revision, type, schema_version, data, metadata, previous_hash, hash)
         VALUES ($1, $2, 2, $3, 1, $4, $5, decode($6, 'hex'), decode($7, 'hex'))`,
        [forged.id, streams.insert, forged.type, forged.data, forged.metadata, events[1].hash, hash],
      ],
    );
    const [, , inserted] = await store.readStream(streams.insert);
    expect(recomputeHash(inserted)).toBe(inserted.hash);
    expect(breakIn(await verify(), 'insert')).toMatchObject({ revision: 3, problem: 'previous-hash-mismatch', event: { type: 'DialogueRecorded' } });
  });

  it('catches an event appended behind the application’s back with a made-up hash', async () => {
    const [last] = await store.readStream(streams.appendForged, { fromRevision: 4 });
    await database.pool.query(
      `INSERT INTO event_store_events (event_id, stream_id, revision, type, schema_version, data, metadata, previous_hash, hash)
       VALUES ($1, $2, 5, 'QuestionWithdrawn', 1, $3, $4, decode($5, 'hex'), decode($6, 'hex'))`,
      [randomUUID(), streams.appendForged, { questionId: 'x', reason: 'Återkallad i tysthet' }, last.metadata, last.hash, 'ab'.repeat(32)],
    );
    expect(breakIn(await verify(), 'appendForged')).toMatchObject({ revision: 5, problem: 'hash-mismatch' });
  });

  it('reports the first broken link of the whole log by stream and revision', async () => {
    const report = await verify();
    expect(report.intact).toBe(false);
    expect(report.chains.firstBroken).toEqual(report.chains.brokenStreams[0]);
    expect(report.chains.brokenStreams.map((broken: { streamId: string }) => broken.streamId).sort()).toEqual(
      ['alter', 'alterAndRehash', 'delete', 'reorder', 'insert', 'appendForged'].map((name) => streams[name]).sort(),
    );
  });

  it('a printed digest catches what leaves every chain whole: the last events of a stream cut off, a stream removed', async () => {
    await asSuperuser(
      [`DELETE FROM event_store_events WHERE stream_id = $1 AND revision >= 3`, [streams.truncate]],
      [`DELETE FROM event_store_events WHERE stream_id = $1`, [streams.removeStream]],
    );
    const chainsOnly = await verify();
    expect(breakIn(chainsOnly, 'truncate')).toBeUndefined();

    const report = await verify(`?digest=${printed.digest}&asOf=${printed.asOf}`);
    expect(report.intact).toBe(false);
    expect(report.digest).toMatchObject({ expected: printed.digest, matches: false, streams: 8 });
    expect(report.digest.actual).not.toBe(printed.digest);
    expect(breakIn(report, 'untouched')).toBeUndefined();
  });

  it('refuses a malformed digest or a position without one', async () => {
    await get('/audit/verify?digest=xyz').expect(400);
    await get(`/audit/verify?asOf=${printed.asOf}`).expect(400);
    await get('/audit/digest?asOf=yesterday').expect(400);
  });

  it('is for auditors and admins only', async () => {
    for (const path of ['/audit/verify', '/audit/digest']) {
      await get(path, await t.token('admin', 'region-varmland')).expect(200);
      for (const role of ['working-group', 'chair', 'secretary', 'member']) {
        expect((await get(path, await t.token(role, 'kil')).expect(403)).body).toMatchObject({ role, action: 'audit.read' });
      }
    }
  });
});
