import { Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Backoff, describeConnectionError, isConnectionLoss } from '../database/connection-loss';
import { SqlClient, SqlPool } from '../database/sql-pool';
import { EventStore, GlobalPosition, ReadStreamOptions, RecordedEvent, comparePositions } from '../event-store/event-store.port';
import { REBUILD_SUFFIX, START, checkpoints } from './checkpoint-store';
import { Projection, ProjectionContext } from './projection';
import { ProjectionCache } from './projection-cache';
import { LogReader, directLogReader } from './shared-log-reader';
import { StreamStates } from './stream-states';
import { SHADOW_SUFFIX, createShadowTables, quoted, swapInShadowTables } from './shadow-tables';

export interface RunnerOptions {
  batchSize: number;
  /** Idle wait between polls when caught up; an in-process append wakes the runner earlier. */
  idlePollMs: number;
  /** Wait before retrying after a failure. */
  retryDelayMs: number;
  /** Exclusive ownership across instances through a session advisory lock (real server only). */
  lockPool?: SqlPool;
  lockRetryMs: number;
  /** Vacuum and analyse the tables once caught up on a backlog of this many events (default ANALYZE_AFTER_EVENTS). */
  analyzeAfterEvents?: number;
  /** Folded stream states shared with the other runners of the process (default: this runner's own). */
  states?: StreamStates;
  /** Where batches of the log come from (default: the store directly); runners of one process share a SharedLogReader. */
  logReader?: LogReader;
  /** Test seam: runs inside the transaction after the batch is applied, before the checkpoint commits (so a batch always gets a transaction). */
  beforeCommit?: (projection: string, events: RecordedEvent[], manager: EntityManager) => Promise<void>;
}

export interface RunnerStatus {
  name: string;
  owner: boolean;
  /** The server process (backend pid) of the session holding the lock, when this runner holds it. */
  lockSessionPid: number | null;
  running: boolean;
  failure: { eventId: string; error: string } | null;
  rebuilding: boolean;
}

/**
 * After catching up on a backlog of this many events, the runner vacuums and analyses the
 * projection's tables: a read model built in bulk (first start, a long outage,
 * a rebuild) otherwise has no planner statistics and no visibility map until
 * autovacuum gets to it, so its queries choose plans for empty tables and its
 * index-only scans visit the heap (measured right after a 1M-event rebuild:
 * /log 274 ms instead of 9 ms).
 */
const ANALYZE_AFTER_EVENTS = 10_000;

/** How long the runner trusts the live position it committed itself before reading the stored checkpoint again. */
const CHECKPOINT_RECHECK_MS = 1_000;

/** The longest run of batches with nothing a projection handles that is passed with one checkpoint advance. */
const PASS_AT_MOST_MS = 1_000;

/** The checkpoint after `eventsApplied` events ending with `last`. */
function advanceTo(last: RecordedEvent, eventsApplied: number) {
  return { position: last.position, eventsApplied, lastEventId: last.id, lastRecordedAt: last.recordedAt };
}

/** Thrown when the checkpoint moved under us: another runner owns this projection now. */
class CheckpointMoved extends Error {}

/** The longest wait between attempts while the database cannot be reached. */
const RECONNECT_AT_MOST_MS = 5_000;

/** The session holding the projection's advisory lock: the lock lives exactly as long as it. */
interface LockSession {
  client: SqlClient & {
    processID?: number;
    on?(event: 'error', listener: (error: Error) => void): unknown;
    removeListener?(event: 'error', listener: (error: Error) => void): unknown;
  };
  onLost: (error: Error) => void;
  released?: boolean;
}

/** Gives the lock's session back to the pool once (with an error: the pool closes it instead of reusing it). */
function releaseSession(session: LockSession, error?: Error): void {
  if (session.released) return;
  session.released = true;
  session.client.removeListener?.('error', session.onLost);
  session.client.release(error);
}

/** The batch after `after`, read and prepared while the batch before it is being written. */
interface Lookahead {
  after: GlobalPosition;
  next: Promise<{ events: RecordedEvent[]; prepared?: { value: unknown } }>;
}

/**
 * Runs one projection: reads the global log after its checkpoint in batches and
 * applies each batch and the new checkpoint in one transaction — so a crash at
 * any point neither loses nor double-applies an event. A failing event stops the
 * projection at that event (recorded with its id and error) and is retried; it is
 * never skipped. A requested rebuild is built in shadow tables, interleaved with
 * live batches so the live model stays fresh, and swapped in once it has caught up.
 */
export class ProjectionRunner {
  private readonly logger: Logger;
  private stopped = true;
  private loop: Promise<void> = Promise.resolve();
  private wake: (() => void) | undefined;
  private woken = false;
  private lock: LockSession | undefined;
  /** Waits between attempts while sessions keep being lost. */
  private readonly reconnect: Backoff;
  private failure: RunnerStatus['failure'] = null;
  private rebuilding = false;
  private readonly advanceListeners = new Set<() => void>();
  /** Per checkpoint (live, and the rebuild's shadow): what the projection keeps between batches. */
  private readonly caches = new Map<string, ProjectionCache>();
  /** Per checkpoint: the next batch, prepared during a backlog while the current one is written. */
  private readonly lookaheads = new Map<string, Lookahead>();
  /** Per checkpoint: events applied in the current uninterrupted backlog (full batches one after another). */
  private readonly backlog = new Map<string, number>();
  private readonly logReader: LogReader;
  private readonly states: StreamStates;
  /** The live checkpoint's position as last loaded or committed by this runner (never ahead of what is committed). */
  private committed: GlobalPosition | undefined;
  /** When the stored live checkpoint was last read (0: read it at the next step). */
  private checkpointReadAt = 0;

  constructor(
    readonly projection: Projection,
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly options: RunnerOptions,
  ) {
    this.logger = new Logger(`Projection ${projection.name}`);
    this.logReader = options.logReader ?? directLogReader(store);
    this.states = options.states ?? new StreamStates();
    this.reconnect = new Backoff(Math.min(100, options.retryDelayMs), Math.max(options.retryDelayMs, RECONNECT_AT_MOST_MS));
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.notify();
    await this.loop;
    await this.releaseLock();
  }

  /** Wakes the runner: new events may be there. */
  notify(): void {
    if (this.wake) this.wake();
    else this.woken = true;
  }

  /**
   * The live read model's position as this runner knows it, if it owns the
   * projection: what it last committed or loaded. Read-your-writes waits on it
   * without a database round trip; undefined means ask the stored checkpoint.
   */
  knownPosition(): GlobalPosition | undefined {
    if (this.stopped || (this.options.lockPool && !this.lock)) return undefined;
    return this.committed;
  }

  onAdvance(listener: () => void): () => void {
    this.advanceListeners.add(listener);
    return () => this.advanceListeners.delete(listener);
  }

  status(): RunnerStatus {
    return {
      name: this.projection.name,
      owner: !this.options.lockPool || this.lock !== undefined,
      lockSessionPid: this.lock?.client.processID ?? null,
      running: !this.stopped,
      failure: this.failure,
      rebuilding: this.rebuilding,
    };
  }

  private async run(): Promise<void> {
    let ensured = false;
    while (!this.stopped) {
      try {
        if (!ensured) {
          await checkpoints.ensure(this.dataSource.manager, this.projection.name);
          ensured = true;
        }
        if (!(await this.holdLock())) {
          await this.sleep(this.options.lockRetryMs);
          continue;
        }
        const progressed = await this.step();
        this.reconnect.reset();
        if (!progressed) await this.sleep(this.options.idlePollMs);
      } catch (error) {
        // Whatever went wrong, the next step starts from the stored checkpoint.
        this.checkpointReadAt = 0;
        if (isConnectionLoss(error)) {
          // The session went, not the event: nothing is recorded as failed, the step is tried again on a new session.
          const delay = this.reconnect.next();
          this.logger.warn(`lost its database session (${describeConnectionError(error)}); trying again in ${delay} ms`);
          await this.sleep(delay);
          continue;
        }
        if (!(error instanceof CheckpointMoved)) {
          this.logger.error(`stopped: ${(error as Error).message}; retrying in ${this.options.retryDelayMs} ms`);
        }
        await this.sleep(this.options.retryDelayMs);
      }
    }
    // Nothing may still use the store or the cache after stop() returns.
    for (const name of [...this.lookaheads.keys()]) await this.dropLookahead(name);
  }

  /** One round: a live batch, and a rebuild batch if a rebuild is under way. True if anything was applied. */
  private async step(): Promise<boolean> {
    const position = await this.livePosition();
    const live = await this.applyNextBatch(this.projection.name, position, (table) => quoted(table));
    if (!this.rebuilding) return live.count > 0;

    const shadowName = this.projection.name + REBUILD_SUFFIX;
    const shadow = await checkpoints.load(this.dataSource.manager, shadowName);
    if (!shadow) throw new Error(`checkpoint row ${shadowName} is missing`);
    const rebuilt = await this.applyNextBatch(shadowName, shadow.position, (table) => quoted(table + SHADOW_SUFFIX));
    if (live.count === 0 && !rebuilt.full) await this.finishRebuildIfCaughtUp(this.projection.name);
    return live.count > 0 || rebuilt.count > 0;
  }

  /**
   * Where the live read model stands. The stored row is read at most every
   * CHECKPOINT_RECHECK_MS (and always while rebuilding): between reads the runner
   * knows what it committed itself, which saves a round trip per batch (the
   * batch's transaction still checks the row, so a moved checkpoint is never
   * missed). The reads also notice rebuild requests made by other processes.
   */
  private async livePosition(): Promise<GlobalPosition> {
    if (this.committed && !this.rebuilding && Date.now() - this.checkpointReadAt < CHECKPOINT_RECHECK_MS) return this.committed;
    const live = await checkpoints.load(this.dataSource.manager, this.projection.name);
    if (!live) throw new Error(`checkpoint row ${this.projection.name} is missing`);
    this.checkpointReadAt = Date.now();
    this.committed = live.position;
    if (live.rebuildRequestedAt && !this.rebuilding) await this.beginRebuild();
    return live.position;
  }

  /** Reads the stored checkpoint at the next step (a rebuild was requested in this process). */
  recheckCheckpoint(): void {
    this.checkpointReadAt = 0;
    this.notify();
  }

  /** The events passed (applied, or only advanced over), and whether the last batch read was full: short means caught up. */
  private async applyNextBatch(checkpointName: string, after: GlobalPosition, table: (name: string) => string): Promise<{ count: number; full: boolean }> {
    const ahead = await this.takeLookahead(checkpointName, after);
    const events = ahead?.events ?? (await this.readBatch(checkpointName, after));
    if (events.length === 0) return { count: 0, full: false };
    let passed: { last: RecordedEvent; count: number; full: boolean };
    if (this.handlesNoneOf(events)) {
      passed = await this.passUnhandled(checkpointName, after, events);
    } else {
      try {
        await this.applyInTransaction(checkpointName, after, events, table, ahead?.prepared);
      } catch (error) {
        if (error instanceof CheckpointMoved || isConnectionLoss(error)) throw error;
        // Find the event that fails, applying the ones before it, so the stop is exactly there.
        await this.applyOneByOne(checkpointName, after, events, table);
      }
      passed = { last: events[events.length - 1], count: events.length, full: events.length === this.options.batchSize };
    }
    if (checkpointName === this.projection.name) {
      this.committed = passed.last.position;
      this.failure = null;
      for (const listener of this.advanceListeners) listener();
      // Counts one uninterrupted backlog: a partial batch means caught up, and ends it.
      const backlog = (this.backlog.get(checkpointName) ?? 0) + passed.count;
      this.backlog.set(checkpointName, passed.full ? backlog : 0);
      if (!passed.full && backlog >= (this.options.analyzeAfterEvents ?? ANALYZE_AFTER_EVENTS))
        await this.vacuum(this.projection.tables.map(table), 'VACUUM (ANALYZE)');
    }
    return passed;
  }

  private readBatch(checkpointName: string, after: GlobalPosition): Promise<RecordedEvent[]> {
    return this.logReader.readBatch(comparePositions(after, START) === 0 ? undefined : after, this.options.batchSize, checkpointName);
  }

  /**
   * A batch with nothing this projection handles, and the full batches after it
   * that hold nothing for it either, passed with one checkpoint advance. During
   * a backlog of other slices' events a projection otherwise commits once per
   * batch for nothing: in a rebuild of 1M question events the two projections
   * that handle none of them made ~1,000 commits, each a WAL flush that the
   * question-views statement writing beside them waited on
   * (docs/performance.md). At most PASS_AT_MOST_MS is passed in one advance, so
   * the stored checkpoint (and the lag shown) is never further behind; at the
   * head of the log, batches are short and each is advanced at once.
   */
  private async passUnhandled(checkpointName: string, after: GlobalPosition, events: RecordedEvent[]) {
    let last = events[events.length - 1];
    let count = events.length;
    let full = events.length === this.options.batchSize;
    const started = Date.now();
    while (full && Date.now() - started < PASS_AT_MOST_MS) {
      // A batch this projection handles is read again in the next step (the shared reader still holds it).
      const next = await this.readBatch(checkpointName, last.position);
      if (next.length === 0 || !this.handlesNoneOf(next)) break;
      last = next[next.length - 1];
      count += next.length;
      full = next.length === this.options.batchSize;
    }
    if (!(await checkpoints.advanceFrom(this.dataSource.manager, checkpointName, after, advanceTo(last, count)))) throw new CheckpointMoved();
    return { last, count, full };
  }

  private async applyOneByOne(checkpointName: string, after: GlobalPosition, events: RecordedEvent[], table: (name: string) => string) {
    let position = after;
    for (const event of events) {
      try {
        await this.applyInTransaction(checkpointName, position, [event], table);
        position = event.position;
      } catch (error) {
        if (error instanceof CheckpointMoved || isConnectionLoss(error)) throw error;
        const message = (error as Error).message ?? String(error);
        await checkpoints.markFailed(this.dataSource.manager, checkpointName, event.id, message);
        this.failure = { eventId: event.id, error: message };
        if (position !== after) for (const listener of this.advanceListeners) listener();
        throw new Error(`event ${event.id} (${event.type}, stream ${event.streamId}) failed: ${message}`, { cause: error });
      }
    }
  }

  private cacheFor(checkpointName: string): ProjectionCache {
    let cache = this.caches.get(checkpointName);
    if (!cache) this.caches.set(checkpointName, (cache = new ProjectionCache()));
    return cache;
  }

  private async applyInTransaction(
    checkpointName: string,
    after: GlobalPosition,
    events: RecordedEvent[],
    table: (name: string) => string,
    prepared?: { value: unknown },
  ) {
    const cache = this.cacheFor(checkpointName);
    try {
      await this.applyAndAdvance(checkpointName, after, events, table, cache, prepared);
    } catch (error) {
      // The next batch was prepared as if this one committed; the cache may hold what the rolled-back transaction applied.
      await this.dropLookahead(checkpointName);
      cache.clear();
      throw error;
    }
  }

  /**
   * Pipelining during a backlog: while a full batch's transaction is written,
   * the next batch is read and prepared (for question-views: folded and turned
   * into rows, Node's half of the work), so Node and the database work at the
   * same time instead of taking turns. Only projections with `prepare` gain;
   * the shared reader already reads ahead for the others.
   */
  private startLookahead(checkpointName: string, after: GlobalPosition, cache: ProjectionCache): void {
    const prepare = this.projection.prepare?.bind(this.projection);
    if (!prepare) return;
    const next = (async () => {
      const events = await this.logReader.readBatch(after, this.options.batchSize, checkpointName);
      if (events.length === 0 || this.handlesNoneOf(events)) return { events };
      return { events, prepared: { value: await prepare(events, this.prepareContext(cache)) } };
    })();
    // Not awaited yet: a failure shows again when the batch is read and prepared in turn.
    next.catch(() => undefined);
    this.lookaheads.set(checkpointName, { after, next });
  }

  /** The prepared batch after `after`, if one was started from there and succeeded; otherwise the batch is read anew. */
  private async takeLookahead(checkpointName: string, after: GlobalPosition) {
    const lookahead = this.lookaheads.get(checkpointName);
    if (!lookahead) return undefined;
    this.lookaheads.delete(checkpointName);
    const result = await lookahead.next.catch(() => undefined);
    if (!result || result.events.length === 0 || comparePositions(lookahead.after, after) !== 0) return undefined;
    return result;
  }

  private async dropLookahead(checkpointName: string): Promise<void> {
    const lookahead = this.lookaheads.get(checkpointName);
    this.lookaheads.delete(checkpointName);
    await lookahead?.next.catch(() => undefined);
  }

  /** The projection declared what it handles, and this batch holds none of it. */
  private handlesNoneOf(events: RecordedEvent[]): boolean {
    const handles = this.projection.handles?.bind(this.projection);
    return handles !== undefined && !events.some(handles);
  }

  private prepareContext(cache: ProjectionCache) {
    return { cache, states: this.states, readStream: (streamId: string, options?: ReadStreamOptions) => this.store.readStream(streamId, options) };
  }

  private async applyAndAdvance(
    checkpointName: string,
    after: GlobalPosition,
    events: RecordedEvent[],
    table: (name: string) => string,
    cache: ProjectionCache,
    preparedAhead?: { value: unknown },
  ) {
    const last = events[events.length - 1];
    const to = advanceTo(last, events.length);
    if (this.handlesNoneOf(events)) {
      // Nothing to write but the checkpoint (one event of a failing batch, applied one by one): one conditional statement.
      if (!(await checkpoints.advanceFrom(this.dataSource.manager, checkpointName, after, to))) throw new CheckpointMoved();
      return;
    }
    const prepared = preparedAhead ? preparedAhead.value : await this.projection.prepare?.(events, this.prepareContext(cache));
    if (events.length === this.options.batchSize) this.startLookahead(checkpointName, last.position, cache);
    if (this.projection.writeTo && !this.options.beforeCommit) {
      // One statement is the batch's whole transaction: its writes and the checkpoint, or nothing if the checkpoint moved.
      const statement = checkpoints.advanceFromStatement(checkpointName, after, to);
      this.projection.writeTo(statement, events, { table, cache, prepared });
      if (!(await checkpoints.writeGuarded(this.dataSource.manager, statement))) throw new CheckpointMoved();
      return;
    }
    await this.dataSource.transaction(async (manager) => {
      const current = await checkpoints.load(manager, checkpointName, true);
      if (!current || comparePositions(current.position, after) !== 0) throw new CheckpointMoved();
      const context: ProjectionContext = { manager, table, cache, prepared };
      await this.projection.apply(events, context);
      await this.options.beforeCommit?.(checkpointName, events, manager);
      await checkpoints.advance(manager, checkpointName, to);
    });
  }

  private async beginRebuild(): Promise<void> {
    this.logger.log('rebuild requested: building a new read model beside the live one');
    await this.dataSource.transaction(async (manager) => {
      await createShadowTables(manager, this.projection.tables);
      await checkpoints.reset(manager, this.projection.name + REBUILD_SUFFIX);
    });
    this.caches.delete(this.projection.name + REBUILD_SUFFIX);
    this.rebuilding = true;
  }

  private async finishRebuildIfCaughtUp(name: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const live = await checkpoints.load(manager, name, true);
      const shadow = await checkpoints.load(manager, name + REBUILD_SUFFIX, true);
      if (!live || !shadow || comparePositions(shadow.position, live.position) < 0) return;
      // Built in bulk: give the planner its statistics before the tables go live.
      for (const table of this.projection.tables) await manager.query(`ANALYZE ${quoted(table + SHADOW_SUFFIX)}`);
      await swapInShadowTables(manager, this.projection.tables);
      await checkpoints.promoteRebuild(manager, name);
      this.rebuilding = false;
      // The live tables are new: start their memory afresh, and their checkpoint is the rebuild's.
      this.caches.clear();
      this.lookaheads.clear();
      this.checkpointReadAt = 0;
      this.logger.log(`rebuild complete: ${shadow.eventsApplied} events; new read model swapped in`);
    });
    if (!this.rebuilding) {
      for (const listener of this.advanceListeners) listener();
      // Analysed in the swap's transaction already: the visibility map is what is left.
      await this.vacuum(this.projection.tables.map(quoted), 'VACUUM');
    }
  }

  /** VACUUM cannot run in a transaction: each table on its own, outside any. */
  private async vacuum(tables: string[], command: 'VACUUM' | 'VACUUM (ANALYZE)'): Promise<void> {
    const started = Date.now();
    for (const table of tables) await this.dataSource.query(`${command} ${table}`);
    this.logger.log(`after a bulk of events: ${command} ${tables.join(', ')} in ${Date.now() - started} ms`);
  }

  private async holdLock(): Promise<boolean> {
    const pool = this.options.lockPool;
    if (!pool) return true;
    if (this.lock) return true;
    const client = (await pool.connect()) as LockSession['client'];
    // Listening before the first query: the session may be ended at any moment, and an unheard 'error' ends the process.
    const session: LockSession = { client, onLost: (error) => this.lockLost(session, error) };
    client.on?.('error', session.onLost);
    try {
      const { rows } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [lockKey(this.projection.name)]);
      if (!rows[0].locked) {
        releaseSession(session);
        return false;
      }
      this.lock = session;
      // Another instance may have applied events while we did not own the projection.
      this.caches.clear();
      this.lookaheads.clear();
      this.checkpointReadAt = 0;
      // A rebuild left half-done by an earlier owner continues from its own checkpoint.
      const shadow = await checkpoints.load(this.dataSource.manager, this.projection.name + REBUILD_SUFFIX);
      this.rebuilding = shadow !== undefined && (await this.shadowTablesExist());
      this.logger.log('took ownership');
      return true;
    } catch (error) {
      if (this.lock === session) this.lock = undefined;
      releaseSession(session, error as Error);
      throw error;
    }
  }

  /**
   * The lock's session ended (PostgreSQL ended it, or /health found the lock
   * not held): the lock went with it, so this runner no longer owns the
   * projection. Another instance may take it at once; until this runner takes
   * it again it stands by — the checkpoint guard keeps a batch already under
   * way from being applied twice.
   */
  private lockLost(session: LockSession, error: Error): void {
    // Lost before it was taken, holdLock's failing query gives it back.
    if (this.lock !== session) return;
    this.lock = undefined;
    this.committed = undefined;
    this.checkpointReadAt = 0;
    releaseSession(session, error);
    this.logger.warn(`lost its lock (${describeConnectionError(error)}); standing by until it holds it again`);
    this.notify();
  }

  /** The database shows no lock held by this runner's session (health's check): give up the session and stand by. */
  lockNotHeld(): void {
    if (this.lock) this.lockLost(this.lock, new Error('PostgreSQL shows the lock not held by its session'));
  }

  private async shadowTablesExist(): Promise<boolean> {
    const rows: Array<{ n: string }> = await this.dataSource.query(`SELECT count(*)::text AS n FROM pg_tables WHERE tablename = ANY($1)`, [
      this.projection.tables.map((table) => table + SHADOW_SUFFIX),
    ]);
    return Number(rows[0].n) === this.projection.tables.length;
  }

  private async releaseLock(): Promise<void> {
    const session = this.lock;
    if (!session) return;
    this.lock = undefined;
    try {
      await session.client.query(`SELECT pg_advisory_unlock(hashtext($1))`, [lockKey(this.projection.name)]);
      releaseSession(session);
    } catch (error) {
      releaseSession(session, error as Error);
    }
  }

  /** Drops ownership as if the process had died (tests of take-over). */
  async abandonLockForTest(): Promise<void> {
    this.stopped = true;
    this.notify();
    await this.loop;
    if (this.lock) {
      releaseSession(this.lock, new Error('simulated crash'));
      this.lock = undefined;
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}

/** The advisory lock's key text: `hashtext` of it is the lock's number. */
export function lockKey(projection: string): string {
  return `fragespar-projection:${projection}`;
}
