import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { Database, openDatabase } from '../src/database/database';
import { APP_MIGRATIONS, APP_PROJECTIONS } from '../src/app-modules';
import { typeOrmOptions } from '../src/database/typeorm-options';

/** A fresh, migrated database for one benchmark target, dropped afterwards. */
export interface BenchDatabase {
  label: string;
  settings: { databaseUrl?: string; dataDir: string };
  database: Database;
  dataSource: DataSource;
  drop(): Promise<void>;
}

export async function openBenchDatabase(kind: 'server' | 'embedded', serverUrl: string): Promise<BenchDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fragespar-bench-'));
  let settings: BenchDatabase['settings'] = { dataDir };
  let dropServerDatabase = async () => undefined as unknown;
  if (kind === 'server') {
    const name = `bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    await admin(serverUrl, `CREATE DATABASE ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    settings = { databaseUrl: url.toString(), dataDir };
    dropServerDatabase = () => admin(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
  const { database, dataSource } = await openMigrated(settings);
  return {
    label: kind === 'server' ? 'PostgreSQL server' : 'embedded (PGlite)',
    settings,
    database,
    dataSource,
    drop: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await database.close();
      await dropServerDatabase();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Opens a database and runs the migrations, as the app does on start. */
async function openMigrated(settings: BenchDatabase['settings']): Promise<{ database: Database; dataSource: DataSource }> {
  const database = await openDatabase(settings);
  const dataSource = new DataSource(typeOrmOptions(database, APP_MIGRATIONS));
  await dataSource.initialize();
  return { database, dataSource };
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A database a `keep` run left, opened as it is (its migrations have run); never dropped. */
export async function reopenBenchDatabase(databaseUrl: string): Promise<BenchDatabase> {
  const settings = { databaseUrl, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'fragespar-bench-')) };
  const { database, dataSource } = await openMigrated(settings);
  return { label: 'PostgreSQL server (reused)', settings, database, dataSource, drop: async () => undefined };
}

/** Empties every read model and checkpoint, so the next run rebuilds from zero; returns the number of questions in the log. */
export async function forgetReadModels(bench: BenchDatabase): Promise<number> {
  const tables = APP_PROJECTIONS.flatMap((projection) => projection.tables).map((table) => `"${table}"`);
  await bench.dataSource.query(`TRUNCATE ${tables.join(', ')}, projection_checkpoints`);
  return countQuestions(bench);
}

/** The number of questions in the log. */
export async function countQuestions(bench: BenchDatabase): Promise<number> {
  const rows: Array<{ n: string }> = await bench.dataSource.query(
    `SELECT count(DISTINCT stream_id)::text AS n FROM event_store_events WHERE stream_id LIKE 'question-%'`,
  );
  return Number(rows[0].n);
}
