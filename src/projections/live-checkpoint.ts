import { DataSource } from 'typeorm';
import { GlobalPosition, RecordedEvent, comparePositions } from '../event-store/event-store.port';
import { type Checkpoint, batchWrites, checkpoints } from './checkpoint-store';
import type { StoredPosition } from './batch-writer';

/** How long the runner trusts the live position it committed itself before reading the stored checkpoint again. */
const CHECKPOINT_RECHECK_MS = 1_000;

/**
 * The longest a runner caught up at the head of the log keeps the events it
 * passed over (nothing in them for its projection) without writing its
 * checkpoint. Each command's events would otherwise cost every projection that
 * does not handle them a write of its own.
 */
const DEFER_ADVANCE_AT_MOST_MS = 250;

/**
 * Where the live checkpoint stands, as the runner that owns it knows it: what
 * it last committed or loaded (`known`, which read-your-writes waits on
 * without a round trip), when it last read the stored row, and the advance it
 * holds back over events passed at the head of the log. The stored row is
 * read at most every CHECKPOINT_RECHECK_MS (always while a rebuild is under
 * way): between reads the runner knows what it committed itself, which saves
 * a round trip per batch, and each batch's statement still checks the row, so
 * a moved checkpoint is never missed. The reads also notice rebuild requests
 * made by other processes.
 */
export class LiveCheckpoint implements StoredPosition {
  /** The live checkpoint's position as last loaded or committed by this runner (never ahead of what is committed). */
  private committed: GlobalPosition | undefined;
  /** When the stored row was last read (0: read it at the next step). */
  private readAt = 0;
  /**
   * Events at the head of the log passed over (none for this projection) but
   * not yet written to the stored row: where the row stands, the last event
   * passed, how many were passed, and since when. `committed` is already past
   * them; the next write (a batch, or the advance after
   * DEFER_ADVANCE_AT_MOST_MS) moves the row from `from`, guarded by it.
   */
  private deferred: { from: GlobalPosition; last: RecordedEvent; count: number; since: number } | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly name: string,
    /** While a rebuild is under way the row is read at every step and nothing is held back. */
    private readonly rebuilding: () => boolean,
  ) {}

  /** What this runner last committed or loaded; undefined before it has read the row since taking ownership. */
  get known(): GlobalPosition | undefined {
    return this.committed;
  }

  /**
   * Where the live read model stands: the position this runner knows, or the
   * stored row when it is due to be read. `stored` is the row when it was
   * read and holds news for the runner (a rebuild request, another owner's
   * progress); it is absent when the runner's own memory answered.
   */
  async read(): Promise<{ position: GlobalPosition; stored?: Checkpoint }> {
    if (this.committed && !this.rebuilding() && Date.now() - this.readAt < CHECKPOINT_RECHECK_MS) return { position: this.committed };
    const live = await checkpoints.load(this.dataSource.manager, this.name);
    if (!live) throw new Error(`checkpoint row ${this.name} is missing`);
    this.readAt = Date.now();
    // The stored row where the deferred advance starts: this runner is past it (the events between are passed over).
    if (this.deferred && comparePositions(live.position, this.deferred.from) === 0 && !live.rebuildRequestedAt)
      return { position: this.deferred.last.position };
    this.deferred = undefined;
    this.committed = live.position;
    return { position: live.position, stored: live };
  }

  /** A live batch moved the runner past `position` (committed, or passed over with its advance held back). */
  passed(position: GlobalPosition): void {
    this.committed = position;
  }

  /** Reads the stored row at the next step (a rebuild requested in this process, a swap). */
  recheck(): void {
    this.readAt = 0;
  }

  /** The next step starts from the stored row (after an error, on taking ownership): nothing held back is written. */
  restart(): void {
    this.readAt = 0;
    this.deferred = undefined;
  }

  /** Ownership lost: this runner no longer knows where the checkpoint stands. */
  forget(): void {
    this.committed = undefined;
    this.restart();
  }

  /** Milliseconds until the held-back advance is due (at most DEFER_ADVANCE_AT_MOST_MS after the first event passed); Infinity when none is. */
  deferredDueIn(): number {
    return this.deferred ? this.deferred.since + DEFER_ADVANCE_AT_MOST_MS - Date.now() : Infinity;
  }

  /** Writes the held-back advance, if any, while this runner owns the checkpoint (`owned`); otherwise forgets it. */
  async writeDeferred(owned: boolean): Promise<void> {
    const deferred = this.deferred;
    if (!deferred) return;
    if (!owned) {
      this.deferred = undefined;
      return;
    }
    await batchWrites.advanceOnly(this.dataSource, this.name, deferred.from, deferred.last, deferred.count);
    this.deferred = undefined;
  }

  from(after: GlobalPosition): { position: GlobalPosition; passed: number } {
    return this.deferred ? { position: this.deferred.from, passed: this.deferred.count } : { position: after, passed: 0 };
  }

  written(): void {
    this.deferred = undefined;
  }

  /** Caught up at the head: the advance waits for the next write, or DEFER_ADVANCE_AT_MOST_MS (the runner's memory is past the events already). */
  defer(after: GlobalPosition, last: RecordedEvent, count: number): boolean {
    if (this.rebuilding()) return false;
    const deferred = this.deferred;
    this.deferred = { from: deferred?.from ?? after, last, count: (deferred?.count ?? 0) + count, since: deferred?.since ?? Date.now() };
    return true;
  }
}
