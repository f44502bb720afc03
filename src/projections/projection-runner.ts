import { inBackground } from '../database/background-work';
import { Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Backoff, describeConnectionError, isConnectionLoss } from '../database/connection-loss';
import { AdvisoryLockSession } from '../database/advisory-lock-session';
import { EventStore, GlobalPosition, ReadStreamOptions, RecordedEvent, comparePositions } from '../event-store/event-store.port';
import { type Checkpoint, CheckpointMoved, REBUILD_SUFFIX, START, batchWrites, checkpoints } from './checkpoint-store';
import type { PrepareContext, Projection } from './projection';
import { ProjectionCache } from './projection-cache';
import { Lookaheads } from './lookahead';
import { ProjectionLock } from './projection-lock';
import { LogReader, directLogReader } from './shared-log-reader';
import { StreamStates } from './stream-states';
import { rebuilds, vacuum } from './rebuild';
import { SHADOW_SUFFIX, quoted } from './shadow-tables';

export interface RunnerOptions {
  /** The most events a live batch holds (PROJECTION_BATCH_SIZE). */
  batchSize: number;
  /**
   * The most events a batch into the shadow tables holds — a rebuild, or a
   * first build on a backlog (PROJECTION_REBUILD_BATCH_SIZE; default `batchSize`).
   * The live batches beside it keep `batchSize`: nobody reads the shadow
   * tables before the swap, while the live model's freshness and a live
   * runner's memory are as they were.
   */
  rebuildBatchSize?: number;
  /** Idle wait between polls when caught up; an in-process append wakes the runner earlier. */
  idlePollMs: number;
  /** Wait before retrying after a failure. */
  retryDelayMs: number;
  /** Exclusive ownership across instances through a session advisory lock on the instance's one lock session (real server only). */
  locks?: AdvisoryLockSession;
  lockRetryMs: number;
  /** Vacuum and analyse the tables once caught up on a backlog of this many events (default ANALYZE_AFTER_EVENTS). */
  analyzeAfterEvents?: number;
  /** Folded stream states shared with the other runners of the process (default: this runner's own). */
  states?: StreamStates;
  /** Where batches of the log come from (default: the store directly); runners of one process share a SharedLogReader. */
  logReader?: LogReader;
  /** A first build on a backlog of this many events or more goes through shadow tables (default BUILD_IN_SHADOW_FROM_EVENTS). */
  buildInShadowFromEvents?: number;
  /**
   * Woken by an append while caught up, wait until no append has come for
   * `quietMs`, at most `atMostMs`, before reading, so that one batch takes the
   * events of several commands (embedded database: ProjectionsService). A
   * read waiting for this projection (`hurry`) ends the wait at once.
   */
  gather?: { quietMs: number; atMostMs: number };
  /** Test seam: runs after the batch's statement, before it commits (the statement is then sent in a transaction of its own). */
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

/** After catching up on a backlog of this many events, the runner vacuums and analyses the projection's tables (rebuild.ts, `vacuum`). */
const ANALYZE_AFTER_EVENTS = 10_000;

/**
 * A projection that has applied nothing and finds at least this many events
 * builds its read model as a rebuild does, in shadow tables swapped in once
 * caught up, where indexes other than keys are built once at the end
 * (shadow-tables.ts) instead of kept up row by row.
 */
const BUILD_IN_SHADOW_FROM_EVENTS = 10_000;

/** Why a sleeping runner woke: news of an append, a read waiting for it, or stop(). */
type Wake = 'notified' | 'hurried' | 'stopped';

/** How long the runner trusts the live position it committed itself before reading the stored checkpoint again. */
const CHECKPOINT_RECHECK_MS = 1_000;

/** The longest run of batches with nothing a projection handles that is passed with one checkpoint advance. */
const PASS_AT_MOST_MS = 1_000;

/**
 * The longest a runner caught up at the head of the log keeps the events it
 * passed over (nothing in them for its projection) without writing its
 * checkpoint. Each command's events would otherwise cost every projection that
 * does not handle them a write of its own.
 */
const DEFER_ADVANCE_AT_MOST_MS = 250;

/** The longest wait between attempts while the database cannot be reached. */
const RECONNECT_AT_MOST_MS = 5_000;

/**
 * Runs one projection: reads the global log after its checkpoint in batches and
 * writes each batch and the new checkpoint in one statement — so a crash at
 * any point neither loses nor double-applies an event. A failing event stops the
 * projection at that event (recorded with its id and error) and is retried; it is
 * never skipped. A requested rebuild is built in shadow tables, interleaved with
 * live batches so the live model stays fresh, and swapped in once it has caught up.
 */
export class ProjectionRunner {
  private readonly logger: Logger;
  private stopped = true;
  private loop: Promise<void> = Promise.resolve();
  private wake: ((reason: Wake) => void) | undefined;
  /** Why the runner was woken while it was not asleep, if it was: its next sleep returns at once. */
  private woken: Wake | undefined;
  private readonly lock: ProjectionLock;
  /** Waits between attempts while sessions keep being lost. */
  private readonly reconnect: Backoff;
  private failure: RunnerStatus['failure'] = null;
  private rebuilding = false;
  /** Whether this ownership asked if the first build starts on a backlog (startsOnABacklog). */
  private backlogAsked = false;
  private readonly advanceListeners = new Set<() => void>();
  /** Per checkpoint (live, and the rebuild's shadow): what the projection keeps between batches. */
  private readonly caches = new Map<string, ProjectionCache>();
  /** Per checkpoint: the next batch, prepared during a backlog while the current one is written. */
  private readonly lookaheads = new Lookaheads();
  /** Per checkpoint: events applied in the current uninterrupted backlog (full batches one after another). */
  private readonly backlog = new Map<string, number>();
  private readonly logReader: LogReader;
  private readonly states: StreamStates;
  /** The live checkpoint's position as last loaded or committed by this runner (never ahead of what is committed). */
  private committed: GlobalPosition | undefined;
  /** When the stored live checkpoint was last read (0: read it at the next step). */
  private checkpointReadAt = 0;
  /**
   * Events at the head of the log passed over (none for this projection) but
   * not yet written to the live checkpoint: where the stored row stands, the
   * last event passed, how many were passed, and since when. `committed` is
   * already past them; the next write (a batch, or the advance after
   * DEFER_ADVANCE_AT_MOST_MS) moves the stored row from `from`, guarded by it.
   */
  private deferred: { from: GlobalPosition; last: RecordedEvent; count: number; since: number } | undefined;

  constructor(
    readonly projection: Projection,
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly options: RunnerOptions,
  ) {
    this.logger = new Logger(`Projection ${projection.name}`);
    this.logReader = options.logReader ?? directLogReader(store);
    this.states = options.states ?? new StreamStates();
    this.lock = new ProjectionLock(projection.name, options.locks, this.logger, () => {
      this.committed = undefined;
      this.deferred = undefined;
      this.checkpointReadAt = 0;
      this.notify();
    });
    this.reconnect = new Backoff(Math.min(100, options.retryDelayMs), Math.max(options.retryDelayMs, RECONNECT_AT_MOST_MS));
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    // The runner's statements are background work: on the embedded database, requests waiting for the connection go first.
    this.loop = inBackground(() => this.run());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.notify();
    await this.loop;
    await this.lock.release();
  }

  /** Wakes the runner: new events may be there. */
  notify(): void {
    this.wakeFor('notified');
  }

  /** Wakes the runner without gathering: a read waits for this projection. */
  hurry(): void {
    this.wakeFor('hurried');
  }

  private wakeFor(reason: Wake): void {
    if (this.wake) this.wake(reason);
    else if (this.woken !== 'hurried') this.woken = reason;
  }

  /**
   * The live read model's position as this runner knows it, if it owns the
   * projection: what it last committed or loaded. Read-your-writes waits on it
   * without a database round trip; undefined means ask the stored checkpoint.
   */
  knownPosition(): GlobalPosition | undefined {
    if (this.stopped || !this.lock.held) return undefined;
    return this.committed;
  }

  onAdvance(listener: () => void): () => void {
    this.advanceListeners.add(listener);
    return () => this.advanceListeners.delete(listener);
  }

  status(): RunnerStatus {
    return {
      name: this.projection.name,
      owner: this.lock.held,
      lockSessionPid: this.lock.sessionPid,
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
        if (!(await this.lock.take(() => this.tookOwnership()))) {
          await this.sleep(this.options.lockRetryMs);
          continue;
        }
        const more = await this.step();
        this.reconnect.reset();
        if (!more) await this.idle();
      } catch (error) {
        // Whatever went wrong, the next step starts from the stored checkpoint.
        this.checkpointReadAt = 0;
        this.deferred = undefined;
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
    // Stopping (not crashing): the stored checkpoint is brought up to what was passed.
    await this.writeDeferred().catch(() => undefined);
    // Nothing may still use the store or the cache after stop() returns.
    await this.lookaheads.dropAll();
  }

  /** Caught up: writes the deferred advance once it is due, else waits for news (or until it is due), gathering appends that follow. */
  private async idle(): Promise<void> {
    const deferred = this.deferred;
    const due = deferred ? deferred.since + DEFER_ADVANCE_AT_MOST_MS - Date.now() : Infinity;
    if (due <= 0) return this.writeDeferred();
    const woke = await this.sleep(Math.min(this.options.idlePollMs, due));
    if (woke === 'notified') await this.gather();
  }

  /**
   * Woken by an append: waits while more appends follow within `quietMs`, at
   * most `atMostMs` in all, or until a read waits for this projection. While
   * commands arrive back to back, every runner otherwise reads and writes a
   * batch per command, and on the embedded database's one connection those
   * statements are most of a command's cost (docs/performance.md).
   */
  private async gather(): Promise<void> {
    const gather = this.options.gather;
    if (!gather) return;
    const until = Date.now() + gather.atMostMs;
    for (;;) {
      const left = until - Date.now();
      if (left <= 0 || (await this.sleep(Math.min(gather.quietMs, left))) !== 'notified') return;
    }
  }

  /** Writes the live checkpoint up to the events passed over at the head, if any are pending. */
  private async writeDeferred(): Promise<void> {
    const deferred = this.deferred;
    if (!deferred) return;
    if (!this.lock.held) {
      this.deferred = undefined;
      return;
    }
    await batchWrites.advanceOnly(this.dataSource, this.projection.name, deferred.from, deferred.last, deferred.count);
    this.deferred = undefined;
  }

  /**
   * One round: a live batch, and a rebuild batch if a rebuild is under way.
   * True if there may be more to read at once: a full batch, or a rebuild under
   * way that progressed. A short batch was read at the head of the log; what
   * is appended after that read wakes the runner (`notify`), and the idle
   * poll finds what other processes append, so reading again at once would
   * only find nothing.
   */
  private async step(): Promise<boolean> {
    const position = await this.livePosition();
    // A first build in shadow tables (startsOnABacklog) leaves the empty live tables alone until it is swapped in.
    const firstBuild = this.rebuilding && comparePositions(position, START) === 0;
    const live = firstBuild ? { count: 0, full: false } : await this.applyNextBatch(this.projection.name, position, (table) => quoted(table));
    if (!this.rebuilding) return live.full;

    const shadowName = this.projection.name + REBUILD_SUFFIX;
    const shadow = await checkpoints.load(this.dataSource.manager, shadowName);
    if (!shadow) throw new Error(`checkpoint row ${shadowName} is missing`);
    const rebuilt = await this.applyNextBatch(shadowName, shadow.position, (table) => quoted(table + SHADOW_SUFFIX));
    if (live.count === 0 && !rebuilt.full) await this.finishRebuildIfCaughtUp();
    return live.count > 0 || rebuilt.count > 0;
  }

  /**
   * Where the live read model stands. The stored row is read at most every
   * CHECKPOINT_RECHECK_MS (and always while rebuilding): between reads the runner
   * knows what it committed itself, which saves a round trip per batch (the
   * batch's statement still checks the row, so a moved checkpoint is never
   * missed). The reads also notice rebuild requests made by other processes.
   */
  private async livePosition(): Promise<GlobalPosition> {
    if (this.committed && !this.rebuilding && Date.now() - this.checkpointReadAt < CHECKPOINT_RECHECK_MS) return this.committed;
    const live = await checkpoints.load(this.dataSource.manager, this.projection.name);
    if (!live) throw new Error(`checkpoint row ${this.projection.name} is missing`);
    this.checkpointReadAt = Date.now();
    // The stored row where the deferred advance starts: this runner is past it (the events between are passed over).
    if (this.deferred && comparePositions(live.position, this.deferred.from) === 0 && !live.rebuildRequestedAt) return this.deferred.last.position;
    this.deferred = undefined;
    this.committed = live.position;
    if ((live.rebuildRequestedAt || (await this.startsOnABacklog(live))) && !this.rebuilding) await this.beginRebuild();
    return live.position;
  }

  /** Nothing applied yet, and a backlog of BUILD_IN_SHADOW_FROM_EVENTS or more: the first build goes through shadow tables. Asked once per ownership. */
  private async startsOnABacklog(live: Checkpoint): Promise<boolean> {
    if (this.backlogAsked || this.rebuilding) return false;
    this.backlogAsked = true;
    if (live.eventsApplied > 0 || comparePositions(live.position, START) !== 0) return false;
    const backlog = this.options.buildInShadowFromEvents ?? BUILD_IN_SHADOW_FROM_EVENTS;
    return (await this.store.countEventsAfter(undefined, backlog)) >= backlog;
  }

  /** Reads the stored checkpoint at the next step (a rebuild was requested in this process). */
  recheckCheckpoint(): void {
    this.checkpointReadAt = 0;
    this.hurry();
  }

  /** The events passed (applied, or only advanced over), and whether the last batch read was full: short means caught up. */
  private async applyNextBatch(checkpointName: string, after: GlobalPosition, table: (name: string) => string): Promise<{ count: number; full: boolean }> {
    const ahead = await this.lookaheads.take(checkpointName, after);
    const events = ahead?.events ?? (await this.readBatch(checkpointName, after));
    if (events.length === 0) return { count: 0, full: false };
    let passed: { last: RecordedEvent; count: number; full: boolean };
    if (this.handlesNoneOf(events)) {
      passed = await this.passUnhandled(checkpointName, after, events);
    } else {
      try {
        await this.writeBatch(checkpointName, after, events, table, ahead?.prepared);
      } catch (error) {
        if (error instanceof CheckpointMoved || isConnectionLoss(error)) throw error;
        // Find the event that fails, applying the ones before it, so the stop is exactly there.
        await this.applyOneByOne(checkpointName, after, events, table);
      }
      passed = { last: events[events.length - 1], count: events.length, full: events.length === this.batchSizeOf(checkpointName) };
    }
    if (checkpointName === this.projection.name) {
      this.committed = passed.last.position;
      this.failure = null;
      for (const listener of this.advanceListeners) listener();
      // Counts one uninterrupted backlog: a partial batch means caught up, and ends it.
      const backlog = (this.backlog.get(checkpointName) ?? 0) + passed.count;
      this.backlog.set(checkpointName, passed.full ? backlog : 0);
      if (!passed.full && backlog >= (this.options.analyzeAfterEvents ?? ANALYZE_AFTER_EVENTS))
        await vacuum(this.dataSource, this.projection.tables.map(table), 'VACUUM (ANALYZE)', this.logger);
    }
    return passed;
  }

  private readBatch(checkpointName: string, after: GlobalPosition): Promise<RecordedEvent[]> {
    return this.logReader.readBatch(comparePositions(after, START) === 0 ? undefined : after, this.batchSizeOf(checkpointName), checkpointName);
  }

  /** The live checkpoint's batches are PROJECTION_BATCH_SIZE; the rebuild's (shadow tables) PROJECTION_REBUILD_BATCH_SIZE. */
  private batchSizeOf(checkpointName: string): number {
    return checkpointName === this.projection.name ? this.options.batchSize : (this.options.rebuildBatchSize ?? this.options.batchSize);
  }

  /**
   * A batch with nothing this projection handles, and the full batches after it
   * that hold nothing for it either, passed with one checkpoint advance. During
   * a backlog of other slices' events a projection otherwise commits once per
   * batch for nothing: in a rebuild of 1M question events a projection that
   * handles none of them would make ~1,000 commits, each a WAL flush that the
   * statements writing beside it wait on (docs/performance.md, "Design choices for speed"). At most PASS_AT_MOST_MS is passed in one advance, so
   * the stored checkpoint (and the lag shown) is never further behind; at the
   * head of the log, batches are short and each is advanced at once.
   */
  private async passUnhandled(checkpointName: string, after: GlobalPosition, events: RecordedEvent[]) {
    let last = events[events.length - 1];
    let count = events.length;
    const batchSize = this.batchSizeOf(checkpointName);
    let full = events.length === batchSize;
    const started = Date.now();
    while (full && Date.now() - started < PASS_AT_MOST_MS) {
      // A batch this projection handles is read again in the next step (the shared reader still holds it).
      const next = await this.readBatch(checkpointName, last.position);
      if (next.length === 0 || !this.handlesNoneOf(next)) break;
      last = next[next.length - 1];
      count += next.length;
      full = next.length === batchSize;
    }
    if (!full && checkpointName === this.projection.name && !this.rebuilding) {
      // Caught up at the head: the advance waits for the next write, or DEFER_ADVANCE_AT_MOST_MS (the runner's memory is past them already).
      this.deferred = { from: this.deferred?.from ?? after, last, count: (this.deferred?.count ?? 0) + count, since: this.deferred?.since ?? Date.now() };
      return { last, count, full };
    }
    const from = this.storedFrom(checkpointName, after);
    await batchWrites.advanceOnly(this.dataSource, checkpointName, from.position, last, count + from.passed);
    this.wrote(checkpointName);
    return { last, count, full };
  }

  private async applyOneByOne(checkpointName: string, after: GlobalPosition, events: RecordedEvent[], table: (name: string) => string) {
    let position = after;
    for (const event of events) {
      try {
        await this.writeBatch(checkpointName, position, [event], table);
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

  private async writeBatch(
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
      // The next batch was prepared as if this one committed; the cache may hold what the batch that failed prepared.
      await this.lookaheads.drop(checkpointName);
      cache.clear();
      throw error;
    }
  }

  /** Reads and prepares the batch after `after` while the current one is written (lookahead.ts); only projections with `prepare` gain. */
  private startLookahead(checkpointName: string, after: GlobalPosition, cache: ProjectionCache): void {
    const prepare = this.projection.prepare?.bind(this.projection);
    if (!prepare) return;
    this.lookaheads.start(checkpointName, after, async () => {
      const events = await this.logReader.readBatch(after, this.batchSizeOf(checkpointName), checkpointName);
      if (events.length === 0 || this.handlesNoneOf(events)) return { events };
      return { events, prepared: { value: await prepare(events, this.prepareContext(checkpointName, cache)) } };
    });
  }

  /** The projection declared what it handles, and this batch holds none of it. */
  private handlesNoneOf(events: RecordedEvent[]): boolean {
    const handles = this.projection.handles?.bind(this.projection);
    return handles !== undefined && !events.some(handles);
  }

  /** The live checkpoint's batches write the live tables; the rebuild's write the shadow copies. */
  private isLive(checkpointName: string): boolean {
    return checkpointName === this.projection.name;
  }

  private prepareContext(checkpointName: string, cache: ProjectionCache): PrepareContext {
    return {
      live: this.isLive(checkpointName),
      cache,
      states: this.states,
      readStream: (streamId: string, options?: ReadStreamOptions) => this.store.readStream(streamId, options),
    };
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
    const from = this.storedFrom(checkpointName, after);
    // One event of a failing batch, applied one by one, may be one the projection does not handle.
    if (this.handlesNoneOf(events)) {
      await batchWrites.advanceOnly(this.dataSource, checkpointName, from.position, last, events.length + from.passed);
      return this.wrote(checkpointName);
    }
    const prepared = preparedAhead ? preparedAhead.value : await this.projection.prepare?.(events, this.prepareContext(checkpointName, cache));
    if (events.length === this.batchSizeOf(checkpointName)) this.startLookahead(checkpointName, last.position, cache);
    const beforeCommit = this.options.beforeCommit;
    await batchWrites.inOneStatement(
      this.dataSource,
      this.projection,
      checkpointName,
      from,
      events,
      { table, live: this.isLive(checkpointName), cache, prepared },
      beforeCommit && ((manager) => beforeCommit(checkpointName, events, manager)),
    );
    this.wrote(checkpointName);
  }

  /** Where the stored checkpoint stands before events read after `after`, and how many passed-over events the write carries with it. */
  private storedFrom(checkpointName: string, after: GlobalPosition): { position: GlobalPosition; passed: number } {
    const deferred = checkpointName === this.projection.name ? this.deferred : undefined;
    return deferred ? { position: deferred.from, passed: deferred.count } : { position: after, passed: 0 };
  }

  /** A write moved the stored checkpoint: nothing passed over is pending any more. */
  private wrote(checkpointName: string): void {
    if (checkpointName === this.projection.name) this.deferred = undefined;
  }

  private async beginRebuild(): Promise<void> {
    this.logger.log('rebuild requested: building a new read model beside the live one');
    await rebuilds.begin(this.dataSource, this.projection);
    this.caches.delete(this.projection.name + REBUILD_SUFFIX);
    this.rebuilding = true;
  }

  private async finishRebuildIfCaughtUp(): Promise<void> {
    const events = await rebuilds.swapInIfCaughtUp(this.dataSource, this.projection);
    if (events === undefined) return;
    this.rebuilding = false;
    // The live tables are new: start their memory afresh, and their checkpoint is the rebuild's.
    this.caches.clear();
    this.lookaheads.clear();
    this.checkpointReadAt = 0;
    this.logger.log(`rebuild complete: ${events} events; new read model swapped in`);
    for (const listener of this.advanceListeners) listener();
    // Analysed in the swap's transaction already: the visibility map is what is left.
    await vacuum(this.dataSource, this.projection.tables.map(quoted), 'VACUUM', this.logger);
  }

  /** Ownership (re)gained: another instance may have applied events meanwhile, and may have left a rebuild half done. */
  private async tookOwnership(): Promise<void> {
    this.deferred = undefined;
    this.backlogAsked = false;
    this.caches.clear();
    this.lookaheads.clear();
    this.checkpointReadAt = 0;
    // A rebuild left half-done by an earlier owner continues from its own checkpoint.
    this.rebuilding = await rebuilds.underWay(this.dataSource, this.projection);
  }

  /** The database shows no lock held by this runner's session (health's check): give up the session and stand by. */
  lockNotHeld(): void {
    this.lock.notHeld();
  }

  /** Drops ownership as if the process had died (tests of take-over). */
  async abandonLockForTest(): Promise<void> {
    this.stopped = true;
    this.notify();
    await this.loop;
    await this.lock.abandon();
  }

  /** Sleeps `ms`, or until woken; says which. */
  private sleep(ms: number): Promise<Wake | 'timeout'> {
    if (this.stopped) return Promise.resolve('stopped');
    const woken = this.woken;
    if (woken) {
      this.woken = undefined;
      return Promise.resolve(woken);
    }
    return new Promise((resolve) => {
      const done = (reason: Wake | 'timeout') => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve(this.stopped ? 'stopped' : reason);
      };
      const timer = setTimeout(() => done('timeout'), ms);
      this.wake = done;
    });
  }
}
