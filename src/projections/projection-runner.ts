import { inBackground } from '../database/background-work';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Backoff, describeConnectionError, isConnectionLoss } from '../database/connection-loss';
import { AdvisoryLockSession } from '../database/advisory-lock-session';
import { EventStore, GlobalPosition, comparePositions } from '../event-store/event-store.port';
import { BatchWriter, BeforeCommit, Passed, WriterContext } from './batch-writer';
import { CheckpointMoved, LiveCheckpoint, START, checkpoints } from './checkpoint-store';
import { Projection } from './projection';
import { ProjectionLock } from './projection-lock';
import { LogReader, directLogReader } from './shared-log-reader';
import { StreamStates } from './stream-states';
import { vacuum } from './rebuild';
import { ShadowBuild } from './shadow-build';
import { quoted } from './shadow-tables';

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
  /** A first build on a backlog of this many events or more goes through shadow tables (default BUILD_IN_SHADOW_FROM_EVENTS, shadow-build.ts). */
  buildInShadowFromEvents?: number;
  /**
   * Woken by an append while caught up, wait until no append has come for
   * `quietMs`, at most `atMostMs`, before reading, so that one batch takes the
   * events of several commands (embedded database: ProjectionsService). A
   * read waiting for this projection (`hurry`) ends the wait at once.
   */
  gather?: { quietMs: number; atMostMs: number };
  /** Test seam: runs after the batch's statement, before it commits (the statement is then sent in a transaction of its own). */
  beforeCommit?: BeforeCommit;
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

/** Why a sleeping runner woke: news of an append, a read waiting for it, or stop(). */
type Wake = 'notified' | 'hurried' | 'stopped';

/** The longest wait between attempts while the database cannot be reached. */
const RECONNECT_AT_MOST_MS = 5_000;

/**
 * Runs one projection: reads the global log after its checkpoint in batches and
 * writes each batch and the new checkpoint in one statement — so a crash at
 * any point neither loses nor double-applies an event. A failing event stops the
 * projection at that event (recorded with its id and error) and is retried; it is
 * never skipped. A requested rebuild is built in shadow tables, interleaved with
 * live batches so the live model stays fresh, and swapped in once it has caught up.
 *
 * The runner keeps the loop: ownership, steps, idling, waking and
 * reconnecting. A batch is read and written by a BatchWriter
 * (batch-writer.ts), one for the live tables and one inside the ShadowBuild
 * (shadow-build.ts); where the live checkpoint stands is LiveCheckpoint's
 * (checkpoint-store.ts).
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
  private readonly advanceListeners = new Set<() => void>();
  /** Where the live checkpoint stands as this runner knows it, and the advance it holds back at the head of the log. */
  private readonly checkpoint: LiveCheckpoint;
  /** The live tables' batches. */
  private readonly live: BatchWriter;
  /** A rebuild, or a first build on a backlog, in shadow tables beside the live ones. */
  private readonly shadow: ShadowBuild;
  /** Live events applied in the current uninterrupted backlog (full batches one after another). */
  private backlog = 0;

  constructor(
    readonly projection: Projection,
    store: EventStore,
    private readonly dataSource: DataSource,
    private readonly options: RunnerOptions,
  ) {
    this.logger = new Logger(`Projection ${projection.name}`);
    const context: WriterContext = {
      projection,
      store,
      dataSource,
      logReader: options.logReader ?? directLogReader(store),
      states: options.states ?? new StreamStates(),
      beforeCommit: options.beforeCommit,
      failed: (failure) => {
        this.failure = failure;
      },
      advanced: () => this.advanced(),
    };
    this.shadow = new ShadowBuild(context, this.logger, {
      batchSize: options.rebuildBatchSize ?? options.batchSize,
      buildInShadowFromEvents: options.buildInShadowFromEvents,
    });
    this.checkpoint = new LiveCheckpoint(dataSource, projection.name, () => this.shadow.underWay);
    this.live = new BatchWriter(context, { checkpointName: projection.name, table: quoted, live: true, batchSize: options.batchSize, stored: this.checkpoint });
    this.lock = new ProjectionLock(projection.name, options.locks, this.logger, () => {
      this.checkpoint.forget();
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
    return this.checkpoint.known;
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
      rebuilding: this.shadow.underWay,
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
        this.checkpoint.restart();
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
    await this.checkpoint.writeDeferred(this.lock.held).catch(() => undefined);
    // Nothing may still use the store or the cache after stop() returns.
    await this.live.dropLookahead();
    await this.shadow.dropLookahead();
  }

  /** Caught up: writes the deferred advance once it is due, else waits for news (or until it is due), gathering appends that follow. */
  private async idle(): Promise<void> {
    const due = this.checkpoint.deferredDueIn();
    if (due <= 0) return this.checkpoint.writeDeferred(this.lock.held);
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
    // A first build in shadow tables (shadow-build.ts) leaves the empty live tables alone until it is swapped in.
    const firstBuild = this.shadow.underWay && comparePositions(position, START) === 0;
    const live = firstBuild ? undefined : await this.live.applyNext(position);
    if (live) await this.livePassed(live);
    if (!this.shadow.underWay) return live?.full ?? false;

    const rebuilt = await this.shadow.applyNext();
    if (!live && !rebuilt?.full) await this.finishRebuildIfCaughtUp();
    return live !== undefined || rebuilt !== undefined;
  }

  /** Where the live read model stands (LiveCheckpoint); a stored row read anew may ask for a rebuild. */
  private async livePosition(): Promise<GlobalPosition> {
    const { position, stored } = await this.checkpoint.read();
    if (stored) await this.shadow.beginIfWanted(stored);
    return position;
  }

  /** The runner is past a live batch: read-your-writes sees it, and a backlog caught up is vacuumed. */
  private async livePassed(passed: Passed): Promise<void> {
    this.checkpoint.passed(passed.last.position);
    this.failure = null;
    this.advanced();
    // Counts one uninterrupted backlog: a partial batch means caught up, and ends it.
    const backlog = this.backlog + passed.count;
    this.backlog = passed.full ? backlog : 0;
    if (!passed.full && backlog >= (this.options.analyzeAfterEvents ?? ANALYZE_AFTER_EVENTS))
      await vacuum(this.dataSource, this.projection.tables.map(quoted), 'VACUUM (ANALYZE)', this.logger);
  }

  private advanced(): void {
    for (const listener of this.advanceListeners) listener();
  }

  /** Reads the stored checkpoint at the next step (a rebuild was requested in this process). */
  recheckCheckpoint(): void {
    this.checkpoint.recheck();
    this.hurry();
  }

  private async finishRebuildIfCaughtUp(): Promise<void> {
    if (!(await this.shadow.swapInIfCaughtUp())) return;
    // The live tables are new: start their memory afresh, and their checkpoint is the rebuild's.
    this.live.forget();
    this.checkpoint.recheck();
    this.advanced();
    // Analysed in the swap's transaction already: the visibility map is what is left.
    await vacuum(this.dataSource, this.projection.tables.map(quoted), 'VACUUM', this.logger);
  }

  /** Ownership (re)gained: another instance may have applied events meanwhile, and may have left a rebuild half done. */
  private async tookOwnership(): Promise<void> {
    this.checkpoint.restart();
    this.live.forget();
    await this.shadow.tookOwnership();
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
