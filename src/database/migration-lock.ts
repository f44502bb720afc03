import { Client } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';
import type { SqlPool } from './sql-pool';

/** The advisory lock key every instance takes around its migrations (a fixed 64-bit number, "fragespa" in ASCII). */
export const MIGRATION_LOCK_KEY = '7382069835925254241';

/**
 * Opens TypeORM's data source (which runs the pending migrations) while holding
 * a session-level advisory lock on a server: instances started at once on an
 * empty database take turns, and the second finds the migrations done instead
 * of creating the same tables again. The embedded database is opened by one
 * process only (its options carry a driver, not a URL), so no lock is needed.
 */
export async function initialiseUnderMigrationLock(options: DataSourceOptions): Promise<DataSource> {
  const url = (options as { url?: string }).url;
  if (!url) return new DataSource(options).initialize();
  const lock = new Client({ connectionString: url });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
    return await new DataSource(options).initialize();
  } finally {
    // Ending the session releases its lock, also when the migrations failed.
    await lock.end();
  }
}

/**
 * Runs `work` holding the same advisory lock as the migrations, on a session
 * of the query pool for as long as it runs (not the lock session, whose
 * statements never wait: this one waits its turn): a start-up step that
 * appends to the log (the structure file's first load, docs/structure.md)
 * runs once across instances started together, the second finding it done.
 * On the embedded database (one process) it just runs.
 */
export async function underMigrationLock<T>(database: { kind: 'server' | 'embedded'; pool: SqlPool }, work: () => Promise<T>): Promise<T> {
  if (database.kind !== 'server') return work();
  const session = await database.pool.connect();
  try {
    await session.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
    try {
      return await work();
    } finally {
      await session.query('SELECT pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    session.release();
  }
}
