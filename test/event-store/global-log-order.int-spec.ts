import { Database } from '../../src/database/database';
import { comparePositions, formatPosition } from '../../src/event-store/event-store.port';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { testEvent } from '../support/events';
import { TestDatabase, createTestDatabase, openMigratedDatabase } from '../support/test-database';

/**
 * The global log's order must hold across transaction ids of different lengths:
 * read as text, "10000" sorts before "9999" and the reader passes over events
 * for good (docs/event-store.md, "A defect we had"). Two ways to meet such a
 * boundary: rows whose transactions lie on either side of each power of ten
 * below today's id (deterministic on any database), and real appends pushed
 * across the next thousand of the live id (999 → 1000 on a fresh embedded one).
 */
describe('global log order across transaction ids of different lengths', () => {
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

  it('orders transactions on either side of each power of ten by number, not as text', async () => {
    const fresh = await createTestDatabase({ migrated: true });
    const { database: own } = await openMigratedDatabase(fresh);
    try {
      const ownStore = new PostgresEventStore(own.pool, { singleWriter: own.singleWriter });
      const now = Number((await own.pool.query<{ xid: string }>(`SELECT pg_current_xact_id()::text AS xid`)).rows[0].xid);
      const boundaries = [10, 100, 1_000, 10_000, 100_000, 1_000_000].filter((boundary) => boundary + 1 < now);
      expect(boundaries.length).toBeGreaterThan(0);
      // Written in transaction-id order, as if those transactions had committed one after another.
      const xids = boundaries.flatMap((boundary) => [boundary - 1, boundary]);
      for (const [index, xid] of xids.entries()) {
        await own.pool.query(
          `INSERT INTO event_store_events (transaction_id, event_id, stream_id, revision, type, schema_version, data, metadata, previous_hash, hash)
           VALUES ($1::text::xid8, gen_random_uuid(), 'boundary-probe', $2, 'BoundaryProbe', 1, $3::jsonb, '{}'::jsonb, decode(repeat('00', 32), 'hex'), decode(repeat('00', 32), 'hex'))`,
          [String(xid), index, JSON.stringify({ xid })],
        );
      }
      const all = await ownStore.readAll({ maxCount: 1_000 });
      expect(all.map((event) => (event.data as { xid: number }).xid)).toEqual(xids);
      const paged: number[] = [];
      let after = undefined as undefined | (typeof all)[number]['position'];
      for (;;) {
        const page = await ownStore.readAll({ after, maxCount: 1 });
        if (page.length === 0) break;
        paged.push((page[0].data as { xid: number }).xid);
        after = page[0].position;
      }
      expect(paged).toEqual(xids);
      expect(formatPosition((await ownStore.headPosition())!)).toBe(formatPosition(all[all.length - 1].position));
      expect(await ownStore.countEventsAfter(all[0].position, 1_000)).toBe(xids.length - 1);
    } finally {
      await own.close();
      await fresh.drop();
    }
  });

  it('reads every appended event in position order and reports the true head', async () => {
    const { rows } = await database.pool.query<{ xid: string }>(`SELECT pg_current_xact_id()::text AS xid`);
    const boundary = (Math.floor(Number(rows[0].xid) / 1000) + 1) * 1000;
    let last;
    let revision = -1;
    const currentXid = async () => Number((await database.pool.query<{ xid: string }>(`SELECT pg_current_xact_id()::text AS xid`)).rows[0].xid);
    do {
      last = await store.appendToStream('order-probe', [testEvent('OrderProbe')], revision === -1 ? 'no_stream' : revision);
      revision++;
    } while ((await currentXid()) < boundary + 5);

    const all = await store.readAll({ maxCount: 100_000 });
    const probes = all.filter((event) => event.streamId === 'order-probe');
    expect(probes.map((event) => event.revision)).toEqual(probes.map((_, index) => index));
    for (let i = 1; i < all.length; i++) expect(comparePositions(all[i - 1].position, all[i].position)).toBe(-1);
    expect(probes).toHaveLength(revision + 1);
    let after = undefined as undefined | (typeof all)[number]['position'];
    const paged: string[] = [];
    for (;;) {
      const page = await store.readAll({ after, maxCount: 7 });
      if (page.length === 0) break;
      paged.push(...page.map((event) => event.id));
      after = page[page.length - 1].position;
    }
    expect(paged).toEqual(all.map((event) => event.id));
    expect(formatPosition((await store.headPosition())!)).toBe(formatPosition(last.position));
  }, 120_000);
});
