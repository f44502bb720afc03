import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
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

/**
 * `migrated: true` starts from a copy of a database on which every migration
 * has already run (a template, made once per set of migrations: see
 * migratedTemplate below), which is what nearly every test wants and costs a
 * file copy or a `CREATE DATABASE … TEMPLATE` instead of a whole migration run.
 * Without it the database is empty, for the tests of migrations and first starts.
 */
export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const { databaseUrl } = loadConfig();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fragespar-test-'));
  if (!databaseUrl) {
    if (options.migrated) fs.cpSync(await embeddedTemplate(), path.join(dataDir, 'pglite'), { recursive: true });
    return {
      kind: 'embedded',
      settings: { dataDir },
      drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `fragespar_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const template = options.migrated ? await serverTemplate(databaseUrl) : undefined;
  await withAdminClient(databaseUrl, (client) => createDatabase(client, name, template));
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

/**
 * The template's name holds a digest of every migration's name and code, so a
 * changed or added migration makes a new template and an old one is never used
 * for newer code. Templates are kept between runs: the next run starts warm.
 */
function migrationsDigest(): string {
  const code = APP_MIGRATIONS.map((migration) => `${migration.name}\n${String(migration.prototype.up)}`).join('\n');
  return createHash('sha256').update(code).digest('hex').slice(0, 16);
}

/** A migrated PGlite folder under the system's temporary folder, made once and then only copied. */
async function embeddedTemplate(): Promise<string> {
  const folder = path.join(os.tmpdir(), `fragespar-template-${migrationsDigest()}`, 'pglite');
  if (fs.existsSync(folder)) return folder;
  const building = fs.mkdtempSync(path.join(os.tmpdir(), 'fragespar-template-building-'));
  const { database, dataSource } = await openMigratedDatabase({ kind: 'embedded', settings: { dataDir: building }, drop: async () => undefined });
  await dataSource.destroy();
  await database.close();
  fs.mkdirSync(path.dirname(folder), { recursive: true });
  try {
    // A rename is atomic: a reader sees no template or a whole one. Another process may have won the race.
    fs.renameSync(path.join(building, 'pglite'), folder);
  } catch (error) {
    if (!fs.existsSync(folder)) throw error;
  }
  fs.rmSync(building, { recursive: true, force: true });
  return folder;
}

/** A migrated database on the server, made once and then used as `CREATE DATABASE`'s template. */
async function serverTemplate(databaseUrl: string): Promise<string> {
  const name = `fragespar_template_${migrationsDigest()}`;
  const exists = await withAdminClient(
    databaseUrl,
    async (client) => (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1,
  );
  if (exists) return name;
  const building = `${name}_${randomUUID().replace(/-/g, '').slice(0, 8)}`;
  await withAdminClient(databaseUrl, (client) => client.query(`CREATE DATABASE ${building}`));
  const url = new URL(databaseUrl);
  url.pathname = `/${building}`;
  const { database, dataSource } = await openMigratedDatabase({
    kind: 'server',
    settings: { databaseUrl: url.toString(), dataDir: os.tmpdir() },
    drop: async () => undefined,
  });
  await dataSource.destroy();
  await database.close();
  await withAdminClient(databaseUrl, async (client) => {
    try {
      await client.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
    } catch (error) {
      // Another process made the same template meanwhile: use that one.
      await client.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
      if ((error as { code?: string }).code !== '42P04') throw error;
    }
  });
  return name;
}

/** CREATE DATABASE, from a template if given; a template another session is reading from just then is waited for. */
async function createDatabase(client: Client, name: string, template: string | undefined): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.query(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
      return;
    } catch (error) {
      // 55006: "source database is being accessed by other users".
      if ((error as { code?: string }).code !== '55006' || attempt === 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
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
    testDatabase = await createTestDatabase({ migrated: true });
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
