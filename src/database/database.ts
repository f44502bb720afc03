import * as fs from 'node:fs';
import * as path from 'node:path';
import { Logger } from '@nestjs/common';
import { Client, ClientBase, Pool } from 'pg';
import { AppConfig } from '../config/app-config';
import { AdvisoryLockSession } from './advisory-lock-session';
import { EmbeddedPool, pgModuleFor } from './embedded-pool';
import { describeConnectionError } from './connection-loss';
import { describeHolder, lockDataDir, thisProcessPurpose } from './data-dir-lock';
import { SqlPool } from './sql-pool';

/**
 * The PostgreSQL database this process uses for events (PostgreSQL adapter) and
 * read models: a real server when DATABASE_URL is set, otherwise an embedded
 * PGlite database stored under DATA_DIR.
 */
export interface Database {
  kind: 'server' | 'embedded';
  pool: SqlPool;
  /**
   * Commits never interleave: the embedded database has one connection,
   * leased to one transaction at a time (embedded-pool.ts), so the order rows
   * were inserted in is the order they committed in. A server's sessions
   * commit concurrently. The PostgreSQL event store is told (its
   * `singleWriter`), and orders its global log by it.
   */
  singleWriter: boolean;
  /**
   * On a server: the one session that holds every projection's and
   * reaction's advisory lock for as long as it owns its checkpoint
   * (advisory-lock-session.ts). A session of its own, so that held locks
   * never take the sessions requests and appends query through (`pool`).
   * None on the embedded database, which one process opens and where no lock
   * is taken.
   */
  locks?: AdvisoryLockSession;
  /** Connection options TypeORM needs to reach the same database. */
  typeorm: { url: string; extra: object } | { driver: unknown };
  /** Where the data lives, for health output (no credentials). */
  location: string;
  close(): Promise<void>;
}

export const DATABASE = Symbol('DATABASE');

export async function openDatabase(config: Pick<AppConfig, 'databaseUrl' | 'dataDir'> & Partial<Pick<AppConfig, 'embeddedSharedBuffers'>>): Promise<Database> {
  if (config.databaseUrl) {
    const sessions = watchedSessions();
    const pool = new Pool({ connectionString: config.databaseUrl, max: 10, ...sessions });
    // The pool repeats an idle client's error here; the client's own listener has logged it.
    pool.on('error', () => undefined);
    // One session for every lock the instance holds; it listens to its own client's 'error' and 'end'.
    const locks = new AdvisoryLockSession(async () => {
      const client = new Client({ connectionString: config.databaseUrl, keepAlive: true, connectionTimeoutMillis: 5_000 });
      client.on('error', () => undefined);
      await client.connect();
      return client;
    });
    return {
      kind: 'server',
      pool,
      singleWriter: false,
      locks,
      // TypeORM's own pool (migrations, the projections' transactions) watches its sessions the same way.
      typeorm: { url: config.databaseUrl, extra: sessions },
      location: redact(config.databaseUrl),
      close: async () => {
        await Promise.all([pool.end(), locks.close()]);
      },
    };
  }
  // Before a file of the database is touched: a second process on the same folder corrupts it (data-dir-lock.ts).
  const lock = lockDataDir(config.dataDir, thisProcessPurpose());
  if (lock.tookOverFrom) new Logger('Database').warn(`took over the lock of ${config.dataDir} left by ${describeHolder(lock.tookOverFrom)}, which is gone`);
  const directory = path.join(config.dataDir, 'pglite');
  let pool: EmbeddedPool;
  try {
    fs.mkdirSync(directory, { recursive: true });
    pool = await EmbeddedPool.open(directory, config.embeddedSharedBuffers);
  } catch (error) {
    lock.release();
    throw error;
  }
  return {
    kind: 'embedded',
    pool,
    singleWriter: true,
    typeorm: { driver: pgModuleFor(pool) },
    location: directory,
    close: async () => {
      try {
        await pool.end();
      } finally {
        lock.release();
      }
    },
  };
}

/**
 * Pool options under which a lost session never ends the process.
 *
 * A session PostgreSQL ends (pg_terminate_backend, a restart, a failover)
 * makes its `pg` client emit 'error', and an 'error' nobody listens to ends
 * the process. A pool listens only while a client is idle, and its holder
 * (TypeORM's query runner, a lock's holder) only from a moment after it got
 * it: a FATAL message read right after the client changes hands is unheard.
 * So every client gets a listener of its own when it connects, for its whole
 * life: the loss is logged, the holder's next query fails (it retries, or the
 * request is answered 503), and the pool drops the client when it comes back
 * (a client that is not queryable is never reused).
 *
 * keepAlive: a session whose server vanished without a word (a failover, a
 * cut network) is noticed instead of waited on forever.
 */
function watchedSessions(): { keepAlive: true; onConnect: (client: ClientBase) => void } {
  const logger = new Logger('Database');
  return {
    keepAlive: true,
    onConnect: (client) => {
      client.on('error', (error) => logger.warn(`a database session was lost (${describeConnectionError(error)}); the pool opens a new one`));
    },
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
