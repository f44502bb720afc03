/**
 * The event store port: the one interface all domain and projection code uses.
 * Vocabulary follows the EventStoreDB client (expected revision, `$all` read from
 * a position) so that both adapters keep the same guarantees. At its end, the
 * store's notice of its own appends to this process (`AppendSignal`), put
 * around whichever adapter runs.
 */

/** Who did something, in which capacity, and why — carried on every event. */
export interface Actor {
  userId: string;
  displayName: string;
  role: string;
  organisationId: string;
}

export interface EventMetadata {
  actor: Actor;
  /** ISO-8601 instant at which the command was accepted (the recorded time). */
  occurredAt: string;
  /**
   * The calendar date on which the thing happened (the effective time), as the
   * command said or, if it said nothing, the day it was recorded. Written on
   * question events from effective dates on (docs/events.md); an event without
   * it is read as effective on the day of `occurredAt` in Sweden (`effectiveDateOf`).
   */
  effectiveOn?: string;
  correlationId: string;
  /** Id of the command or event that caused this event. */
  causationId: string;
  commandId: string;
  /** The reason given, where the command takes one. */
  reason?: string;
  /** For an event brought in by an import: the file (its name and SHA-256) and its row; the actor is who ran the import (docs/import.md). */
  imported?: { fileName: string; fileSha256: string; row: number; question: string; consultation?: string };
}

/** An event about to be appended. `id` is a UUID chosen by the caller: retrying with the same id stores it once. */
export interface NewEvent<Type extends string = string, Data = unknown> {
  id: string;
  type: Type;
  schemaVersion: number;
  data: Data;
  metadata: EventMetadata;
}

/**
 * A position in the global log. Two numbers, like EventStoreDB's commit/prepare
 * position: the PostgreSQL adapter stores (transaction id, sequence) — see
 * docs/event-store.md for why a single sequence number is not enough.
 * Total order: compare `commit`, then `prepare`.
 */
export interface GlobalPosition {
  commit: bigint;
  prepare: bigint;
}

export interface RecordedEvent<Type extends string = string, Data = unknown> extends NewEvent<Type, Data> {
  streamId: string;
  /** 0-based revision of this event within its stream. */
  revision: number;
  position: GlobalPosition;
  recordedAt: Date;
  /**
   * The event's link in its stream's hash chain (lowercase hex SHA-256), computed
   * at append by every adapter: see event-chain.ts and docs/audit.md.
   */
  hash: string;
  /** `hash` of the event at `revision - 1`, or GENESIS_HASH (64 zeros) at revision 0. */
  previousHash: string;
}

/** `no_stream`: the stream must not exist; `stream_exists`: it must; `any`: no check; a number: the stream's last revision must equal it. */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | number;

export interface AppendResult {
  /** Revision of the last event of the stream after the append. */
  nextRevision: number;
  /** Global position of the last event appended (or of the already-stored events on an idempotent retry). */
  position: GlobalPosition;
}

export interface ReadStreamOptions {
  fromRevision?: number;
  maxCount?: number;
  /**
   * The stream as it stood at this instant: stop before the first event (from
   * `fromRevision` on) whose `metadata.occurredAt` is later. A prefix, never a
   * selection: the one cut time travel folds up to (time-travel/point-in-time.ts): an event after the
   * cut is left out even if its own clock says earlier.
   */
  occurredBy?: Date;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Omit to read from the start. */
  after?: GlobalPosition;
  maxCount?: number;
}

export interface EventStoreHealth {
  status: 'up' | 'down';
  adapter: string;
  details?: Record<string, unknown>;
}

export interface EventStore {
  readonly adapterName: string;
  appendToStream(streamId: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult>;
  /** Events of one stream in revision order; an unknown stream reads as empty. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** The revision of the stream's last event, or -1 if the stream does not exist (one index lookup, no events read). */
  streamRevision(streamId: string): Promise<number>;
  /** The global log in commit order. Never returns an event before an earlier-ordered one that is still uncommitted. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Position of the newest event readable from the global log, or undefined if the log is empty. */
  headPosition(): Promise<GlobalPosition | undefined>;
  /** How many events follow `after` in the global log, counting at most `cap` (for lag reporting). */
  countEventsAfter(after: GlobalPosition | undefined, cap: number): Promise<number>;
  health(): Promise<EventStoreHealth>;
  close(): Promise<void>;
}

/** Dependency-injection token for the configured adapter. */
export const EVENT_STORE = Symbol('EVENT_STORE');

export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** The stream's actual last revision, or -1 if it does not exist. */
    readonly actualRevision: number,
  ) {
    super(`Stream ${streamId}: expected revision ${String(expected)}, but the stream is at ${actualRevision}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

export function comparePositions(a: GlobalPosition, b: GlobalPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/** Text form used in HTTP responses and query parameters: "<commit>.<prepare>". */
export function formatPosition(position: GlobalPosition): string {
  return `${position.commit}.${position.prepare}`;
}

export function parsePosition(text: string): GlobalPosition | undefined {
  const match = /^(\d{1,20})\.(\d{1,20})$/.exec(text.trim());
  if (!match) return undefined;
  return { commit: BigInt(match[1]), prepare: BigInt(match[2]) };
}

/**
 * Tells in-process listeners (the projection runners) that an append just
 * committed, so they read at once instead of waiting for their next poll. Other
 * instances still see the events through polling; this only shortens the wait.
 */
export class AppendSignal {
  private readonly listeners = new Set<() => void>();

  listen(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  fire(): void {
    for (const listener of this.listeners) listener();
  }
}

/** Wraps the configured adapter so every successful append fires the signal. */
export function signallingEventStore(store: EventStore, signal: AppendSignal): EventStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'appendToStream') {
        return async (streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> => {
          const result = await target.appendToStream(streamId, events, expected);
          signal.fire();
          return result;
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
