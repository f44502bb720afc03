import { GlobalPosition, RecordedEvent, comparePositions } from '../event-store/event-store.port';

/** A batch read, and prepared if the projection has anything to prepare in it. */
export interface ReadAhead {
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
export class Lookahead {
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
