import type { ReadStreamOptions, RecordedEvent } from '../event-store/event-store.port';
import { LruMap } from '../shared-kernel/lru-map';

/** What folding needs of a projection's `prepare` context (projection.ts). */
interface FoldContext {
  states: StreamStates;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
}

/** A stream's state after the event at `revision` (-1: before its first event), and the latest `occurredAt` up to it. */
export interface Folded<S> {
  readonly revision: number;
  readonly state: S;
  readonly maxOccurredAt: string | null;
}

/** How the streams of one kind fold: published by the slice that owns them, the same for every projection that follows them. */
export interface StreamFold<S> {
  /** Names the fold in the shared memory: projections that follow the same streams with the same fold share their states. */
  readonly name: string;
  follows(event: RecordedEvent): boolean;
  initial(): S;
  evolve(state: S, event: RecordedEvent): S;
}

/** One stream through one batch: its state before the batch's first event of it and after its last. */
export interface StreamStep<S> {
  readonly streamId: string;
  readonly before: Folded<S>;
  readonly after: Folded<S>;
}

/** States kept when none is given: room for the streams of several full batches of every projection that follows them. */
const STATES_KEPT = 8_000;

/**
 * The folded states of streams, shared by the projections of one process that
 * follow the same streams: kept by stream and revision, so the state after a
 * batch that one projection folded is the state before that batch's successor
 * for every other, and what is derived from a state (a question's standing) is
 * computed once for all of them (`derive`). A state at a revision is the fold
 * of the immutable stream up to it, so an entry never goes stale, whichever
 * projection put it there and whether or not its batch committed. Least
 * recently used first out; whatever is not here is folded from the stream.
 */
export class StreamStates {
  private readonly kept: LruMap<Folded<unknown>>;
  private readonly derived = new WeakMap<object, Map<string, unknown>>();

  constructor(maxEntries = STATES_KEPT) {
    this.kept = new LruMap(maxEntries);
  }

  get<S>(fold: StreamFold<S>, streamId: string, revision: number): Folded<S> | undefined {
    return this.kept.get(keyOf(fold, streamId, revision)) as Folded<S> | undefined;
  }

  set<S>(fold: StreamFold<S>, streamId: string, folded: Folded<S>): void {
    this.kept.set(keyOf(fold, streamId, folded.revision), folded);
  }

  /** What `compute` derives from a folded state, computed once per state for every projection that asks under the same name. */
  derive<S, D>(folded: Folded<S>, name: string, compute: (state: S) => D): D {
    let values = this.derived.get(folded);
    if (!values) this.derived.set(folded, (values = new Map()));
    if (values.has(name)) return values.get(name) as D;
    const value = compute(folded.state);
    values.set(name, value);
    return value;
  }

  clear(): void {
    this.kept.clear();
  }
}

function keyOf(fold: StreamFold<unknown>, streamId: string, revision: number): string {
  return `${fold.name}\u0001${streamId}\u0001${revision}`;
}

/**
 * Each stream the batch touches through the batch: its state before (kept,
 * new, or folded from its stream up to that event), and after (kept when
 * another projection already folded the same batch, otherwise evolved here).
 * `eachState`, when given, sees the state after every event of the batch
 * (the states are then always evolved here). Lets the event loop in while it
 * works, so a batch's statement already sent is answered while the next is
 * planned (`inTurns`).
 */
export async function stepsThrough<S>(
  fold: StreamFold<S>,
  events: readonly RecordedEvent[],
  context: FoldContext,
  eachState?: (streamId: string, folded: Folded<S>, event: RecordedEvent) => void,
): Promise<Array<StreamStep<S>>> {
  const byStream = new Map<string, RecordedEvent[]>();
  for (const event of events) {
    if (!fold.follows(event)) continue;
    const list = byStream.get(event.streamId);
    if (list) list.push(event);
    else byStream.set(event.streamId, [event]);
  }
  const steps: Array<StreamStep<S>> = [];
  const turns = new Turns();
  for (const [streamId, streamEvents] of byStream) {
    await turns.maybeYield();
    const before = await stateBefore(fold, streamId, streamEvents[0], context);
    const last = streamEvents[streamEvents.length - 1];
    let after = eachState ? undefined : context.states.get(fold, streamId, last.revision);
    if (!after) {
      let folded = before;
      for (const event of streamEvents) {
        if (event.revision !== folded.revision + 1) throw new Error(`stream ${streamId}: event revision ${event.revision} does not follow ${folded.revision}`);
        folded = {
          revision: event.revision,
          state: fold.evolve(folded.state, event),
          maxOccurredAt: laterInstant(folded.maxOccurredAt, event.metadata.occurredAt),
        };
        eachState?.(streamId, folded, event);
      }
      after = folded;
      context.states.set(fold, streamId, after);
    }
    steps.push({ streamId, before, after });
  }
  return steps;
}

/** The stream's state just before `event`: kept, new, or folded from its stream. */
async function stateBefore<S>(fold: StreamFold<S>, streamId: string, event: RecordedEvent, context: FoldContext): Promise<Folded<S>> {
  if (event.revision === 0) return { revision: -1, state: fold.initial(), maxOccurredAt: null };
  const kept = context.states.get(fold, streamId, event.revision - 1);
  if (kept) return kept;
  const earlier = await context.readStream(streamId, { fromRevision: 0, maxCount: event.revision });
  if (earlier.length !== event.revision) throw new Error(`stream ${streamId}: found ${earlier.length} events before revision ${event.revision}`);
  let folded: Folded<S> = { revision: -1, state: fold.initial(), maxOccurredAt: null };
  for (const earlierEvent of earlier) {
    folded = {
      revision: earlierEvent.revision,
      state: fold.evolve(folded.state, earlierEvent),
      maxOccurredAt: laterInstant(folded.maxOccurredAt, earlierEvent.metadata.occurredAt),
    };
  }
  context.states.set(fold, streamId, folded);
  return folded;
}

/** The later of two ISO instants (null: none yet). */
export function laterInstant(a: string | null, b: string): string {
  return a !== null && Date.parse(a) >= Date.parse(b) ? a : b;
}

/**
 * Calls `plan` for each item, letting the event loop in at least every
 * YIELD_AFTER_MS. During a backlog the next batch is planned while this
 * one's statement is in flight; without turns its answer waits for the whole
 * plan.
 */
export async function inTurns<T>(items: Iterable<T>, plan: (item: T) => void): Promise<void> {
  const turns = new Turns();
  for (const item of items) {
    await turns.maybeYield();
    plan(item);
  }
}

const YIELD_AFTER_MS = 0.5;

class Turns {
  private last = performance.now();
  async maybeYield(): Promise<void> {
    if (performance.now() - this.last < YIELD_AFTER_MS) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.last = performance.now();
  }
}
