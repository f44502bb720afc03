import { RecordedEvent, ReadStreamOptions } from '../event-store/event-store.port';
import { ProjectionCache } from './projection-cache';
import { contribute, contributionKind } from '../wiring/contributions';
import type { StreamStates } from './stream-states';
import { WriteStatement } from './write-statement';

/**
 * A projection turns the stored event log into read-model tables. The runner
 * (`projection-runner.ts`, through its `batch-writer.ts`) feeds it batches in global order; the projection
 * computes the batch's rows in `prepare` and offers its writes as parts of one
 * statement in `writeTo`, which the runner sends with the checkpoint's advance
 * (`batchWrites` in checkpoint-store.ts) — so the rows and the checkpoint commit together or not at all.
 *
 * Rules a projection keeps:
 * - it writes only its own `tables`, always through `context.table(name)`: during
 *   a rebuild the runner points that at a shadow copy built beside the live one;
 * - it is deterministic: the same events give the same rows (no clock, no
 *   random ids), so a rebuild equals the incremental result;
 * - it ignores event types it does not know.
 */
export interface WriteContext {
  /** The physical, quoted name of one of this projection's tables (live or shadow). */
  table(name: string): string;
  /** Memory kept between batches of this projection into these tables (live and shadow have their own). */
  cache: ProjectionCache;
  /** What `prepare` returned for this batch (undefined without `prepare`). */
  prepared?: unknown;
}

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
  /**
   * Optional: whether the projection does anything with this event. A batch
   * with none it handles only advances the checkpoint (one statement, no
   * `prepare`) — most of the log is other slices' events.
   */
  handles?(event: RecordedEvent): boolean;
  /**
   * Optional: everything that is not a write — folding streams (through
   * `context.states`), reading from outside the projection's tables,
   * computing and encoding the rows. The runner calls it before the batch's
   * statement, never inside a transaction (the embedded database has one
   * connection, which a transaction would hold). The result reaches `writeTo`
   * as `context.prepared`.
   *
   * During a backlog the runner prepares the next batch while the current
   * one is being written, so it must not rely on that write committing:
   * whatever it keeps in `cache` has to stay true if it rolls back (the
   * runner then discards the next batch's preparation and clears the cache).
   */
  prepare?(events: RecordedEvent[], context: PrepareContext): Promise<unknown>;
  /**
   * The batch's writes as parts of one statement (write-statement.ts). The
   * runner's statement also advances the checkpoint and makes the writes
   * only if the checkpoint had not moved; a caller without a runner (the
   * replay check) sends it as it is (`batchWrites.unguarded`). Adds nothing
   * when the batch changes nothing.
   */
  writeTo(statement: WriteStatement, events: RecordedEvent[], context: WriteContext): void;
}

/** The projections the engine runs: every module that owns one declares it with `registerProjections`. */
export const PROJECTIONS = contributionKind<Projection>('projections');

export function registerProjections(owner: string, projections: readonly Projection[]) {
  return contribute(PROJECTIONS, owner, projections);
}

/** Injection token of the list the engine is handed (src/app-modules.ts gathers it). */
export const RUN_PROJECTIONS = Symbol('RUN_PROJECTIONS');
