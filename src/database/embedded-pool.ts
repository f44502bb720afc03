import { execFileSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as pg from 'pg';
import { PGlite, parse, protocol, types } from '@electric-sql/pglite';
import { NamedStatement, SqlClient, SqlPool, SqlResult } from './sql-pool';
import { EncodedJson } from './encoded-json';
import { isBackgroundWork } from './background-work';

/** Statements of background work kept prepared under names of their own (`preparedNameOf`), at most; the least recently used is closed. */
const BACKGROUND_PREPARED_AT_MOST = 128;

/** How long background work lets requests use the connection before it, at most. */
const BACKGROUND_YIELDS_AT_MOST_MS = 50;

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
  private leased = false;
  /** Callers waiting for the connection, in the order they asked. */
  private readonly waiting: Array<{ grant: () => void; background: boolean; since: number }> = [];
  private ended = false;

  constructor(readonly db: PGlite) {
    super();
  }

  /**
   * Opens (creating if need be) the database in `dataDir`, with `sharedBuffers`
   * of PostgreSQL buffer cache (e.g. `32MB`; PGlite's default is 128MB, all of
   * it resident from the start).
   */
  static async open(dataDir: string | undefined, sharedBuffers?: string): Promise<EmbeddedPool> {
    if (dataDir && !fs.existsSync(path.join(dataDir, 'PG_VERSION'))) initialiseInChildProcess(dataDir);
    const db = await PGlite.create(dataDir, {
      // Match node-postgres: 64-bit integers come back as strings, never as lossy numbers.
      parsers: { [types.INT8]: (value: string) => value },
      startParams: sharedBuffers ? [...PGlite.defaultStartParams, '-c', `shared_buffers=${sharedBuffers}`] : undefined,
    });
    return new EmbeddedPool(db);
  }

  /**
   * Waits for the single connection; the returned function gives it back.
   * Callers are served in the order they asked, except that background work
   * (`inBackground`: the projection runners) lets waiting requests go first,
   * for at most BACKGROUND_YIELDS_AT_MOST_MS. While commands keep the
   * connection busy, the runners' batches then gather the events of several
   * commands, each batch a few statements whatever its length, instead of a
   * batch per command; with nothing waiting, nothing changes.
   */
  private lease(): Promise<() => void> {
    if (this.ended) return Promise.reject(new Error('Embedded database pool has been closed'));
    return new Promise((resolve) => {
      const grant = () => {
        this.leased = true;
        let given = false;
        resolve(() => {
          if (given) return;
          given = true;
          this.leased = false;
          this.grantNext();
        });
      };
      if (!this.leased && this.waiting.length === 0) grant();
      else this.waiting.push({ grant, background: isBackgroundWork(), since: Date.now() });
    });
  }

  private grantNext(): void {
    if (this.leased || this.waiting.length === 0) return;
    const first = this.waiting[0];
    const request = first.background && Date.now() - first.since < BACKGROUND_YIELDS_AT_MOST_MS ? this.waiting.findIndex((waiter) => !waiter.background) : 0;
    const [next] = this.waiting.splice(request === -1 ? 0 : request, 1);
    next.grant();
  }

  /**
   * Named statements parsed in this session, with their parameters' types and
   * the description of their rows: PostgreSQL keeps each one's plan, as a
   * server does for `pg`.
   */
  private readonly statements = new Map<string, PreparedStatement>();

  /** Background statements' texts and the names they are prepared under, least recently used first. */
  private readonly backgroundNames = new Map<string, string>();
  private backgroundPrepared = 0;
  /** Names evicted from `backgroundNames`, closed before the next statement is prepared. */
  private toClose: string[] = [];

  /**
   * The name a background statement (a projection runner's batch, checkpoint
   * or log read) is prepared under. The runners send the same few texts again
   * and again through TypeORM, which names none; unnamed, PGlite parses,
   * describes and plans each anew in six exchanges with the WebAssembly
   * module. Requests' statements stay unnamed, planned for their values, as
   * `pg` sends them to a server.
   */
  private preparedNameOf(text: string): string {
    let name = this.backgroundNames.get(text);
    if (name) this.backgroundNames.delete(text);
    else name = `fragespar_background_${++this.backgroundPrepared}`;
    this.backgroundNames.set(text, name);
    if (this.backgroundNames.size > BACKGROUND_PREPARED_AT_MOST) {
      const [oldest, oldestName] = this.backgroundNames.entries().next().value!;
      this.backgroundNames.delete(oldest);
      this.statements.delete(oldestName);
      this.toClose.push(oldestName);
    }
    return name;
  }

  private async run<Row>(text: string, params?: unknown[]): Promise<SqlResult<Row> & { command: string }> {
    const command = commandOf(text);
    if (params && params.length > 0 && isBackgroundWork()) return this.runNamed<Row>({ name: this.preparedNameOf(text), text, values: params });
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

  /**
   * A named statement as `pg` runs it on a server: parsed and described once
   * per session, then each call is one bind-and-execute. PGlite's own
   * `query()` parses, describes and plans the text anew on every call, in six
   * exchanges with the WebAssembly module, which for a short statement such as
   * the event store's append costs as much as running it.
   *
   * The rows are read with the description taken when the statement was
   * prepared, not described again on every call: results come as text, as
   * that description says, and a statement's columns cannot change while it
   * stays prepared (PostgreSQL refuses to run it if its result type would).
   * Described again on every call, a short statement such as the append
   * paid for it in time (docs/performance.md, "Append").
   */
  private async runNamed<Row>(statement: NamedStatement): Promise<SqlResult<Row> & { command: string }> {
    let prepared = this.statements.get(statement.name);
    if (prepared && prepared.text !== statement.text) {
      throw new Error(`Prepared statements must be unique: "${statement.name}" was already prepared with other text`);
    }
    if (!prepared) {
      const closing = this.toClose.splice(0).map((name) => protocol.serialize.close({ type: 'S', name }));
      const described = await this.db.execProtocol(
        concat([
          ...closing,
          protocol.serialize.parse({ name: statement.name, text: statement.text }),
          protocol.serialize.describe({ type: 'S', name: statement.name }),
          protocol.serialize.sync(),
        ]),
        { syncToFs: false },
      );
      prepared = {
        text: statement.text,
        types: parse.parseDescribeStatementResults(described.messages),
        rowDescription: described.messages.find((message) => message.name === 'rowDescription'),
      };
      this.statements.set(statement.name, prepared);
    }
    const { types: parameterTypes, rowDescription } = prepared;
    const values = statement.values.map((value, index) => {
      const param = toPgliteParam(value);
      if (param === null) return null;
      const serialize = this.db.serializers[parameterTypes[index]];
      return serialize ? serialize(param) : String(param);
    });
    const { messages } = await this.db.execProtocol(
      concat([protocol.serialize.bind({ statement: statement.name, values }), protocol.serialize.execute({}), protocol.serialize.sync()]),
      { syncToFs: false },
    );
    // As PGlite's query() does: written through to the data folder once no transaction is open.
    if (!this.db.isInTransaction()) await this.db.syncToFs();
    const [result] = parse.parseResults(rowDescription ? [rowDescription, ...messages] : messages, this.db.parsers);
    const rows = (result?.rows ?? []) as Row[];
    return { rows, rowCount: result?.affectedRows ?? rows.length, command: commandOf(statement.text) };
  }

  connect(): Promise<SqlClient>;
  connect(callback: (error: Error | null, client?: SqlClient, done?: (error?: unknown) => void) => void): void;
  connect(callback?: (error: Error | null, client?: SqlClient, done?: (error?: unknown) => void) => void): Promise<SqlClient> | void {
    const leased = this.lease().then((giveBack) => new EmbeddedClient(this, giveBack));
    if (!callback) return leased;
    leased.then(
      (client) => callback(null, client, () => client.release()),
      (error: Error) => callback(error),
    );
  }

  query<Row = Record<string, unknown>>(statement: string | NamedStatement, params?: unknown[] | ((...args: unknown[]) => void)): Promise<SqlResult<Row>> {
    return this.lease().then(async (giveBack) => {
      try {
        return await this.runLeased<Row>(statement, Array.isArray(params) ? params : undefined);
      } finally {
        giveBack();
      }
    });
  }

  /** Used by the client that holds the lease. */
  runLeased<Row>(statement: string | NamedStatement | { text: string; values?: unknown[] }, params?: unknown[]): Promise<SqlResult<Row> & { command: string }> {
    if (typeof statement === 'string') return this.run<Row>(statement, params);
    if ('name' in statement && statement.name) return this.runNamed<Row>(statement as NamedStatement);
    return this.run<Row>(statement.text, statement.values);
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

/** A statement prepared on the connection: its text, its parameters' types, and its rows' description (none for a statement without rows). */
interface PreparedStatement {
  text: string;
  types: number[];
  rowDescription: BackendMessage | undefined;
}

type BackendMessage = Awaited<ReturnType<PGlite['execProtocol']>>['messages'][number];

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
    return this.pool.runLeased<Row>(text, params);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.giveBack();
  }
}

/** The statement's first keyword (INSERT, SELECT, …), as `pg` reports a result's command. */
function commandOf(text: string): string {
  return /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? '';
}

function concat(messages: Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(messages.reduce((length, message) => length + message.length, 0));
  let at = 0;
  for (const message of messages) {
    bytes.set(message, at);
    at += message.length;
  }
  return bytes;
}

/** A parameter that encodes itself to bytes for pg (`toPostgres`), as EncodedJson does. */
function isEncoded(value: unknown): value is { toPostgres(): Buffer } {
  return value instanceof EncodedJson || (value !== null && typeof value === 'object' && typeof (value as { toPostgres?: unknown }).toPostgres === 'function');
}

/** Serialise parameters the way node-postgres does (objects as JSON, dates as ISO). */
function toPgliteParam(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  // EncodedJson, and any other parameter encoded ahead (src/projections/encoded-rows.ts): its UTF-8 bytes as text.
  if (isEncoded(value)) return value.toPostgres().toString('utf8');
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

/**
 * Creates a new database folder (PostgreSQL's initdb) in a short-lived process of
 * its own. In this process PGlite runs initdb in a second WebAssembly instance
 * whose memory stays resident after it closes, so a first start would hold
 * about twice the memory of every later one (docs/performance.md, "Design choices for speed").
 */
function initialiseInChildProcess(dataDir: string): void {
  const pglite = require.resolve('@electric-sql/pglite');
  execFileSync(process.execPath, ['-e', `require(${JSON.stringify(pglite)}).PGlite.create(process.argv[1]).then((db) => db.close())`, dataDir], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
