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

/** One stream through one batch, event by event: `states[i]` is the state after `events[i]`. */
export interface StreamPath<S> extends StreamStep<S> {
  readonly events: readonly RecordedEvent[];
  readonly states: ReadonlyArray<Folded<S>>;
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
 *
 * Besides the state after each batch, the states along it (a path: after each
 * of the batch's events of one stream) are kept for projections that need
 * every state, not only the last: whichever projection folds a stream through
 * a batch first keeps its path, and the others walk it instead of folding the
 * same events again.
 */
export class StreamStates {
  private readonly kept: LruMap<Folded<unknown>>;
  private readonly paths: LruMap<ReadonlyArray<Folded<unknown>>>;

  constructor(maxEntries = STATES_KEPT) {
    this.kept = new LruMap(maxEntries);
    this.paths = new LruMap(maxEntries);
  }

  get<S>(fold: StreamFold<S>, streamId: string, revision: number): Folded<S> | undefined {
    return this.kept.get(keyOf(fold, streamId, revision)) as Folded<S> | undefined;
  }

  set<S>(fold: StreamFold<S>, streamId: string, folded: Folded<S>): void {
    this.kept.set(keyOf(fold, streamId, folded.revision), folded);
  }

  /** The states after each event from revision `from` through `to`, if a path that covers them is kept. */
  path<S>(fold: StreamFold<S>, streamId: string, from: number, to: number): ReadonlyArray<Folded<S>> | undefined {
    const path = this.paths.get(keyOf(fold, streamId, from)) as ReadonlyArray<Folded<S>> | undefined;
    const length = to - from + 1;
    if (!path || path.length < length) return undefined;
    return path.length === length ? path : path.slice(0, length);
  }

  /** Keeps a path (states after consecutive events of one stream) and the state at its end. */
  setPath<S>(fold: StreamFold<S>, streamId: string, path: ReadonlyArray<Folded<S>>): void {
    this.paths.set(keyOf(fold, streamId, path[0].revision), path);
    this.set(fold, streamId, path[path.length - 1]);
  }

  /** What `compute` derives from a folded state, computed once per state for every projection that asks under the same name. */
  derive<S, D>(folded: Folded<S>, name: string, compute: (state: S) => D): D {
    return derivedOf(folded).value(name, () => compute(folded.state));
  }

  clear(): void {
    this.kept.clear();
    this.paths.clear();
  }
}

/**
 * A folded state as this file makes them: with room for what is derived from
 * it (`StreamStates.derive`). Held on the state rather than in a WeakMap keyed
 * by it: a rebuild folds millions of states, and a WeakMap's table of them is
 * grown and shrunk by the collector again and again.
 */
class FoldedState<S> implements Folded<S> {
  private derived: Derived | undefined = undefined;
  constructor(
    readonly revision: number,
    readonly state: S,
    readonly maxOccurredAt: string | null,
  ) {}

  get values(): Derived {
    return (this.derived ??= new Derived());
  }
}

/** Values derived from one state, by name: one or two per state, so a list beats a Map. */
class Derived {
  private names: string[] = [];
  private values: unknown[] = [];

  value<D>(name: string, compute: () => D): D {
    const index = this.names.indexOf(name);
    if (index >= 0) return this.values[index] as D;
    const value = compute();
    this.names.push(name);
    this.values.push(value);
    return value;
  }
}

/** A state folded elsewhere (a test's, a caller's own) gets its values kept beside it the first time. */
const foreign = new WeakMap<object, Derived>();
function derivedOf(folded: Folded<unknown>): Derived {
  if (folded instanceof FoldedState) return folded.values;
  let values = foreign.get(folded);
  if (!values) foreign.set(folded, (values = new Derived()));
  return values;
}

function keyOf(fold: StreamFold<unknown>, streamId: string, revision: number): string {
  return `${fold.name}\u0001${streamId}\u0001${revision}`;
}

/** The batch's events of each stream the fold follows, in order, by stream. */
export function byStreamOf<S>(fold: StreamFold<S>, events: readonly RecordedEvent[]): Map<string, RecordedEvent[]> {
  const byStream = new Map<string, RecordedEvent[]>();
  for (const event of events) {
    if (!fold.follows(event)) continue;
    const list = byStream.get(event.streamId);
    if (list) list.push(event);
    else byStream.set(event.streamId, [event]);
  }
  return byStream;
}

/**
 * Each stream the batch touches through the batch, given to `plan` one by
 * one: its state before (kept, new, or folded from its stream up to that
 * event) and after (kept when another projection already folded the same
 * batch, otherwise evolved here, and kept with its path for the projections
 * that walk it). A projection says only what it does with a stream's step;
 * the walk lets the event loop in at least every YIELD_AFTER_MS, folding and
 * planning alike (`Turns`).
 */
export function forEachStep<S>(
  fold: StreamFold<S>,
  events: readonly RecordedEvent[],
  context: FoldContext,
  plan: (step: StreamStep<S>) => void | Promise<void>,
): Promise<void> {
  return eachStream(fold, events, context, (streamId, streamEvents, before) => {
    const after =
      context.states.get(fold, streamId, streamEvents[streamEvents.length - 1].revision) ??
      lastOf(foldPath(fold, streamId, before, streamEvents, context.states));
    return plan({ streamId, before, after });
  });
}

/**
 * Each stream the batch touches through the batch, with the state after each
 * of its events (walked along the path another projection kept for the same
 * events, or folded here and kept for the others), given to `plan` one by
 * one, in turns as `forEachStep` gives its steps.
 */
export function forEachPath<S>(
  fold: StreamFold<S>,
  events: readonly RecordedEvent[],
  context: FoldContext,
  plan: (path: StreamPath<S>) => void | Promise<void>,
): Promise<void> {
  return eachStream(fold, events, context, (streamId, streamEvents, before) => {
    const states =
      context.states.path(fold, streamId, streamEvents[0].revision, streamEvents[streamEvents.length - 1].revision) ??
      foldPath(fold, streamId, before, streamEvents, context.states);
    return plan({ streamId, before, after: lastOf(states), events: streamEvents, states });
  });
}

/**
 * The walk `forEachStep` and `forEachPath` share: each followed stream's
 * events of the batch with its state before them, in turns. `visit` is awaited
 * only when it returns a promise (a stream read), not once per stream.
 */
async function eachStream<S>(
  fold: StreamFold<S>,
  events: readonly RecordedEvent[],
  context: FoldContext,
  visit: (streamId: string, streamEvents: readonly RecordedEvent[], before: Folded<S>) => void | Promise<void>,
): Promise<void> {
  const turns = new Turns();
  for (const [streamId, streamEvents] of byStreamOf(fold, events)) {
    if (turns.due()) await turns.yield();
    const before = knownBefore(fold, streamId, streamEvents[0], context.states) ?? (await stateBefore(fold, streamId, streamEvents[0], context));
    const visited = visit(streamId, streamEvents, before);
    if (visited instanceof Promise) await visited;
  }
}

function lastOf<T>(items: readonly T[]): T {
  return items[items.length - 1];
}

/** The states after each of `streamEvents` from `before`, kept as the stream's path through them. */
function foldPath<S>(fold: StreamFold<S>, streamId: string, before: Folded<S>, streamEvents: readonly RecordedEvent[], states: StreamStates): Array<Folded<S>> {
  const path: Array<Folded<S>> = new Array(streamEvents.length);
  let folded = before;
  for (let index = 0; index < streamEvents.length; index++) {
    const event = streamEvents[index];
    if (event.revision !== folded.revision + 1) throw new Error(`stream ${streamId}: event revision ${event.revision} does not follow ${folded.revision}`);
    folded = new FoldedState(event.revision, fold.evolve(folded.state, event), laterInstant(folded.maxOccurredAt, event.metadata.occurredAt));
    path[index] = folded;
  }
  states.setPath(fold, streamId, path);
  return path;
}

/** The stream's state just before `event` if no read is needed: new, or kept. */
function knownBefore<S>(fold: StreamFold<S>, streamId: string, event: RecordedEvent, states: StreamStates): Folded<S> | undefined {
  if (event.revision === 0) return new FoldedState(-1, fold.initial(), null);
  return states.get(fold, streamId, event.revision - 1);
}

/** The stream's state just before `event`, folded from its stream (when not known: knownBefore, which needs no promise per stream and batch). */
async function stateBefore<S>(fold: StreamFold<S>, streamId: string, event: RecordedEvent, context: FoldContext): Promise<Folded<S>> {
  const earlier = await context.readStream(streamId, { fromRevision: 0, maxCount: event.revision });
  if (earlier.length !== event.revision) throw new Error(`stream ${streamId}: found ${earlier.length} events before revision ${event.revision}`);
  let folded: Folded<S> = new FoldedState(-1, fold.initial(), null);
  for (const earlierEvent of earlier) {
    folded = new FoldedState(
      earlierEvent.revision,
      fold.evolve(folded.state, earlierEvent),
      laterInstant(folded.maxOccurredAt, earlierEvent.metadata.occurredAt),
    );
  }
  context.states.set(fold, streamId, folded);
  return folded;
}

/** The later of two ISO instants (null: none yet). */
export function laterInstant(a: string | null, b: string): string {
  if (a === null) return b;
  // Both as toISOString writes them (every event's, in practice): their text orders as their instants, without parsing two dates per event.
  if (isCanonicalInstant(a) && isCanonicalInstant(b)) return a >= b ? a : b;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

/** `YYYY-MM-DDTHH:mm:ss.sssZ`, as Date.prototype.toISOString writes years 0–9999. */
function isCanonicalInstant(text: string): boolean {
  return text.length === 24 && text.charCodeAt(23) === 90 /* Z */ && text.charCodeAt(10) === 84 /* T */ && text.charCodeAt(19) === 46; /* . */
}

/**
 * The longest a walk keeps the event loop, which the runner shares with HTTP
 * requests: a request waits at most about this long for a batch being
 * planned, and during a backlog the answer to the batch's statement already
 * sent is taken while the next batch is planned, not after the whole plan.
 */
const YIELD_AFTER_MS = 0.5;

/** Checked once per stream without awaiting: an await per stream would make a promise per stream, millions in a rebuild. */
class Turns {
  private last = performance.now();
  due(): boolean {
    return performance.now() - this.last >= YIELD_AFTER_MS;
  }
  async yield(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.last = performance.now();
  }
}
