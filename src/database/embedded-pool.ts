import { EventEmitter } from 'node:events';
import * as pg from 'pg';
import { PGlite, types } from '@electric-sql/pglite';
import { NamedStatement, SqlClient, SqlPool, SqlResult } from './sql-pool';
import { EncodedJson } from './encoded-json';

/**
 * A `pg.Pool` look-alike over one PGlite instance.
 *
 * PGlite is a single-connection database: two transactions interleaved on it
 * would see each other's statements. So this pool has exactly one connection:
 * `connect()` waits until the previous holder released it, which serialises
 * transactions the way a real server's locks would. It speaks both the promise
 * API (our event store) and the callback API (TypeORM's postgres driver), and
 * returns rows typed as `pg` does (int8 as string), so the same SQL and the same
 * TypeORM entities run on the embedded database and on a real server.
 *
 * Why not the `typeorm-pglite` package: it hands every caller the same
 * connection without any lease, so concurrent TypeORM transactions interleave.
 */
export class EmbeddedPool extends EventEmitter implements SqlPool {
  private tail: Promise<void> = Promise.resolve();
  private ended = false;

  constructor(readonly db: PGlite) {
    super();
  }

  static async open(dataDir: string | undefined): Promise<EmbeddedPool> {
    const db = await PGlite.create(dataDir, {
      // Match node-postgres: 64-bit integers come back as strings, never as lossy numbers.
      parsers: { [types.INT8]: (value: string) => value },
    });
    return new EmbeddedPool(db);
  }

  /** Waits for the single connection; the returned function gives it back. */
  private lease(): Promise<() => void> {
    if (this.ended) return Promise.reject(new Error('Embedded database pool has been closed'));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const acquired = this.tail.then(() => release);
    this.tail = this.tail.then(() => released);
    return acquired;
  }

  private async run<Row>(text: string, params?: unknown[]): Promise<SqlResult<Row> & { command: string }> {
    const command = /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? '';
    if (params && params.length > 0) {
      const result = await this.db.query<Row>(text, params.map(toPgliteParam));
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length, command };
    }
    // No parameters: may be several statements (e.g. a migration); like pg, report the last one.
    const results = await this.db.exec(text);
    const last = results[results.length - 1];
    const rows = (last?.rows ?? []) as Row[];
    return { rows, rowCount: last?.affectedRows ?? rows.length, command };
  }

  connect(): Promise<SqlClient>;
  connect(callback: (error: Error | null, client?: SqlClient, done?: (error?: unknown) => void) => void): void;
  connect(
    callback?: (error: Error | null, client?: SqlClient, done?: (error?: unknown) => void) => void,
  ): Promise<SqlClient> | void {
    const leased = this.lease().then((giveBack) => new EmbeddedClient(this, giveBack));
    if (!callback) return leased;
    leased.then(
      (client) => callback(null, client, () => client.release()),
      (error: Error) => callback(error),
    );
  }

  query<Row = Record<string, unknown>>(
    statement: string | NamedStatement,
    params?: unknown[] | ((...args: unknown[]) => void),
  ): Promise<SqlResult<Row>> {
    // PGlite has one session and caches nothing by name: a named statement runs as plain text.
    const text = typeof statement === 'string' ? statement : statement.text;
    const parameters = typeof statement === 'string' ? (Array.isArray(params) ? params : undefined) : statement.values;
    return this.lease().then(async (giveBack) => {
      try {
        return await this.run<Row>(text, parameters);
      } finally {
        giveBack();
      }
    });
  }

  /** Used by the client that holds the lease. */
  runLeased<Row>(text: string, params?: unknown[]): Promise<SqlResult<Row> & { command: string }> {
    return this.run<Row>(text, params);
  }

  async end(callback?: (error?: Error) => void): Promise<void> {
    if (this.ended) return callback?.();
    const settled = this.lease();
    this.ended = true;
    await settled;
    await this.db.close();
    callback?.();
  }

  get totalCount(): number {
    return 1;
  }

  get idleCount(): number {
    return 0;
  }

  get waitingCount(): number {
    return 0;
  }
}

class EmbeddedClient extends EventEmitter implements SqlClient {
  private released = false;

  constructor(
    private readonly pool: EmbeddedPool,
    private readonly giveBack: () => void,
  ) {
    super();
  }

  query<Row = Record<string, unknown>>(text: string | { text: string; values?: unknown[] }, params?: unknown[]): Promise<SqlResult<Row>> {
    if (this.released) return Promise.reject(new Error('Embedded database client used after release'));
    if (typeof text === 'object') return this.pool.runLeased<Row>(text.text, text.values);
    return this.pool.runLeased<Row>(text, params);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.giveBack();
  }
}

/** Serialise parameters the way node-postgres does (objects as JSON, dates as ISO). */
function toPgliteParam(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof EncodedJson) return value.text;
  if (Buffer.isBuffer(value)) return value;
  if (Array.isArray(value)) return value;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return value;
}

/**
 * A stand-in for the `pg` module that TypeORM's postgres driver loads: every
 * `new Pool()` returns the one embedded pool, so TypeORM and the event store
 * share the single PGlite connection and its lease.
 */
export function pgModuleFor(pool: EmbeddedPool): unknown {
  return {
    ...pg,
    Pool: function EmbeddedPoolFactory() {
      return pool;
    },
  };
}
