import { AuditLog } from '../../src/audit/audit-log';
import { Database } from '../../src/database/database';
import { GENESIS_HASH, recomputeHash } from '../../src/event-store/event-chain';
import { WrongExpectedRevisionError, comparePositions } from '../../src/event-store/event-store.port';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { testEvent, waitForLogHead } from '../support/events';
import { TestDatabase, createTestDatabase, openMigratedDatabase } from '../support/test-database';

/**
 * The PostgreSQL adapter's bulk append (many streams, one transaction): what
 * it stores is what the same appends one by one would store — revisions, hash
 * chains, global order — and a failed expectation stores nothing of the batch.
 */
let testDatabase: TestDatabase;
let database: Database;
let store: PostgresEventStore;

beforeAll(async () => {
  testDatabase = await createTestDatabase({ migrated: true });
  ({ database } = await openMigratedDatabase(testDatabase));
  store = new PostgresEventStore(database.pool, { singleWriter: database.singleWriter });
});

afterAll(async () => {
  await database?.close();
  await testDatabase?.drop();
});

const eventCount = async () => Number((await database.pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM event_store_events`)).rows[0].n);

it('stores the parts in the order given, interleaving streams, each with its revisions and its hash chain', async () => {
  await store.appendToStream('bulk-a', [testEvent('First')], 'no_stream');
  const parts = [
    { streamId: 'bulk-a', events: [testEvent('A1'), testEvent('A2')], expectedRevision: 0 },
    { streamId: 'bulk-b', events: [testEvent('B0')], expectedRevision: 'no_stream' as const },
    { streamId: 'bulk-a', events: [testEvent('A3')], expectedRevision: 2 },
    { streamId: 'bulk-c', events: [testEvent('C0'), testEvent('C1')], expectedRevision: 'any' as const },
  ];

  const results = await store.appendToStreams(parts);

  expect(results.map((result) => result.nextRevision)).toEqual([2, 0, 3, 1]);
  for (let i = 1; i < results.length; i++) expect(comparePositions(results[i - 1].position, results[i].position)).toBeLessThan(0);
  await waitForLogHead(store, results[results.length - 1].position);
  const log = await store.readAll();
  expect(log.map((event) => `${event.streamId}@${event.revision}:${event.type}`)).toEqual([
    'bulk-a@0:First',
    'bulk-a@1:A1',
    'bulk-a@2:A2',
    'bulk-b@0:B0',
    'bulk-a@3:A3',
    'bulk-c@0:C0',
    'bulk-c@1:C1',
  ]);
  for (const event of log) expect(recomputeHash(event)).toBe(event.hash);
  const a = await store.readStream('bulk-a');
  expect(a.map((event) => event.previousHash)).toEqual([GENESIS_HASH, a[0].hash, a[1].hash, a[2].hash]);
  expect(comparePositions(log[log.length - 1].position, results[3].position)).toBe(0);
  const report = await new AuditLog(store).verify();
  expect(report.chains).toMatchObject({ intact: true, streamsChecked: 3, eventsChecked: 7 });
});

it('lets a single append follow a bulk append on the same stream', async () => {
  await store.appendToStreams([{ streamId: 'bulk-d', events: [testEvent('D0')], expectedRevision: 'no_stream' }]);

  const result = await store.appendToStream('bulk-d', [testEvent('D1')], 0);

  expect(result.nextRevision).toBe(1);
  const d = await store.readStream('bulk-d');
  expect(d[1].previousHash).toBe(d[0].hash);
  expect(recomputeHash(d[1])).toBe(d[1].hash);
});

it.each([
  ['a revision the stream is not at', 'bulk-a', 1, 3],
  ['no_stream for a stream that exists', 'bulk-b', 'no_stream' as const, 0],
  ['stream_exists for a stream that does not', 'bulk-nothing', 'stream_exists' as const, -1],
])('refuses the whole batch when one part expects %s', async (_, streamId, expectedRevision, actualRevision) => {
  const before = await eventCount();

  const attempt = store.appendToStreams([
    { streamId: 'bulk-e', events: [testEvent('E0')], expectedRevision: 'no_stream' },
    { streamId, events: [testEvent('Late')], expectedRevision },
  ]);

  await expect(attempt).rejects.toBeInstanceOf(WrongExpectedRevisionError);
  await expect(attempt).rejects.toMatchObject({ streamId, expected: expectedRevision, actualRevision });
  expect(await eventCount()).toBe(before);
  expect(await store.streamRevision('bulk-e')).toBe(-1);
});

it('lets one of two batches racing for the same new stream store it, and tells the other a wrong expected revision', async () => {
  const batch = (type: string) => [
    { streamId: `bulk-race-${type}`, events: [testEvent(type)], expectedRevision: 'no_stream' as const },
    { streamId: 'bulk-race', events: [testEvent(type), testEvent(type)], expectedRevision: 'no_stream' as const },
  ];

  const outcomes = await Promise.allSettled([
    store.appendToStreams(batch('X')),
    new PostgresEventStore(database.pool, { singleWriter: database.singleWriter }).appendToStreams(batch('Y')),
  ]);

  expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
  const refused = outcomes.find((outcome) => outcome.status === 'rejected');
  expect(refused?.reason).toBeInstanceOf(WrongExpectedRevisionError);
  expect(refused?.reason).toMatchObject({ streamId: 'bulk-race', actualRevision: 1 });
  const race = await store.readStream('bulk-race');
  const winner = race[0].type;
  expect(race.map((event) => event.type)).toEqual([winner, winner]);
  expect(await store.streamRevision(`bulk-race-${winner === 'X' ? 'Y' : 'X'}`)).toBe(-1);
});

it('refuses a batch carrying an event id stored before, storing nothing of it', async () => {
  const event = testEvent('F0');
  await store.appendToStream('bulk-f', [event], 'no_stream');
  const before = await eventCount();

  const attempt = store.appendToStreams([
    { streamId: 'bulk-g', events: [testEvent('G0')], expectedRevision: 'no_stream' },
    { streamId: 'bulk-h', events: [event], expectedRevision: 'no_stream' },
  ]);

  await expect(attempt).rejects.toMatchObject({ code: '23505' });
  expect(await eventCount()).toBe(before);
});
