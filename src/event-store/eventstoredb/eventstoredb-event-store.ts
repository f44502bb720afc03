import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  jsonEvent,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type JSONType,
  type Position,
  type ReadPosition,
  type RecordedEvent as EsdbRecordedEvent,
} from '@eventstore/db-client';
import {
  comparePositions,
  WrongExpectedRevisionError,
  type AppendResult,
  type EventMetadata,
  type EventStore,
  type EventStoreHealth,
  type ExpectedRevision,
  type GlobalPosition,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
} from '../event-store.port';
import { GENESIS_HASH, chainBatch } from '../event-chain';

/** Raw events fetched per request when paging through `$all` (system events are dropped client-side). */
const ALL_PAGE_SIZE = 500;
const HEALTH_DEADLINE_MS = 3_000;
/** Appends with `any`/`stream_exists` that lost a race re-chain from the new head this many times. */
const MAX_ANY_RETRIES = 5;

/**
 * The event store port on EventStoreDB (gRPC client v6).
 *
 * The port's vocabulary is EventStoreDB's, so most calls map one to one; what this
 * class adds is hiding system events (`$`-types, `$`-streams) from the global log,
 * the exclusive `after` of the port (ESDB positions are inclusive on reads), and the
 * position of an idempotent retry (ESDB answers it without one). See docs/eventstoredb.md.
 */
export class EventStoreDbEventStore implements EventStore {
  readonly adapterName = 'eventstoredb';

  private readonly client: EventStoreDBClient;
  private closed = false;

  /** @param connectionString e.g. `esdb://localhost:2113?tls=false` */
  constructor(connectionString: string) {
    this.client = EventStoreDBClient.connectionString(connectionString);
  }

  async appendToStream(streamId: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) {
      throw new RangeError(`appendToStream(${streamId}): at least one event is required`);
    }
    if (typeof expectedRevision === 'number') assertNonNegativeInteger('expectedRevision', expectedRevision);
    for (let attempt = 0; ; attempt++) {
      const { revision, previousHash, retried } = await this.chainStart(streamId, events, expectedRevision);
      if (retried) return retried;
      const links = chainBatch(streamId, revision + 1, previousHash, events);
      const esdbEvents = events.map((event, index) =>
        jsonEvent({
          id: event.id,
          type: event.type,
          // JSON.stringify is what the client does with it; the port leaves `data` as unknown.
          data: event.data as JSONType,
          metadata: encodeMetadata(event, links[index]),
        }),
      );
      // The chain was computed from the event at `revision`, so the append must land right after it,
      // whatever the caller's expectation: a concurrent writer makes it fail rather than fork the chain.
      const chainedExpectation: AppendExpectedRevision = revision === -1 ? NO_STREAM : BigInt(revision);
      let result;
      try {
        result = await this.client.appendToStream(streamId, esdbEvents, { expectedRevision: chainedExpectation });
      } catch (error) {
        if (error instanceof WrongExpectedVersionError) {
          const actual = error.actualVersion === NO_STREAM ? -1 : Number(error.actualVersion);
          // 'any' and 'stream_exists' accept whatever revision the stream has: chain from the new head and retry.
          if (typeof expectedRevision !== 'number' && expectedRevision !== 'no_stream' && attempt < MAX_ANY_RETRIES) continue;
          throw new WrongExpectedRevisionError(streamId, expectedRevision, actual);
        }
        throw error;
      }

      const nextRevision = Number(result.nextExpectedRevision);
      if (result.position) {
        return { nextRevision, position: toGlobalPosition(result.position) };
      }
      // ESDB answers an idempotent retry (events already stored) with success but no
      // position; the port promises the position of the stored events, so look it up.
      const last = await this.findStoredEvent(streamId, events[events.length - 1].id, nextRevision);
      return { nextRevision, position: last.position };
    }
  }

  /**
   * Where the batch's chain starts: the revision it is to follow and that event's
   * hash. For a numeric expectation that is the event at that revision (one read);
   * for `no_stream` the genesis (no read); for `any` and `stream_exists` the head
   * (one read). An expectation that does not hold fails here, unless the batch is
   * already stored right there (an idempotent retry), which returns its result.
   */
  private async chainStart(
    streamId: string,
    events: NewEvent[],
    expected: ExpectedRevision,
  ): Promise<{ revision: number; previousHash: string; retried?: AppendResult }> {
    if (expected === 'no_stream') {
      // A retry of a stream's first batch is recognised by ESDB itself (same ids at 0…).
      return { revision: -1, previousHash: GENESIS_HASH };
    }
    if (typeof expected === 'number') {
      const [atExpected] = await this.readStream(streamId, { fromRevision: expected, maxCount: 1 });
      // Missing: the append below fails with the actual revision (or succeeds as ESDB's idempotent retry).
      return { revision: expected, previousHash: atExpected?.hash ?? GENESIS_HASH };
    }
    const head = await this.lastEventOf(streamId);
    if (!head) {
      if (expected === 'stream_exists') throw new WrongExpectedRevisionError(streamId, expected, -1);
      return { revision: -1, previousHash: GENESIS_HASH };
    }
    if (head.id.toLowerCase() === events[events.length - 1].id.toLowerCase()) {
      const stored = await this.readStream(streamId, { fromRevision: Math.max(0, head.revision - events.length + 1) });
      if (stored.length === events.length && stored.every((event, index) => event.id.toLowerCase() === events[index].id.toLowerCase())) {
        return { revision: head.revision, previousHash: head.hash, retried: { nextRevision: head.revision, position: head.position } };
      }
    }
    return { revision: head.revision, previousHash: head.hash };
  }

  private async lastEventOf(streamId: string): Promise<RecordedEvent | undefined> {
    try {
      for await (const resolved of this.client.readStream(streamId, { fromRevision: END, direction: BACKWARDS, maxCount: 1 })) {
        if (resolved.event) return toRecordedEvent(resolved.event);
      }
      return undefined;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw error;
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const fromRevision = options.fromRevision ?? 0;
    assertNonNegativeInteger('fromRevision', fromRevision);
    if (options.maxCount !== undefined) {
      assertNonNegativeInteger('maxCount', options.maxCount);
      if (options.maxCount === 0) return [];
    }
    try {
      const recorded: RecordedEvent[] = [];
      for await (const resolved of this.client.readStream(streamId, {
        fromRevision: BigInt(fromRevision),
        maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
        direction: FORWARDS,
      })) {
        if (!resolved.event) continue;
        const event = toRecordedEvent(resolved.event);
        // ESDB cannot filter on our metadata server-side; the read stops here, so the rest is not fetched.
        if (options.occurredBy !== undefined && Date.parse(event.metadata.occurredAt) > options.occurredBy.getTime()) break;
        recorded.push(event);
      }
      return recorded;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  }

  async streamRevision(streamId: string): Promise<number> {
    return (await this.lastEventOf(streamId))?.revision ?? -1;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const limit = options.maxCount ?? Number.POSITIVE_INFINITY;
    if (options.maxCount !== undefined) {
      assertNonNegativeInteger('maxCount', options.maxCount);
      if (options.maxCount === 0) return [];
    }
    const recorded: RecordedEvent[] = [];
    // `cursor` is the last raw position seen, system events included, so paging never
    // re-reads the same page even when it held only system events.
    let cursor: Position | undefined = options.after;
    for (;;) {
      const page = await this.readAllPage(cursor ?? START, FORWARDS, ALL_PAGE_SIZE);
      const pageStart = cursor;
      for (const resolved of page) {
        const event = resolved.event;
        if (!event) continue;
        // ESDB includes the event at `fromPosition`; the port's `after` is exclusive.
        if (pageStart && comparePositions(event.position, pageStart) <= 0) continue;
        cursor = event.position;
        if (isSystemEvent(event)) continue;
        recorded.push(toRecordedEvent(event));
        if (recorded.length >= limit) return recorded;
      }
      if (page.length < ALL_PAGE_SIZE || cursor === pageStart) return recorded;
    }
  }

  /** Pages through $all after `after`; EventStoreDB keeps no count, so this reads at most `cap` events. */
  async countEventsAfter(after: GlobalPosition | undefined, cap: number): Promise<number> {
    let counted = 0;
    let cursor = after;
    while (counted < cap) {
      const page = await this.readAll({ after: cursor, maxCount: Math.min(500, cap - counted) });
      if (page.length === 0) break;
      counted += page.length;
      cursor = page[page.length - 1].position;
    }
    return counted;
  }

  async headPosition(): Promise<GlobalPosition | undefined> {
    let cursor: Position | undefined;
    for (;;) {
      const page = await this.readAllPage(cursor ?? END, BACKWARDS, ALL_PAGE_SIZE);
      const pageStart = cursor;
      for (const resolved of page) {
        const event = resolved.event;
        if (!event) continue;
        if (pageStart && comparePositions(event.position, pageStart) >= 0) continue;
        cursor = event.position;
        if (!isSystemEvent(event)) return toGlobalPosition(event.position);
      }
      if (page.length < ALL_PAGE_SIZE || cursor === pageStart) return undefined;
    }
  }

  async health(): Promise<EventStoreHealth> {
    const started = Date.now();
    try {
      await this.readAllPage(END, BACKWARDS, 1, HEALTH_DEADLINE_MS);
      return { status: 'up', adapter: this.adapterName, details: { latencyMs: Date.now() - started } };
    } catch (error) {
      return { status: 'down', adapter: this.adapterName, details: { error: describeError(error) } };
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.dispose();
  }

  private async readAllPage(
    from: ReadPosition,
    direction: typeof FORWARDS | typeof BACKWARDS,
    maxCount: number,
    deadline?: number,
  ): Promise<AllStreamResolvedEvent[]> {
    const page: AllStreamResolvedEvent[] = [];
    for await (const resolved of this.client.readAll({ fromPosition: from, direction, maxCount, deadline })) {
      page.push(resolved);
    }
    return page;
  }

  /** The stored event with this id, looked for backwards from `hintRevision` (where ESDB says it is). */
  private async findStoredEvent(streamId: string, eventId: string, hintRevision: number): Promise<RecordedEvent> {
    const wanted = eventId.toLowerCase();
    for await (const resolved of this.client.readStream(streamId, {
      fromRevision: BigInt(hintRevision),
      direction: BACKWARDS,
    })) {
      if (resolved.event && resolved.event.id.toLowerCase() === wanted) {
        return toRecordedEvent(resolved.event);
      }
    }
    throw new Error(`Stream ${streamId}: append reported as already done, but event ${eventId} is not in the stream`);
  }
}

type StoredMetadata = EventMetadata & { schemaVersion: number; hash: string; previousHash: string };

/**
 * ESDB metadata JSON: our schema version, the event's link in its stream's hash
 * chain and EventMetadata, plus ESDB's own `$correlationId`/`$causationId` so
 * its `$by_correlation_id` projection works. `$`-keys are dropped again on read.
 */
function encodeMetadata(event: NewEvent, link: { previousHash: string; hash: string }): Record<string, unknown> {
  return {
    schemaVersion: event.schemaVersion,
    previousHash: link.previousHash,
    hash: link.hash,
    ...event.metadata,
    $correlationId: event.metadata.correlationId,
    $causationId: event.metadata.causationId,
  };
}

function decodeMetadata(event: EsdbRecordedEvent): StoredMetadata {
  const raw = event.metadata;
  if (!isPlainObject(raw) || typeof raw.schemaVersion !== 'number' || typeof raw.hash !== 'string' || typeof raw.previousHash !== 'string') {
    throw new Error(
      `Event ${event.id} in stream ${event.streamId} has no schemaVersion or hash chain in its metadata: it was not written through this adapter`,
    );
  }
  const stored: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!key.startsWith('$')) stored[key] = value;
  }
  // The shape is the one encodeMetadata wrote; stored JSON is trusted like any stored event.
  return stored as unknown as StoredMetadata;
}

function toRecordedEvent(event: EsdbRecordedEvent): RecordedEvent {
  const { schemaVersion, hash, previousHash, ...metadata } = decodeMetadata(event);
  const position = event.position;
  if (!position) {
    // Stream reads carry positions from server 22.6 on; older servers are not supported.
    throw new Error(`Event ${event.id} in stream ${event.streamId} came without a log position (EventStoreDB >= 22.6 required)`);
  }
  return {
    id: event.id,
    type: event.type,
    schemaVersion,
    data: event.data,
    metadata,
    streamId: event.streamId,
    revision: Number(event.revision),
    position: toGlobalPosition(position),
    recordedAt: event.created,
    hash,
    previousHash,
  };
}

function toGlobalPosition(position: Position): GlobalPosition {
  return { commit: position.commit, prepare: position.prepare };
}

function isSystemEvent(event: { streamId: string; type: string }): boolean {
  return event.type.startsWith('$') || event.streamId.startsWith('$');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

function assertNonNegativeInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
