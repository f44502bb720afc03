import { LruMap } from '../shared-kernel/lru-map';

/**
 * A bounded, least-recently-used memory a projection may keep between batches
 * (e.g. the folded state of the aggregates it follows), so that it need not
 * read back what it wrote. It is an optimisation only: the runner clears it
 * whenever a batch's transaction fails or ownership is (re)gained, and a
 * projection must check an entry still fits the events it is given (by
 * revision) and rebuild it from the event store when it does not.
 */
export class ProjectionCache<V = unknown> extends LruMap<V> {
  constructor(maxEntries = 2_000) {
    super(maxEntries);
  }
}
