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
 * turns. One batch ahead per checkpoint (live, and the rebuild's shadow). A
 * prepared batch is used only if it starts exactly where the committed
 * checkpoint is; after a failed write it is dropped.
 */
export class Lookaheads {
  private readonly pending = new Map<string, { after: GlobalPosition; next: Promise<ReadAhead> }>();

  /** Starts reading and preparing the batch after `after`. */
  start(checkpointName: string, after: GlobalPosition, read: () => Promise<ReadAhead>): void {
    const next = read();
    // Not awaited yet: a failure shows again when the batch is read and prepared in turn.
    next.catch(() => undefined);
    this.pending.set(checkpointName, { after, next });
  }

  /** The prepared batch after `after`, if one was started from there and succeeded; otherwise the batch is read anew. */
  async take(checkpointName: string, after: GlobalPosition): Promise<ReadAhead | undefined> {
    const lookahead = this.pending.get(checkpointName);
    if (!lookahead) return undefined;
    this.pending.delete(checkpointName);
    const result = await lookahead.next.catch(() => undefined);
    if (!result || result.events.length === 0 || comparePositions(lookahead.after, after) !== 0) return undefined;
    return result;
  }

  /** Discards the batch ahead (awaited, so nothing still uses the store or the cache). */
  async drop(checkpointName: string): Promise<void> {
    const lookahead = this.pending.get(checkpointName);
    this.pending.delete(checkpointName);
    await lookahead?.next.catch(() => undefined);
  }

  async dropAll(): Promise<void> {
    for (const name of [...this.pending.keys()]) await this.drop(name);
  }

  /** Forgets every batch ahead without waiting (the tables they were prepared for are gone or another owner's). */
  clear(): void {
    this.pending.clear();
  }
}
