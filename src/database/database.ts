import * as fs from 'node:fs';
import * as path from 'node:path';
import { Pool } from 'pg';
import { AppConfig } from '../config/app-config';
import { EmbeddedPool, pgModuleFor } from './embedded-pool';
import { SqlPool } from './sql-pool';

/**
 * The PostgreSQL database this process uses for events (PostgreSQL adapter) and
 * read models: a real server when DATABASE_URL is set, otherwise an embedded
 * PGlite database stored under DATA_DIR.
 */
export interface Database {
  kind: 'server' | 'embedded';
  pool: SqlPool;
  /** Connection options TypeORM needs to reach the same database. */
  typeorm: { url: string } | { driver: unknown };
  /** Where the data lives, for health output (no credentials). */
  location: string;
  close(): Promise<void>;
}

export const DATABASE = Symbol('DATABASE');

export async function openDatabase(config: Pick<AppConfig, 'databaseUrl' | 'dataDir'> & Partial<Pick<AppConfig, 'embeddedSharedBuffers'>>): Promise<Database> {
  if (config.databaseUrl) {
    const pool = new Pool({ connectionString: config.databaseUrl, max: 10 });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    pool.on('error', () => undefined);
    return {
      kind: 'server',
      pool,
      typeorm: { url: config.databaseUrl },
      location: redact(config.databaseUrl),
      close: () => pool.end(),
    };
  }
  const directory = path.join(config.dataDir, 'pglite');
  fs.mkdirSync(directory, { recursive: true });
  const pool = await EmbeddedPool.open(directory, config.embeddedSharedBuffers);
  return {
    kind: 'embedded',
    pool,
    typeorm: { driver: pgModuleFor(pool) },
    location: directory,
    close: () => pool.end(),
  };
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres (unparseable URL)';
  }
}
