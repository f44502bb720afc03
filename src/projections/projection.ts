import { EntityManager } from 'typeorm';
import { RecordedEvent, ReadStreamOptions } from '../event-store/event-store.port';
import { ProjectionCache } from './projection-cache';
import { contribute, contributionKind } from '../wiring/contributions';
import type { StreamStates } from './stream-states';
import { WriteStatement } from './write-statement';

/**
 * A projection turns the stored event log into read-model tables. The runner
 * (`projection-runner.ts`) feeds it batches in global order and commits the
 * read-model changes and the checkpoint in one transaction.
 *
 * Rules a projection keeps:
 * - it writes only its own `tables`, always through `context.table(name)`: during
 *   a rebuild the runner points that at a shadow copy built beside the live one;
 * - `apply` is deterministic: the same events give the same rows (no clock, no
 *   random ids), so a rebuild equals the incremental result;
 * - it ignores event types it does not know.
 */
export interface ProjectionContext {
  /** The runner's transaction: every write goes through it. */
  manager: EntityManager;
  /** The physical, quoted name of one of this projection's tables (live or shadow). */
  table(name: string): string;
  /** Memory kept between batches of this projection into these tables (live and shadow have their own). */
  cache: ProjectionCache;
  /** What `prepare` returned for this batch (undefined without `prepare`). */
  prepared?: unknown;
}

/** What `writeTo` may use: the batch's writes go into the statement it is given, not through a connection. */
export type WriteContext = Omit<ProjectionContext, 'manager'>;

/** What `prepare` may use: no transaction, no read-model tables. */
export interface PrepareContext {
  cache: ProjectionCache;
  /** Folded stream states shared by the projections of this process that follow the same streams (stream-states.ts). */
  states: StreamStates;
  /** Reads a stream from the event store, e.g. to rebuild a cache entry the projection no longer has. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
}

export interface Projection {
  /** Stable id, e.g. `question-views`; the checkpoint is kept under it. */
  readonly name: string;
  /** The tables this projection owns, created by migrations; rebuilt side by side and swapped in. */
  readonly tables: readonly string[];
  apply(events: RecordedEvent[], context: ProjectionContext): Promise<void>;
  /**
   * Optional: whether `apply` does anything with this event. A batch with none
   * it handles only advances the checkpoint (one statement, no transaction,
   * no `prepare`) — most of the log is other slices' events.
   */
  handles?(event: RecordedEvent): boolean;
  /**
   * Optional: everything `apply` needs that is not a write — loading from
   * outside the projection's tables (e.g. folding a stream) and computing the
   * rows — before the batch's transaction opens, never inside it (the embedded
   * database has one connection, which the transaction holds). The result
   * reaches `apply` as `context.prepared`.
   *
   * During a backlog the runner prepares the next batch while the current
   * one's transaction is being written, so it must not rely on that
   * transaction committing: whatever it keeps in `cache` has to stay true if
   * it rolls back (the runner then discards the next batch's preparation).
   */
  prepare?(events: RecordedEvent[], context: PrepareContext): Promise<unknown>;
  /**
   * Optional: the batch's writes as parts of one statement (write-statement.ts),
   * for a projection whose writes all fit one. The runner then writes a batch
   * in a single round trip — the statement also advances the checkpoint, and
   * makes its writes only if the checkpoint had not moved — instead of a
   * transaction of five (docs/performance.md). `apply` must do the same writes
   * (callers without a runner use it).
   */
  writeTo?(statement: WriteStatement, events: RecordedEvent[], context: WriteContext): void;
}

/** The projections the engine runs: every module that owns one declares it with `registerProjections`. */
export const PROJECTIONS = contributionKind<Projection>('projections');

export function registerProjections(owner: string, projections: readonly Projection[]) {
  return contribute(PROJECTIONS, owner, projections);
}

/** Injection token of the list the engine is handed (src/app-modules.ts gathers it). */
export const RUN_PROJECTIONS = Symbol('RUN_PROJECTIONS');
