import { randomUUID } from 'node:crypto';
import { DATABASE, Database } from '../../src/database/database';
import { GENESIS_HASH, contentHashOf, linkHash } from '../../src/event-store/event-chain';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { waitForLogHead } from '../support/events';
import { TestApp, startTestApp } from '../support/test-app';

// Each test reads the whole log or runs several commands; the embedded database on a busy machine is slow.
jest.setTimeout(30_000);

/**
 * Schema evolution: QuestionAccepted version 1 stored the responsible
 * official's name as one string; version 2 stores given and family name. Rows
 * written as version 1 are put straight into the table, as the earlier code
 * stored them, and the application reads them through the upcaster: in the
 * folded question, in commands that build on them, in the history (where the
 * stored form stays visible) — and their hash chain still holds.
 */
describe('Reading events stored in an earlier schema version', () => {
  let t: TestApp;
  let database: Database;
  let store: EventStore;
  let chair: string;
  let auditor: string;
  const id = randomUUID();
  const streamId = `question-${id}`;

  beforeAll(async () => {
    t = await startTestApp();
    database = t.app.get(DATABASE);
    store = t.app.get(EVENT_STORE);
    chair = await t.token('chair', 'region-varmland', 'anna.chair');
    auditor = await t.token('auditor', 'region-varmland', 'rut.revisor');

    const metadata = (occurredAt: string) => ({
      actor: { userId: 'olle.sekreterare', displayName: 'Olle Sekreterare', role: 'secretary', organisationId: 'region-varmland' },
      occurredAt,
      correlationId: randomUUID(),
      causationId: randomUUID(),
      commandId: randomUUID(),
    });
    const storedByVersion1 = [
      {
        id: randomUUID(),
        type: 'QuestionRaised',
        schemaVersion: 1,
        data: {
          questionId: id,
          title: 'Regional kulturplan',
          description: 'Kulturplanen tas fram i dialog.',
          raisedBy: { kind: 'forum', id: 'council' },
          topicArea: 'Kultur',
          documents: [],
        },
        metadata: metadata('2024-11-04T09:00:00.000Z'),
      },
      {
        id: randomUUID(),
        type: 'QuestionAccepted',
        schemaVersion: 1,
        data: { questionId: id, forum: 'council', logic: 'process', responsible: { name: 'Eva Maria Lind', organisationId: 'region-varmland' } },
        metadata: metadata('2024-11-18T09:00:00.000Z'),
      },
    ];
    let previousHash = GENESIS_HASH;
    for (const [revision, event] of storedByVersion1.entries()) {
      const hash = linkHash(streamId, revision, previousHash, contentHashOf(event));
      await database.pool.query(
        `INSERT INTO event_store_events (event_id, stream_id, revision, type, schema_version, data, metadata, previous_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, decode($8, 'hex'), decode($9, 'hex'))`,
        [event.id, streamId, revision, event.type, event.schemaVersion, event.data, event.metadata, previousHash, hash],
      );
      previousHash = hash;
    }
  }, 120_000);
  afterAll(() => t?.close());

  const get = (path: string) => t.http().get(path).set('Authorization', `Bearer ${chair}`);
  const auditorGet = (path: string) => t.http().get(path).set('Authorization', `Bearer ${auditor}`);

  it('stores version 1 rows as they were written', async () => {
    const { rows } = await database.pool.query<{ schema_version: number; data: { responsible: unknown } }>(
      `SELECT schema_version, data FROM event_store_events WHERE stream_id = $1 AND revision = 1`,
      [streamId],
    );
    expect(rows[0]).toEqual({
      schema_version: 1,
      data: expect.objectContaining({ responsible: { name: 'Eva Maria Lind', organisationId: 'region-varmland' } }),
    });
  });

  it('folds the question through the upcaster: the name split into given and family name', async () => {
    const { body } = await get(`/questions/${id}`).expect(200);
    expect(body).toMatchObject({ id, stage: 'accepted', revision: 1 });
    expect(body.responsible).toEqual({ givenName: 'Eva Maria', familyName: 'Lind', name: 'Eva Maria Lind', organisationId: 'region-varmland' });
  });

  it('takes commands on top of version 1 events, and stores new events in the current version', async () => {
    const dialogue = await t
      .http()
      .post(`/questions/${id}/dialogues`)
      .set('Authorization', `Bearer ${chair}`)
      .send({ forum: 'council', heldOn: '2025-01-24', summary: 'Rådslag.' })
      .expect(200);
    await waitForLogHead(store, dialogue.body.position);
    const events = await store.readStream(streamId);
    expect(events.map((event) => `${event.type} v${event.schemaVersion}`)).toEqual(['QuestionRaised v1', 'QuestionAccepted v1', 'DialogueRecorded v2']);
  });

  it('shows the stored form in the history, and the current form beside it', async () => {
    const { body } = await auditorGet(`/questions/${id}/history`).expect(200);
    const accepted = body.items[1];
    expect(accepted).toMatchObject({
      type: 'QuestionAccepted',
      schemaVersion: 1,
      data: { responsible: { name: 'Eva Maria Lind', organisationId: 'region-varmland' } },
      dataInCurrentShape: { responsible: { givenName: 'Eva Maria', familyName: 'Lind', organisationId: 'region-varmland' } },
    });
    expect(body.integrity).toMatchObject({ intact: true, events: 3 });
  });

  it('keeps the hash chain whole: upcasting reads, it never rewrites', async () => {
    const report = (await auditorGet('/audit/verify').expect(200)).body;
    expect(report.intact).toBe(true);
    expect(report.chains.eventsChecked).toBe(3);
  });

  it('still accepts the full name from earlier clients, and stores it as version 2', async () => {
    const raise = async () =>
      (
        await t
          .http()
          .post('/questions')
          .set('Authorization', `Bearer ${chair}`)
          .send({ title: 'T', description: 'D', raisedBy: { kind: 'forum', id: 'council' }, topicArea: 'K' })
          .expect(201)
      ).body.questionId as string;
    const accept = (questionId: string, responsible: object) =>
      t.http().post(`/questions/${questionId}/accept`).set('Authorization', `Bearer ${chair}`).send({ forum: 'council', logic: 'process', responsible });

    const legacy = await raise();
    await accept(legacy, { name: 'Karin Berg', organisationId: 'kil' }).expect(200);
    const [, stored] = await store.readStream(`question-${legacy}`);
    expect(stored).toMatchObject({ schemaVersion: 2, data: { responsible: { givenName: 'Karin', familyName: 'Berg', organisationId: 'kil' } } });

    const both = await raise();
    const refused = await accept(both, { name: 'Karin Berg', givenName: 'Karin', familyName: 'Berg', organisationId: 'kil' }).expect(400);
    expect(refused.body.errors[0]).toMatchObject({ field: 'responsible.name' });
    await accept(both, { givenName: 'Karin', organisationId: 'kil' }).expect(400);
    await accept(both, { organisationId: 'kil' }).expect(400);
  });
});
