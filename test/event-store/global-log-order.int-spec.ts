import { Database } from '../../src/database/database';
import { comparePositions, formatPosition } from '../../src/event-store/event-store.port';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { testEvent } from '../support/events';
import { TestDatabase, createTestDatabase, openMigratedDatabase } from '../support/test-database';

/**
 * The global log's order must hold across transaction ids of different lengths.
 * PGlite sorts stored `xid8` values wrongly once ids pass 999 → 1000 (999 came
 * after 1009), so the writing transaction id is stored as bigint; this test
 * pushes the ids across such a boundary and checks the head and the order.
 */
describe('global log order across transaction id 999 → 1000', () => {
  let testDatabase: TestDatabase;
  let database: Database;
  let store: PostgresEventStore;

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    ({ database } = await openMigratedDatabase(testDatabase));
    store = new PostgresEventStore(database.pool, 10);
  });

  afterAll(async () => {
    await database?.close();
    await testDatabase?.drop();
  });

  it('reads every event in position order and reports the true head', async () => {
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
