import { Database } from '../../src/database/database';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { TestDatabase, createTestDatabase, openMigratedDatabase } from '../support/test-database';
import { describeEventStoreConformance } from './event-store.conformance';

/** The shared conformance suite on the PostgreSQL adapter (real server or embedded, per DATABASE_URL). */
let testDatabase: TestDatabase;
let database: Database;

beforeAll(async () => {
  testDatabase = await createTestDatabase({ migrated: true });
  ({ database } = await openMigratedDatabase(testDatabase));
});

afterAll(async () => {
  await database?.close();
  await testDatabase?.drop();
});

describeEventStoreConformance(
  'postgres',
  async () => new PostgresEventStore(database.pool, { singleWriter: database.singleWriter }),
  (store) => store.close(),
);
