import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/app-config';
import { Database, openDatabase } from '../../src/database/database';
import { APP_MIGRATIONS } from '../../src/app-modules';
import { typeOrmOptions } from '../../src/database/typeorm-options';

/**
 * A database of its own for one test file: a fresh database on the real server
 * when DATABASE_URL is set (the CI's PostgreSQL), otherwise a fresh embedded
 * PGlite directory. Nothing is mocked; `drop()` removes it afterwards.
 */
export interface TestDatabase {
  kind: 'server' | 'embedded';
  /** Configuration to hand to the app or to openDatabase(). */
  settings: { databaseUrl?: string; dataDir: string };
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const { databaseUrl } = loadConfig();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fragespar-test-'));
  if (!databaseUrl) {
    return {
      kind: 'embedded',
      settings: { dataDir },
      drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `fragespar_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  await withAdminClient(databaseUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  return {
    kind: 'server',
    settings: { databaseUrl: url.toString(), dataDir },
    drop: async () => {
      await withAdminClient(databaseUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Opens the test database and runs every migration, as the app does on start. */
export async function openMigratedDatabase(testDatabase: TestDatabase): Promise<{ database: Database; dataSource: DataSource }> {
  const database = await openDatabase(testDatabase.settings);
  const dataSource = new DataSource(typeOrmOptions(database, APP_MIGRATIONS));
  await dataSource.initialize();
  return { database, dataSource };
}

/**
 * One migrated database for the test file (or describe block) that calls it:
 * created before its tests, dropped after them. The returned object is filled
 * in by `beforeAll`, so read it inside tests.
 */
export function migratedDatabaseForTests(): { database: Database; dataSource: DataSource } {
  const opened = {} as { database: Database; dataSource: DataSource };
  let testDatabase: TestDatabase;
  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    Object.assign(opened, await openMigratedDatabase(testDatabase));
  });
  afterAll(async () => {
    await opened.dataSource?.destroy();
    await opened.database?.close();
    await testDatabase?.drop();
  });
  return opened;
}

async function withAdminClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
