import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { verifyStream } from '../../src/audit/chain-verification';
import { Database, openDatabase } from '../../src/database/database';
import { APP_MIGRATIONS } from '../../src/app-modules';
import { typeOrmOptions } from '../../src/database/typeorm-options';
import { GENESIS_HASH } from '../../src/event-store/event-chain';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { EventStoreHashChain1764000000700 } from '../../src/event-store/postgres/event-store-hash-chain.migration';
import { testEvent, testMetadata } from '../support/events';
import { TestDatabase, createTestDatabase } from '../support/test-database';

// Each test reads the whole log or runs several commands; the embedded database on a busy machine is slow.
jest.setTimeout(30_000);

/**
 * Events stored before the hash chain existed get their links when the
 * migration runs, and appends after it continue each stream's chain.
 */
describe('the hash-chain migration on a store that already holds events', () => {
  let testDatabase: TestDatabase;
  let database: Database;
  let dataSource: DataSource;

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    database = await openDatabase(testDatabase.settings);
    // The schema as it was before the hash chain: every migration up to it.
    dataSource = new DataSource(
      typeOrmOptions(
        database,
        APP_MIGRATIONS.filter((m) => m !== EventStoreHashChain1764000000700),
      ),
    );
    await dataSource.initialize();
    for (const [streamId, count] of [
      ['legacy-a', 3],
      ['legacy-b', 2],
    ] as const) {
      for (let revision = 0; revision < count; revision++) {
        await database.pool.query(
          `INSERT INTO event_store_events (event_id, stream_id, revision, type, schema_version, data, metadata) VALUES ($1, $2, $3, 'LegacyHappened', 1, $4, $5)`,
          [randomUUID(), streamId, revision, { n: revision, text: 'före kedjan' }, testMetadata()],
        );
      }
    }
    const runner = dataSource.createQueryRunner();
    await runner.startTransaction();
    await new EventStoreHashChain1764000000700().up(runner);
    await runner.commitTransaction();
    await runner.release();
  }, 120_000);
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.close();
    await testDatabase?.drop();
  });

  it('links the events already stored, stream by stream, and later appends continue the chain', async () => {
    const store = new PostgresEventStore(database.pool, { singleWriter: database.singleWriter });
    const a = await store.readStream('legacy-a');
    expect(a[0].previousHash).toBe(GENESIS_HASH);
    expect(verifyStream(a)).toBeNull();
    expect(verifyStream(await store.readStream('legacy-b'))).toBeNull();

    await store.appendToStream('legacy-a', [testEvent(), testEvent()], 2);
    const extended = await store.readStream('legacy-a');
    expect(extended[3].previousHash).toBe(a[2].hash);
    expect(verifyStream(extended)).toBeNull();
  });

  it('leaves the table append-only', async () => {
    await expect(database.pool.query(`UPDATE event_store_events SET type = 'x' WHERE stream_id = 'legacy-b'`)).rejects.toThrow('append-only');
  });
});
