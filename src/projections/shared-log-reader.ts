import { EventStore, GlobalPosition, RecordedEvent, comparePositions, formatPosition } from '../event-store/event-store.port';
import { START } from './checkpoint-store';

/** How long a read that found the head answers for it while no append is signalled (`SharedLogReader.appended`). */
const HEAD_KNOWN_AT_MOST_MS = 1_000;

/**
 * How long a runner ahead waits per batch for a slower one that still needs
 * the kept batches, and how recently a runner must have asked to count as one
 * (below the runners' retry delay, PROJECTION_RETRY_MS, 5 s by default, so a
 * failing runner holds nobody back). In a rebuild the runners that handle
 * little run far ahead of the follow-up histories; the wait is longer than a
 * history takes over a batch, so they wait for it rather than read the log
 * again for themselves (docs/performance.md, "Design choices for speed"). A
 * rebuild is as fast as its slowest projection, so those waiting lose nothing.
 */
const MAX_WAIT_MS = 2_000;
const ACTIVE_WITHIN_MS = 2_500;

/**
 * The most events a SharedLogReader keeps (its batches), unless two of its
 * batches need more (SharedLogReaders): five rebuild batches of 5,000, of which
 * the runners ahead of the slowest fill four (docs/performance.md, "Rebuild").
 */
const MAX_KEPT_EVENTS = 25_000;
const TAIL_EVENTS = 1_000;
const DEFAULT_LIMITS = { maxEvents: MAX_KEPT_EVENTS, maxWaitMs: MAX_WAIT_MS, activeWithinMs: ACTIVE_WITHIN_MS, tailEvents: TAIL_EVENTS };

/** What a projection runner reads the global log through. */
export interface LogReader {
  /** `consumer` names the reader (its checkpoint), so a shared reader knows who still needs a batch. */
  readBatch(after: GlobalPosition | undefined, maxCount: number, consumer: string): Promise<RecordedEvent[]>;
  /** `consumer` is about to read from `after` in batches of `maxCount` (SharedLogReader.expect). */
  expect?(consumer: string, after: GlobalPosition | undefined, maxCount: number): void;
}

/** The store itself: every read goes to the database. */
export function directLogReader(store: EventStore): LogReader {
  return { readBatch: (after, maxCount) => store.readAll({ after, maxCount }) };
}

/**
 * One read of the global log for every projection runner of this process.
 *
 * Runners that catch up on a backlog (first start, a rebuild, a long outage)
 * start at the same checkpoint with the same batch size, so they ask for the
 * same batches; read separately, the database sends and Node parses every
 * event once per projection. Here the first runner to ask reads a batch, the others are
 * given the same events, and the next batch is read ahead while they apply it.
 *
 * Only full batches are kept or read ahead. A full batch is final: the log is
 * read below the oldest running transaction (PostgreSQL) or in commit order
 * (embedded, EventStoreDB), so no later commit can fall inside it, and every
 * runner asking at that position would be given exactly these events. A short
 * batch means the reader is at the head, where the next read may find more, so
 * it is handed out and forgotten. The events are shared objects: projections
 * never modify an event they are given (upcasting makes new objects).
 *
 * Runners do not start at the same instant (each first takes its lock and
 * loads its checkpoint), so a batch every runner has passed is kept a little
 * longer (`activeWithinMs`) as spare: a runner starting late from the same
 * checkpoint is given it instead of reading it again, where it would otherwise
 * read the start of the log a second time (docs/performance.md). Spare batches
 * are the first dropped when room is needed.
 *
 * Memory is bounded by `maxEvents`. A runner with a slower one behind it may
 * fill all but one batch of it; when that much is kept, it waits (at most
 * `maxWaitMs` per batch) rather than read past: in a backlog the slowest
 * projection sets the pace anyway, and each event is then read once instead of
 * once per projection. The last batch of room is the slowest runner's, for the
 * batch it reads ahead; only the slowest drops kept batches to make room (the
 * ones needed last first), and a runner ahead whose wait ran out reads for
 * itself and keeps nothing, so the batches a slower runner needs next are never
 * dropped for one ahead, and each batch is read once (docs/performance.md,
 * "Rebuild"). A runner that has not asked for
 * `activeWithinMs` (stopped, failing and retrying) holds nobody back; one whose
 * rebuild is about to begin (`expect`) counts as asking from where it starts.
 *
 * At the head of the log each command's events arrive in a short read of
 * their own, and runners ask from the different positions their last write
 * left them at. The events of the latest reads are kept as one run (`tail`,
 * at most `tailEvents`): every event from where the run starts to its last
 * event, all of them final as a full batch's are. A runner asking from inside
 * the run is given the rest of it without a read; only one asking from its
 * end reads, and what it reads extends the run. A runner given the run's end
 * while more was appended meanwhile reads that at its next step, as it does
 * after any batch.
 *
 * Where every append to the log is made in this process and signalled to the
 * reader (`appended`: the embedded database, which one process opens), a read
 * that found the head is not repeated while nothing has been appended since it
 * began, for at most HEAD_KNOWN_AT_MOST_MS (an append made past the signal, by
 * a test or a tool, is still found): a runner asking from there is told at once
 * that nothing follows. Each runner would otherwise read the head itself at
 * every idle poll, and on the embedded database's one connection those
 * empty reads queue before the statements that do work.
 */
export class SharedLogReader implements LogReader {
  /** Batches by their start position, oldest first (Map keeps insertion order). */
  private readonly batches = new Map<string, KeptBatch>();
  /** Where each runner (by checkpoint name) last asked to read from, and when. */
  private readonly consumers = new Map<string, { after: GlobalPosition; askedAt: number }>();
  private waiters: Array<() => void> = [];
  /** The latest events read, as one unbroken run: every event after `after` up to the last one kept. */
  private tail: { after: GlobalPosition; events: RecordedEvent[] } | undefined;
  /** Appends signalled so far (`appended`), if every append is; undefined when appends are not signalled. */
  private appends: number | undefined;
  /** Where the latest read found the head of the log, and the appends signalled when it began. */
  private head: { at: GlobalPosition; appends: number; readAt: number } | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly limits: { maxEvents: number; maxWaitMs: number; activeWithinMs: number; tailEvents?: number } = DEFAULT_LIMITS,
    options: { appendsSignalled?: boolean } = {},
  ) {
    if (options.appendsSignalled) this.appends = 0;
  }

  /** An append committed (only where the reader was told that every append is signalled). */
  appended(): void {
    if (this.appends !== undefined) this.appends++;
  }

  /**
   * A runner is about to read from `after` (its rebuild begins, and first makes
   * its tables): until it asks, or for `activeWithinMs` if it never does, it
   * counts as a runner there, so the runners already reading keep the batches
   * it will ask for instead of passing them by.
   */
  expect(consumer: string, after: GlobalPosition | undefined): void {
    this.consumers.set(consumer, { after: after ?? START, askedAt: Date.now() });
  }

  async readBatch(after: GlobalPosition | undefined, maxCount: number, consumer = 'anonymous'): Promise<RecordedEvent[]> {
    const from = after ?? START;
    this.consumers.set(consumer, { after: from, askedAt: Date.now() });
    this.sparePassedBatches();
    this.wakeWaiters();
    const key = keyOf(after);
    const deadline = Date.now() + this.limits.maxWaitMs;
    let batch = this.keptBatch(key, maxCount);
    // The check for room and the read that takes it run in one step, so two runners woken together never both take the last room.
    while (!batch && this.someoneActiveBehind(from) && !this.makeRoomFor(maxCount, from) && Date.now() < deadline) {
      await this.nextAsk(deadline);
      this.sparePassedBatches();
      batch = this.keptBatch(key, maxCount);
    }
    if (!batch) {
      const kept = this.fromTail(from, maxCount);
      if (kept) return kept;
      if (this.atKnownHead(from)) return [];
    }
    const events = await (batch ? batch.events : this.read(key, after, maxCount, this.keepsReadOf(maxCount, from)));
    if (events.length === maxCount) this.readAhead(events[events.length - 1].position, maxCount, from);
    return events;
  }

  private keptBatch(key: string, maxCount: number): KeptBatch | undefined {
    const batch = this.batches.get(key);
    return batch && batch.maxCount === maxCount ? batch : undefined;
  }

  /**
   * Whether a read from `from` is kept: when there is room, and always for the
   * slowest runner, which drops the batches needed last to make room (those
   * ahead wait for room, so this happens only after they ran ahead while
   * nobody was behind). A runner ahead that waited `maxWaitMs` in vain reads
   * for itself, and the batches the slower ones need next stay.
   */
  private keepsReadOf(maxCount: number, from: GlobalPosition): boolean {
    return this.makeRoomFor(maxCount, from) || !this.someoneActiveBehind(from);
  }

  /** The kept run's events after `after`, if `after` falls inside it (not at its end, where only a read can tell what follows). */
  private fromTail(after: GlobalPosition, maxCount: number): RecordedEvent[] | undefined {
    const tail = this.tail;
    if (!tail || tail.events.length === 0) return undefined;
    if (comparePositions(after, tail.after) < 0 || comparePositions(after, tail.events[tail.events.length - 1].position) >= 0) return undefined;
    let first = 0;
    while (comparePositions(tail.events[first].position, after) <= 0) first++;
    return tail.events.slice(first, first + maxCount);
  }

  /** Adds what a read found after `after` to the kept run: it continues the run when read from the run's end (or inside it), else starts a new one. */
  private keepTail(after: GlobalPosition, events: RecordedEvent[]): void {
    if (events.length === 0) return;
    const tail = this.tail;
    const last = tail?.events[tail.events.length - 1]?.position ?? tail?.after;
    const continues = tail && last && comparePositions(after, tail.after) >= 0 && comparePositions(after, last) <= 0;
    let run: { after: GlobalPosition; events: RecordedEvent[] };
    if (continues) {
      const newer = events.filter((event) => comparePositions(event.position, last) > 0);
      run = { after: tail.after, events: newer.length > 0 ? tail.events.concat(newer) : tail.events };
    } else if (!tail || !last || comparePositions(events[events.length - 1].position, last) > 0) {
      run = { after, events };
    } else {
      return;
    }
    const extra = run.events.length - (this.limits.tailEvents ?? TAIL_EVENTS);
    if (extra > 0) run = { after: run.events[extra - 1].position, events: run.events.slice(extra) };
    this.tail = run;
  }

  /** Whether `after` is where a read found the head, with nothing appended since that read began. */
  private atKnownHead(after: GlobalPosition): boolean {
    const head = this.head;
    return head !== undefined && head.appends === this.appends && Date.now() - head.readAt < HEAD_KNOWN_AT_MOST_MS && comparePositions(after, head.at) === 0;
  }

  private read(key: string, after: GlobalPosition | undefined, maxCount: number, keep: boolean): Promise<RecordedEvent[]> {
    const appends = this.appends;
    const readAt = Date.now();
    const events = this.store.readAll({ after, maxCount });
    if (keep) {
      this.batches.delete(key);
      this.dropNeededLast(maxCount);
      this.batches.set(key, { after: after ?? START, maxCount, events });
      // A runner waiting for room may be waiting for this very batch.
      this.wakeWaiters();
    }
    events.then(
      (read) => {
        // Reads at the head (short) are kept as the run; a backlog's full batches are kept and shared as batches.
        if (read.length < maxCount) this.keepTail(after ?? START, read);
        if (read.length < maxCount && appends !== undefined) this.head = { at: read.at(-1)?.position ?? after ?? START, appends, readAt };
        if (read.length < maxCount) this.forget(key, events);
      },
      () => this.forget(key, events),
    );
    return events;
  }

  /**
   * Reads the next batch while the runners apply this one, if there is room;
   * a runner ahead leaves one batch of room for the slower ones (makeRoomFor).
   */
  private readAhead(after: GlobalPosition, maxCount: number, askerAt: GlobalPosition): void {
    const key = keyOf(after);
    if (this.batches.has(key)) return;
    if (!this.makeRoomFor(maxCount, askerAt)) return;
    // Nobody awaits a read-ahead yet: the runner that asks for it sees its failure (and reads again).
    this.read(key, after, maxCount, true).catch(() => undefined);
  }

  /**
   * Drops spare batches until `count` more events fit in the bound, and says whether they do.
   * A runner with an active one behind it (asking from before `from`) may fill all but one
   * batch of it: the last is the slowest runner's, so that the one behind reads
   * its next batch ahead instead of finding the bound full of batches it needs
   * later, and the two never take turns dropping each other's.
   */
  private makeRoomFor(count: number, from: GlobalPosition): boolean {
    const bound = this.someoneActiveBehind(from) ? this.limits.maxEvents - count : this.limits.maxEvents;
    this.dropSpare(count, bound);
    return this.keptEvents() + count <= bound;
  }

  /** Waits until a runner asks or a batch is read, at most until `deadline` and never longer than `activeWithinMs` (the one waited for may have stopped). */
  private nextAsk(deadline: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => resolve(), Math.max(0, Math.min(deadline - Date.now(), this.limits.activeWithinMs)));
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private someoneActiveBehind(after: GlobalPosition): boolean {
    const active = Date.now() - this.limits.activeWithinMs;
    for (const consumer of this.consumers.values()) {
      if (consumer.askedAt >= active && comparePositions(consumer.after, after) < 0) return true;
    }
    return false;
  }

  /**
   * Batches every active runner has moved past become spare, and are forgotten
   * once spare for `activeWithinMs`; a runner that (re)appears behind one makes it needed again.
   */
  private sparePassedBatches(): void {
    const now = Date.now();
    const active = now - this.limits.activeWithinMs;
    let slowest: GlobalPosition | undefined;
    for (const [name, consumer] of this.consumers) {
      if (consumer.askedAt < active) this.consumers.delete(name);
      else if (!slowest || comparePositions(consumer.after, slowest) < 0) slowest = consumer.after;
    }
    for (const [key, batch] of this.batches) {
      const passed = !slowest || comparePositions(batch.after, slowest) < 0;
      if (!passed) batch.spareSince = undefined;
      else if (batch.spareSince === undefined) batch.spareSince = now;
      else if (batch.spareSince < active) this.batches.delete(key);
    }
  }

  /** Makes room for `count` more events in the bound: spare batches first, then the batches needed last (farthest ahead). */
  private dropNeededLast(count: number): void {
    const bound = this.limits.maxEvents;
    this.dropSpare(count, bound);
    this.dropUntilFits(
      count,
      bound,
      [...this.batches].sort(([, a], [, b]) => comparePositions(b.after, a.after)),
    );
  }

  /** Drops spare batches, oldest first, until `count` more events fit in `bound`. */
  private dropSpare(count: number, bound: number): void {
    this.dropUntilFits(
      count,
      bound,
      [...this.batches].filter(([, batch]) => batch.spareSince !== undefined),
    );
  }

  /** Drops `candidates` in their order until `count` more events fit in `bound`. */
  private dropUntilFits(count: number, bound: number, candidates: Array<[string, KeptBatch]>): void {
    let kept = this.keptEvents();
    for (const [key, batch] of candidates) {
      if (kept + count <= bound) return;
      this.batches.delete(key);
      kept -= batch.maxCount;
    }
  }

  private keptEvents(): number {
    let kept = 0;
    for (const batch of this.batches.values()) kept += batch.maxCount;
    return kept;
  }

  private wakeWaiters(): void {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((wake) => wake());
  }

  private forget(key: string, events: Promise<RecordedEvent[]>): void {
    if (this.batches.get(key)?.events === events) this.batches.delete(key);
  }

  /** Batches kept now (tests). */
  get size(): number {
    return this.batches.size;
  }
}

/**
 * The process's shared reads of the log, one SharedLogReader per batch size:
 * live batches (PROJECTION_BATCH_SIZE) and batches into shadow tables
 * (PROJECTION_REBUILD_BATCH_SIZE, a rebuild or a first build on a backlog).
 *
 * A kept batch is only ever handed to a runner asking with its size (only the
 * run of short reads kept at the head goes to any), so runners of different
 * sizes would hardly share a read; apart, a runner of one size never waits for
 * runners of another. In one reader, rebuilds' kept batches would fill the
 * bound, and a live runner at the head, far ahead of the rebuilds that still
 * need them, would wait up to MAX_WAIT_MS per batch before it reads.
 * Each size keeps at most MAX_KEPT_EVENTS, or two of its batches if that is
 * more, so a batch can always be read ahead while the one before is applied;
 * a live reader at the head keeps only its short reads' run (`tailEvents`).
 */
export class SharedLogReaders implements LogReader {
  private readonly readers = new Map<number, SharedLogReader>();

  constructor(
    private readonly store: EventStore,
    private readonly options: { appendsSignalled?: boolean; limits?: { maxEvents: number; maxWaitMs: number; activeWithinMs: number } } = {},
  ) {}

  readBatch(after: GlobalPosition | undefined, maxCount: number, consumer = 'anonymous'): Promise<RecordedEvent[]> {
    return this.readerFor(maxCount).readBatch(after, maxCount, consumer);
  }

  expect(consumer: string, after: GlobalPosition | undefined, maxCount: number): void {
    this.readerFor(maxCount).expect(consumer, after);
  }

  /** An append committed (only where every append is signalled): every reader's knowledge of the head is out of date. */
  appended(): void {
    for (const reader of this.readers.values()) reader.appended();
  }

  private readerFor(maxCount: number): SharedLogReader {
    let reader = this.readers.get(maxCount);
    if (!reader) {
      const { maxEvents, maxWaitMs, activeWithinMs } = this.options.limits ?? DEFAULT_LIMITS;
      const limits = { maxEvents: Math.max(maxEvents, 2 * maxCount), maxWaitMs, activeWithinMs, tailEvents: TAIL_EVENTS };
      this.readers.set(maxCount, (reader = new SharedLogReader(this.store, limits, { appendsSignalled: this.options.appendsSignalled })));
    }
    return reader;
  }
}

interface KeptBatch {
  after: GlobalPosition;
  maxCount: number;
  events: Promise<RecordedEvent[]>;
  /** Since when every active runner has passed it (ms), if they have. */
  spareSince?: number;
}

function keyOf(after: GlobalPosition | undefined): string {
  return after ? formatPosition(after) : 'start';
}
