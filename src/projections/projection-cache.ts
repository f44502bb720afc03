/**
 * A bounded, least-recently-used memory a projection may keep between batches
 * (e.g. the folded state of the aggregates it follows), so that it need not
 * read back what it wrote. It is an optimisation only: the runner clears it
 * whenever a batch's transaction fails or ownership is (re)gained, and a
 * projection must check an entry still fits the events it is given (by
 * revision) and rebuild it from the event store when it does not.
 */
export class ProjectionCache<V = unknown> {
  private readonly entries = new Map<string, V>();

  constructor(readonly maxEntries = 2_000) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    // Map keeps insertion order: re-inserting marks the entry as recently used.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
