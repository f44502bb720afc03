import { DataSource, EntityManager } from 'typeorm';
import { isConnectionLoss } from '../database/connection-loss';
import { EventStore, GlobalPosition, ReadStreamOptions, RecordedEvent, comparePositions } from '../event-store/event-store.port';
import { CheckpointMoved, START, batchWrites, checkpoints } from './checkpoint-store';
import { PrepareContext, Projection } from './projection';
import { ProjectionCache } from './projection-cache';
import { LogReader } from './shared-log-reader';
import { StreamStates } from './stream-states';

/** The longest run of batches with nothing a projection handles that is passed with one checkpoint advance. */
const PASS_AT_MOST_MS = 1_000;

/** Test seam: runs after a batch's statement, before it commits (the statement is then sent in a transaction of its own). */
export type BeforeCommit = (projection: string, events: RecordedEvent[], manager: EntityManager) => Promise<void>;

/** Events a batch moved a checkpoint past (applied, or only advanced over), and whether the last batch read was full: short means caught up. */
export interface Passed {
  last: RecordedEvent;
  count: number;
  full: boolean;
}

/**
 * Where the stored checkpoint stands when a write starts. The live checkpoint
 * may hold back the advance over events passed at the head of the log
 * (LiveCheckpoint, checkpoint-store.ts); the write that follows then carries them.
 */
export interface StoredPosition {
  /** Where the stored row stands before events read after `after`, and how many passed-over events the write carries with it. */
  from(after: GlobalPosition): { position: GlobalPosition; passed: number };
  /** A write moved the stored row: nothing passed over is pending any more. */
  written(): void;
  /** Holds back the advance over a short run of events passed at the head; false: write it now. */
  defer(after: GlobalPosition, last: RecordedEvent, count: number): boolean;
}

/** A checkpoint that holds nothing back: each write starts where the batch was read. */
export const WRITTEN_AT_ONCE: StoredPosition = {
  from: (after) => ({ position: after, passed: 0 }),
  written: () => undefined,
  defer: () => false,
};

/** What the writers of one runner share: the projection, where events come from and go to, and what they tell the runner. */
export interface WriterContext {
  projection: Projection;
  store: EventStore;
  dataSource: DataSource;
  logReader: LogReader;
  states: StreamStates;
  beforeCommit?: BeforeCommit;
  /** An event failed and the checkpoint was stopped at it. */
  failed(failure: { eventId: string; error: string }): void;
  /** Events before the failing one were committed: the checkpoint moved although the batch failed. */
  advanced(): void;
}

/** One set of tables a runner writes with one checkpoint: the live ones, or a rebuild's shadow copies. */
export interface WriteTarget {
  checkpointName: string;
  /** The physical, quoted name of one of the projection's tables in this set. */
  table(name: string): string;
  /** The live tables (`PrepareContext.live`): false for a rebuild's shadow copies. */
  live: boolean;
  /** The most events a batch holds (PROJECTION_BATCH_SIZE live, PROJECTION_REBUILD_BATCH_SIZE into shadow tables). */
  batchSize: number;
  stored: StoredPosition;
}

/**
 * Reads the next batch after a checkpoint and brings it into the target's
 * tables with the checkpoint's advance, by one of three paths: a batch with
 * nothing the projection handles only advances the checkpoint (with the
 * batches after it that hold nothing either); a batch it handles is prepared
 * and written in one statement, while the next one is read and prepared
 * ahead (`Lookahead`, below); a batch whose statement fails is applied event by
 * event, so the checkpoint stops exactly at the failing event. Each target
 * keeps its own memory between batches (`cache`) and its own batch ahead.
 */
export class BatchWriter {
  private cache = new ProjectionCache();
  private readonly lookahead = new Lookahead();

  constructor(
    private readonly context: WriterContext,
    private readonly target: WriteTarget,
  ) {}

  /** The events passed after `after`; undefined when there were none to read. */
  async applyNext(after: GlobalPosition): Promise<Passed | undefined> {
    const ahead = await this.lookahead.take(after);
    const events = ahead?.events ?? (await this.read(after));
    if (events.length === 0) return undefined;
    if (this.handlesNoneOf(events)) return this.passUnhandled(after, events);
    try {
      await this.write(after, events, ahead?.prepared);
    } catch (error) {
      if (error instanceof CheckpointMoved || isConnectionLoss(error)) throw error;
      // Find the event that fails, applying the ones before it, so the stop is exactly there.
      await this.applyOneByOne(after, events);
    }
    return { last: events[events.length - 1], count: events.length, full: events.length === this.target.batchSize };
  }

  /** Forgets the memory kept between batches and the batch ahead: the tables they were kept for are new, or another owner's. */
  forget(): void {
    this.cache = new ProjectionCache();
    this.lookahead.clear();
  }

  /** Waits for the batch ahead and discards it, so nothing still uses the store or the cache. */
  dropLookahead(): Promise<void> {
    return this.lookahead.drop();
  }

  private read(after: GlobalPosition): Promise<RecordedEvent[]> {
    const { logReader } = this.context;
    return logReader.readBatch(comparePositions(after, START) === 0 ? undefined : after, this.target.batchSize, this.target.checkpointName);
  }

  /**
   * A batch with nothing this projection handles, and the full batches after it
   * that hold nothing for it either, passed with one checkpoint advance. During
   * a backlog of other slices' events a projection otherwise commits once per
   * batch for nothing: in a rebuild of 1M question events a projection that
   * handles none of them would make ~1,000 commits, each a WAL flush that the
   * statements writing beside it wait on (docs/performance.md, "Design choices
   * for speed"). At most PASS_AT_MOST_MS is passed in one advance, so the
   * stored checkpoint (and the lag shown) is never further behind; at the head
   * of the log, batches are short and the live checkpoint may hold the advance
   * back (`StoredPosition.defer`).
   */
  private async passUnhandled(after: GlobalPosition, events: RecordedEvent[]): Promise<Passed> {
    const { batchSize, checkpointName, stored } = this.target;
    let last = events[events.length - 1];
    let count = events.length;
    let full = events.length === batchSize;
    const started = Date.now();
    while (full && Date.now() - started < PASS_AT_MOST_MS) {
      // A batch this projection handles is read again in the next step (the shared reader still holds it).
      const next = await this.read(last.position);
      if (next.length === 0 || !this.handlesNoneOf(next)) break;
      last = next[next.length - 1];
      count += next.length;
      full = next.length === batchSize;
    }
    if (!full && stored.defer(after, last, count)) return { last, count, full };
    const from = stored.from(after);
    await batchWrites.advanceOnly(this.context.dataSource, checkpointName, from.position, last, count + from.passed);
    stored.written();
    return { last, count, full };
  }

  private async applyOneByOne(after: GlobalPosition, events: RecordedEvent[]): Promise<void> {
    let position = after;
    for (const event of events) {
      try {
        await this.write(position, [event]);
        position = event.position;
      } catch (error) {
        if (error instanceof CheckpointMoved || isConnectionLoss(error)) throw error;
        const message = (error as Error).message ?? String(error);
        await checkpoints.markFailed(this.context.dataSource.manager, this.target.checkpointName, event.id, message);
        this.context.failed({ eventId: event.id, error: message });
        if (position !== after) this.context.advanced();
        throw new Error(`event ${event.id} (${event.type}, stream ${event.streamId}) failed: ${message}`, { cause: error });
      }
    }
  }

  private async write(after: GlobalPosition, events: RecordedEvent[], prepared?: { value: unknown }): Promise<void> {
    const cache = this.cache;
    try {
      await this.prepareAndWrite(after, events, cache, prepared);
    } catch (error) {
      // The next batch was prepared as if this one committed; the cache may hold what the batch that failed prepared.
      await this.lookahead.drop();
      cache.clear();
      throw error;
    }
  }

  private async prepareAndWrite(after: GlobalPosition, events: RecordedEvent[], cache: ProjectionCache, preparedAhead?: { value: unknown }): Promise<void> {
    const { dataSource, projection, beforeCommit } = this.context;
    const { checkpointName, table, live, stored } = this.target;
    const last = events[events.length - 1];
    const from = stored.from(after);
    // One event of a failing batch, applied one by one, may be one the projection does not handle.
    if (this.handlesNoneOf(events)) {
      await batchWrites.advanceOnly(dataSource, checkpointName, from.position, last, events.length + from.passed);
      return stored.written();
    }
    const prepared = preparedAhead ? preparedAhead.value : await projection.prepare?.(events, this.prepareContext(cache));
    if (events.length === this.target.batchSize) this.startLookahead(last.position, cache);
    await batchWrites.inOneStatement(
      dataSource,
      projection,
      checkpointName,
      from,
      events,
      { table, live, cache, prepared },
      beforeCommit && ((manager) => beforeCommit(checkpointName, events, manager)),
    );
    stored.written();
  }

  /** Reads and prepares the batch after `after` while the current one is written (`Lookahead`); only projections with `prepare` gain. */
  private startLookahead(after: GlobalPosition, cache: ProjectionCache): void {
    const { projection, logReader } = this.context;
    const prepare = projection.prepare?.bind(projection);
    if (!prepare) return;
    this.lookahead.start(after, async () => {
      const events = await logReader.readBatch(after, this.target.batchSize, this.target.checkpointName);
      if (events.length === 0 || this.handlesNoneOf(events)) return { events };
      return { events, prepared: { value: await prepare(events, this.prepareContext(cache)) } };
    });
  }

  /** The projection declared what it handles, and this batch holds none of it. */
  private handlesNoneOf(events: RecordedEvent[]): boolean {
    const { projection } = this.context;
    const handles = projection.handles?.bind(projection);
    return handles !== undefined && !events.some(handles);
  }

  private prepareContext(cache: ProjectionCache): PrepareContext {
    const { states, store } = this.context;
    return { live: this.target.live, cache, states, readStream: (streamId: string, options?: ReadStreamOptions) => store.readStream(streamId, options) };
  }
}

/** A batch read, and prepared if the projection has anything to prepare in it. */
interface ReadAhead {
  events: RecordedEvent[];
  prepared?: { value: unknown };
}

/**
 * Pipelining during a backlog: while a full batch is written, the next batch
 * is read and prepared (folded and turned into rows, Node's half of the
 * work), so Node and the database work at the same time instead of taking
 * turns. One batch ahead per checkpoint (live, and the rebuild's shadow: each
 * has its own BatchWriter and so its own Lookahead). A prepared batch is used
 * only if it starts exactly where the committed checkpoint is; after a failed
 * write it is dropped.
 */
class Lookahead {
  private pending: { after: GlobalPosition; next: Promise<ReadAhead> } | undefined;

  /** Starts reading and preparing the batch after `after`. */
  start(after: GlobalPosition, read: () => Promise<ReadAhead>): void {
    const next = read();
    // Not awaited yet: a failure shows again when the batch is read and prepared in turn.
    next.catch(() => undefined);
    this.pending = { after, next };
  }

  /** The prepared batch after `after`, if one was started from there and succeeded; otherwise the batch is read anew. */
  async take(after: GlobalPosition): Promise<ReadAhead | undefined> {
    const lookahead = this.pending;
    if (!lookahead) return undefined;
    this.pending = undefined;
    const result = await lookahead.next.catch(() => undefined);
    if (!result || result.events.length === 0 || comparePositions(lookahead.after, after) !== 0) return undefined;
    return result;
  }

  /** Discards the batch ahead (awaited, so nothing still uses the store or the cache). */
  async drop(): Promise<void> {
    const lookahead = this.pending;
    this.pending = undefined;
    await lookahead?.next.catch(() => undefined);
  }

  /** Forgets the batch ahead without waiting (the tables it was prepared for are gone or another owner's). */
  clear(): void {
    this.pending = undefined;
  }
}
