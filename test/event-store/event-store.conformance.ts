import { randomUUID } from 'node:crypto';
import {
  comparePositions,
  formatPosition,
  WrongExpectedRevisionError,
  type EventMetadata,
  type EventStore,
  type ExpectedRevision,
  type GlobalPosition,
  type NewEvent,
  type RecordedEvent,
} from '../../src/event-store/event-store.port';
import { GENESIS_HASH, recomputeHash } from '../../src/event-store/event-chain';

/**
 * The guarantees every EventStore adapter must keep, as one jest suite.
 *
 * The store is shared and need not be empty: every test writes to fresh random
 * streams, and tests of the global log read after `headPosition()` taken first and
 * keep only their own streams. Positions are compared as text (`formatPosition`) so
 * that a failing assertion never has to serialise a bigint across jest workers.
 */
export function describeEventStoreConformance(
  adapterName: string,
  createStore: () => Promise<EventStore>,
  closeStore: (store: EventStore) => Promise<void>,
): void {
  describe(`EventStore conformance: ${adapterName}`, () => {
    let store: EventStore;

    beforeAll(async () => {
      store = await createStore();
    });

    afterAll(async () => {
      if (store) await closeStore(store);
    });

    describe('appendToStream', () => {
      it('appends to a new stream with no_stream, then with the expected revision', async () => {
        const streamId = newStreamId();
        const [first, second, third] = [newEvent(), newEvent(), newEvent()];

        const created = await store.appendToStream(streamId, [first, second], 'no_stream');
        expect(created.nextRevision).toBe(1);

        const appended = await store.appendToStream(streamId, [third], 1);
        expect(appended.nextRevision).toBe(2);
        expect(comparePositions(appended.position, created.position)).toBe(1);

        const stored = await store.readStream(streamId);
        expect(stored.map((e) => e.id)).toEqual([first.id, second.id, third.id]);
        expect(stored.map((e) => e.revision)).toEqual([0, 1, 2]);
        expect(stored.every((e) => e.streamId === streamId)).toBe(true);
        expect(formatPosition(stored[1].position)).toBe(formatPosition(created.position));
        expect(formatPosition(stored[2].position)).toBe(formatPosition(appended.position));
      });

      it('rejects no_stream on an existing stream with the actual revision', async () => {
        const streamId = await streamWith(2);
        await expectWrongRevision(store.appendToStream(streamId, [newEvent()], 'no_stream'), streamId, 'no_stream', 1);
      });

      it('rejects a revision that does not match, with the actual revision', async () => {
        const streamId = await streamWith(2);
        await expectWrongRevision(store.appendToStream(streamId, [newEvent()], 0), streamId, 0, 1);
        await expectWrongRevision(store.appendToStream(streamId, [newEvent()], 5), streamId, 5, 1);

        const missing = newStreamId();
        await expectWrongRevision(store.appendToStream(missing, [newEvent()], 0), missing, 0, -1);
      });

      it('rejects stream_exists on a missing stream with actual revision -1, accepts it on an existing one', async () => {
        const missing = newStreamId();
        await expectWrongRevision(store.appendToStream(missing, [newEvent()], 'stream_exists'), missing, 'stream_exists', -1);
        expect(await store.readStream(missing)).toEqual([]);

        const existing = await streamWith(1);
        const result = await store.appendToStream(existing, [newEvent()], 'stream_exists');
        expect(result.nextRevision).toBe(1);
      });

      it("appends with 'any' whatever the stream's state", async () => {
        const streamId = newStreamId();
        expect((await store.appendToStream(streamId, [newEvent()], 'any')).nextRevision).toBe(0);
        expect((await store.appendToStream(streamId, [newEvent(), newEvent()], 'any')).nextRevision).toBe(2);
        expect((await store.readStream(streamId)).map((e) => e.revision)).toEqual([0, 1, 2]);
      });

      it('stores a batch all-or-nothing: a failing expectation stores none of its events', async () => {
        const head = await store.headPosition();
        const streamId = await streamWith(1);
        const batch = [newEvent(), newEvent(), newEvent()];

        await expectWrongRevision(store.appendToStream(streamId, batch, 7), streamId, 7, 0);
        expect(await store.readStream(streamId)).toHaveLength(1);

        const missing = newStreamId();
        await expectWrongRevision(store.appendToStream(missing, batch, 'stream_exists'), missing, 'stream_exists', -1);
        expect(await store.readStream(missing)).toEqual([]);

        const batchIds = new Set(batch.map((e) => e.id));
        const logged = await store.readAll({ after: head });
        expect(logged.filter((e) => batchIds.has(e.id))).toEqual([]);

        const result = await store.appendToStream(streamId, batch, 0);
        expect(result.nextRevision).toBe(3);
        expect((await store.readStream(streamId)).map((e) => e.revision)).toEqual([0, 1, 2, 3]);
      });

      it('stores a retried append (same event ids, same expected revision) once', async () => {
        const head = await store.headPosition();
        const streamId = newStreamId();
        const batch = [newEvent(), newEvent()];

        const first = await store.appendToStream(streamId, batch, 'no_stream');
        const retried = await store.appendToStream(streamId, batch, 'no_stream');
        expect(retried.nextRevision).toBe(first.nextRevision);
        expect(formatPosition(retried.position)).toBe(formatPosition(first.position));

        const next = newEvent();
        const appended = await store.appendToStream(streamId, [next], 1);
        const appendedAgain = await store.appendToStream(streamId, [next], 1);
        expect(appendedAgain.nextRevision).toBe(appended.nextRevision);
        expect(formatPosition(appendedAgain.position)).toBe(formatPosition(appended.position));

        const expectedIds = [...batch, next].map((e) => e.id);
        expect((await store.readStream(streamId)).map((e) => e.id)).toEqual(expectedIds);
        const logged = await store.readAll({ after: head });
        expect(logged.filter((e) => e.streamId === streamId).map((e) => e.id)).toEqual(expectedIds);
      });

      it('refuses a writer whose view of the stream is stale (another instance appended since), storing none of its events', async () => {
        const other = await createStore();
        try {
          const streamId = newStreamId();
          await store.appendToStream(streamId, [newEvent(), newEvent()], 'no_stream');
          expect((await store.readStream(streamId)).map((e) => e.revision)).toEqual([0, 1]); // this instance has seen revision 1
          await other.appendToStream(streamId, [newEvent()], 1); // another instance moves the stream on
          const late = newEvent();
          await expectWrongRevision(store.appendToStream(streamId, [late], 1), streamId, 1, 2);
          const stored = await store.readStream(streamId);
          expect(stored.map((e) => e.revision)).toEqual([0, 1, 2]);
          expect(stored.map((e) => e.id)).not.toContain(late.id);
          // With the stream read again, the same writer appends after the true head, chained to it.
          const next = await store.appendToStream(streamId, [late], 2);
          expect(next.nextRevision).toBe(3);
          const [, , third, fourth] = await store.readStream(streamId);
          expect(fourth.previousHash).toBe(third.hash);
          expect(recomputeHash(fourth)).toBe(fourth.hash);
        } finally {
          await closeStore(other);
        }
      });

      it('numbers revisions from 0 and gives the last appended event position as the result', async () => {
        const streamId = newStreamId();
        const result = await store.appendToStream(streamId, [newEvent(), newEvent(), newEvent()], 'no_stream');
        const stored = await store.readStream(streamId);
        expect(stored.map((e) => e.revision)).toEqual([0, 1, 2]);
        expect(result.nextRevision).toBe(2);
        expect(formatPosition(result.position)).toBe(formatPosition(stored[2].position));
      });
    });

    describe('readStream', () => {
      it('reads from a revision and at most maxCount events', async () => {
        const streamId = await streamWith(5);
        const revisions = async (options: { fromRevision?: number; maxCount?: number }) => (await store.readStream(streamId, options)).map((e) => e.revision);

        expect(await revisions({})).toEqual([0, 1, 2, 3, 4]);
        expect(await revisions({ fromRevision: 2 })).toEqual([2, 3, 4]);
        expect(await revisions({ maxCount: 2 })).toEqual([0, 1]);
        expect(await revisions({ fromRevision: 1, maxCount: 2 })).toEqual([1, 2]);
        expect(await revisions({ fromRevision: 4, maxCount: 10 })).toEqual([4]);
        expect(await revisions({ fromRevision: 10 })).toEqual([]);
      });

      it('reads a page from the middle of a long stream as exactly that range', async () => {
        const streamId = await streamWith(250);
        const page = await store.readStream(streamId, { fromRevision: 137, maxCount: 101 });
        expect(page.map((e) => e.revision)).toEqual(Array.from({ length: 101 }, (_, i) => 137 + i));
        expect((await store.readStream(streamId, { fromRevision: 200, maxCount: 101 })).map((e) => e.revision)).toEqual(
          Array.from({ length: 50 }, (_, i) => 200 + i),
        );
      });

      it('with occurredBy, stops before the first event that occurred later: a prefix, even where a later event says earlier', async () => {
        const streamId = newStreamId();
        const at = (minute: number) => ({ ...newMetadata(), occurredAt: new Date(Date.UTC(2025, 2, 1, 9, minute)).toISOString() });
        // Minutes 0, 10, 20, 30, then 15: a writer whose clock was behind. The last is after the cut at 25, so it is left out.
        await store.appendToStream(
          streamId,
          [0, 10, 20, 30, 15].map((minute) => newEvent({ metadata: at(minute) })),
          'no_stream',
        );
        const revisions = async (occurredBy: Date, options: { fromRevision?: number; maxCount?: number } = {}) =>
          (await store.readStream(streamId, { ...options, occurredBy })).map((e) => e.revision);

        expect(await revisions(new Date(Date.UTC(2025, 2, 1, 9, 25)))).toEqual([0, 1, 2]);
        expect(await revisions(new Date(Date.UTC(2025, 2, 1, 9, 20)))).toEqual([0, 1, 2]); // at the instant: included
        expect(await revisions(new Date(Date.UTC(2025, 2, 1, 9, 20) - 1))).toEqual([0, 1]);
        expect(await revisions(new Date(Date.UTC(2025, 2, 1, 9, 25)), { fromRevision: 1, maxCount: 1 })).toEqual([1]);
        expect(await revisions(new Date(Date.UTC(2025, 2, 1, 9, 25)), { fromRevision: 3 })).toEqual([]);
        expect(await revisions(new Date(Date.UTC(2025, 2, 1, 8, 59)))).toEqual([]);
        expect(await revisions(new Date(Date.UTC(2030, 0, 1)))).toEqual([0, 1, 2, 3, 4]);

        // At JavaScript's precision, as time travel's own cut compares: 900 µs past a millisecond is that millisecond.
        const fine = newStreamId();
        await store.appendToStream(fine, [newEvent({ metadata: { ...newMetadata(), occurredAt: '2025-03-01T09:40:00.000900Z' } })], 'no_stream');
        expect((await store.readStream(fine, { occurredBy: new Date(Date.UTC(2025, 2, 1, 9, 40)) })).map((e) => e.revision)).toEqual([0]);
      });

      it("gives a stream's last revision without reading it, and -1 for an unknown stream", async () => {
        const streamId = await streamWith(5);
        expect(await store.streamRevision(streamId)).toBe(4);
        await store.appendToStream(streamId, [newEvent()], 4);
        expect(await store.streamRevision(streamId)).toBe(5);
        expect(await store.streamRevision(newStreamId())).toBe(-1);
      });

      it('reads an unknown stream as empty', async () => {
        expect(await store.readStream(newStreamId())).toEqual([]);
        expect(await store.readStream(newStreamId(), { fromRevision: 3, maxCount: 1 })).toEqual([]);
      });

      it('round-trips type, data, schemaVersion and metadata exactly', async () => {
        const streamId = newStreamId();
        const withReason = newEvent({
          type: 'QuestionRaised',
          schemaVersion: 3,
          data: {
            title: 'Hur når vi de äldre i Årjäng?',
            tags: ['äldreomsorg', 'kollektivtrafik'],
            count: 42,
            ratio: 0.25,
            urgent: true,
            answeredAt: null,
            nested: { organisations: [{ id: 'kil', name: 'Kils kommun' }], empty: {} },
          },
          metadata: { ...newMetadata(), reason: 'Beslut i nämnden — "ärende 12"' },
        });
        const withoutReason = newEvent({ type: 'PositionTaken', schemaVersion: 1, data: { text: '' } });

        await store.appendToStream(streamId, [withReason, withoutReason], 'no_stream');
        const stored = await store.readStream(streamId);

        expect(stored).toHaveLength(2);
        for (const [original, read] of [
          [withReason, stored[0]],
          [withoutReason, stored[1]],
        ] as const) {
          expect(read.id).toBe(original.id);
          expect(read.type).toBe(original.type);
          expect(read.schemaVersion).toBe(original.schemaVersion);
          expect(read.data).toStrictEqual(original.data);
          expect(read.metadata).toStrictEqual(original.metadata);
          expect(read.recordedAt).toBeInstanceOf(Date);
          expect(Number.isNaN(read.recordedAt.getTime())).toBe(false);
        }
        expect('reason' in stored[1].metadata).toBe(false);
      });
    });

    describe('readAll and positions', () => {
      it('orders the global log by strictly increasing position, consistent with the streams', async () => {
        const head = await store.headPosition();
        const streamA = newStreamId();
        const streamB = newStreamId();
        await store.appendToStream(streamA, [newEvent(), newEvent()], 'no_stream');
        await store.appendToStream(streamB, [newEvent()], 'no_stream');
        await store.appendToStream(streamA, [newEvent()], 1);
        await store.appendToStream(streamB, [newEvent(), newEvent()], 0);

        const own = (await store.readAll({ after: head })).filter((e) => e.streamId === streamA || e.streamId === streamB);
        expect(own.map((e) => `${e.streamId === streamA ? 'A' : 'B'}${e.revision}`)).toEqual(['A0', 'A1', 'B0', 'A2', 'B1', 'B2']);
        expectStrictlyIncreasing(own.map((e) => e.position));

        const fromStreams = [...(await store.readStream(streamA)), ...(await store.readStream(streamB))];
        const positionById = new Map(fromStreams.map((e) => [e.id, formatPosition(e.position)]));
        for (const event of own) expect(formatPosition(event.position)).toBe(positionById.get(event.id));
      });

      it('compares positions as a total order: commit first, then prepare', () => {
        const positions: GlobalPosition[] = [
          { commit: 1n, prepare: 1n },
          { commit: 1n, prepare: 7n },
          { commit: 2n, prepare: 0n },
          { commit: 10n, prepare: 3n },
          { commit: 10n, prepare: 30n },
        ];
        for (let i = 0; i < positions.length; i += 1) {
          expect(comparePositions(positions[i], { ...positions[i] })).toBe(0);
          for (let j = i + 1; j < positions.length; j += 1) {
            expect(comparePositions(positions[i], positions[j])).toBe(-1);
            expect(comparePositions(positions[j], positions[i])).toBe(1);
          }
        }
      });

      it('reads strictly after a position, the same way every time', async () => {
        const head = await store.headPosition();
        const streamId = await streamWith(5);

        const first = await store.readAll({ after: head });
        const second = await store.readAll({ after: head });
        // Others may append between the two reads: the first read must be a prefix of the second.
        expect(summarise(second.slice(0, first.length))).toEqual(summarise(first));
        if (head) for (const e of first) expect(comparePositions(e.position, head)).toBe(1);

        const own = first.filter((e) => e.streamId === streamId);
        expect(own.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);

        const afterSecondOwn = (await store.readAll({ after: own[1].position })).filter((e) => e.streamId === streamId);
        expect(afterSecondOwn.map((e) => e.revision)).toEqual([2, 3, 4]);

        const afterLastOwn = (await store.readAll({ after: own[4].position })).filter((e) => e.streamId === streamId);
        expect(afterLastOwn).toEqual([]);
      });

      it('returns at most maxCount events, continuing where the previous page ended', async () => {
        const head = await store.headPosition();
        await streamWith(4);
        const all = await store.readAll({ after: head });

        const firstPage = await store.readAll({ after: head, maxCount: 2 });
        expect(firstPage).toHaveLength(2);
        expect(summarise(firstPage)).toEqual(summarise(all.slice(0, 2)));

        const secondPage = await store.readAll({ after: firstPage[1].position, maxCount: 2 });
        expect(secondPage).toHaveLength(2);
        expect(summarise(secondPage)).toEqual(summarise(all.slice(2, 4)));

        const fromStart = await store.readAll({ maxCount: 1 });
        expect(fromStart).toHaveLength(1);
      });

      it('gives as head position the position of the last event readAll returns', async () => {
        const before = await store.headPosition();
        const streamId = await streamWith(3);
        const head = await store.headPosition();
        expect(head).toBeDefined();
        if (!head) return;
        if (before) expect(comparePositions(head, before)).toBe(1);

        const ownLast = (await store.readStream(streamId))[2];
        expect(comparePositions(ownLast.position, head)).toBeLessThanOrEqual(0);

        // Others may append after `head` was taken: the log up to `head` ends exactly at it.
        const upToHead = (await store.readAll({ after: before })).filter((e) => comparePositions(e.position, head) <= 0);
        expect(upToHead.length).toBeGreaterThan(0);
        expect(formatPosition(upToHead[upToHead.length - 1].position)).toBe(formatPosition(head));

        const afterHead = await store.readAll({ after: head });
        for (const e of afterHead) expect(comparePositions(e.position, head)).toBe(1);
      });
    });

    describe('hash chain', () => {
      it('links every event to the one before it in its stream, from the genesis hash, and the links recompute', async () => {
        const streamId = newStreamId();
        await store.appendToStream(streamId, [newEvent(), newEvent()], 'no_stream');
        await store.appendToStream(streamId, [newEvent()], 1);
        await store.appendToStream(streamId, [newEvent(), newEvent()], 'any');
        await store.appendToStream(streamId, [newEvent()], 'stream_exists');

        const stored = await store.readStream(streamId);
        expect(stored.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4, 5]);
        expect(stored[0].previousHash).toBe(GENESIS_HASH);
        for (let i = 1; i < stored.length; i += 1) expect(stored[i].previousHash).toBe(stored[i - 1].hash);
        for (const event of stored) {
          expect(event.hash).toMatch(/^[0-9a-f]{64}$/);
          expect(recomputeHash(event)).toBe(event.hash);
        }
        expect(new Set(stored.map((e) => e.hash)).size).toBe(stored.length);
      });

      it('gives the same links in the global log as in the stream', async () => {
        const head = await store.headPosition();
        const streamId = await streamWith(3);
        const fromStream = await store.readStream(streamId);
        const fromLog = (await store.readAll({ after: head })).filter((e) => e.streamId === streamId);
        expect(fromLog.map((e) => [e.previousHash, e.hash])).toEqual(fromStream.map((e) => [e.previousHash, e.hash]));
      });

      it('keeps the stored links on an idempotent retry', async () => {
        const streamId = newStreamId();
        const batch = [newEvent(), newEvent()];
        await store.appendToStream(streamId, batch, 'no_stream');
        const before = await store.readStream(streamId);
        await store.appendToStream(streamId, batch, 'no_stream');
        const after = await store.readStream(streamId);
        expect(after.map((e) => e.hash)).toEqual(before.map((e) => e.hash));
      });

      it('hashes what the writer gave, so any change to type, data, metadata, stream or revision changes the link', async () => {
        const streamId = newStreamId();
        await store.appendToStream(streamId, [newEvent({ data: { text: 'Tillstyrker', nested: { b: 1, a: [1.5, 'två'] } } })], 'no_stream');
        const [event] = await store.readStream(streamId);
        expect(recomputeHash(event)).toBe(event.hash);
        const variants: RecordedEvent[] = [
          { ...event, type: `${event.type}X` },
          { ...event, schemaVersion: event.schemaVersion + 1 },
          { ...event, data: { text: 'Avstyrker', nested: { b: 1, a: [1.5, 'två'] } } },
          { ...event, metadata: { ...event.metadata, reason: 'efterhandskonstruktion' } },
          { ...event, streamId: `${event.streamId}-other` },
          { ...event, revision: event.revision + 1 },
        ];
        for (const variant of variants) expect(recomputeHash(variant)).not.toBe(event.hash);
      });
    });

    describe('health', () => {
      it('reports up, naming the adapter', async () => {
        const health = await store.health();
        expect(health.status).toBe('up');
        expect(health.adapter).toBe(store.adapterName);
      });
    });

    async function streamWith(count: number): Promise<string> {
      const streamId = newStreamId();
      await store.appendToStream(
        streamId,
        Array.from({ length: count }, () => newEvent()),
        'no_stream',
      );
      return streamId;
    }
  });
}

function newStreamId(): string {
  return `conformance-${randomUUID()}`;
}

function newMetadata(): EventMetadata {
  return {
    actor: { userId: randomUUID(), displayName: 'Test Testsson', role: 'samordnare', organisationId: 'karlstad' },
    occurredAt: new Date().toISOString(),
    correlationId: randomUUID(),
    causationId: randomUUID(),
    commandId: randomUUID(),
  };
}

function newEvent(overrides: Partial<NewEvent> = {}): NewEvent {
  return {
    id: randomUUID(),
    type: 'ConformanceEventHappened',
    schemaVersion: 1,
    data: { value: randomUUID() },
    metadata: newMetadata(),
    ...overrides,
  };
}

async function expectWrongRevision(append: Promise<unknown>, streamId: string, expected: ExpectedRevision, actualRevision: number): Promise<void> {
  const error = await append.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WrongExpectedRevisionError);
  const wrong = error as WrongExpectedRevisionError;
  expect({ streamId: wrong.streamId, expected: wrong.expected, actualRevision: wrong.actualRevision }).toEqual({
    streamId,
    expected,
    actualRevision,
  });
}

/** Each position before the next (comparePositions being a total order, that orders the whole list). */
function expectStrictlyIncreasing(positions: GlobalPosition[]): void {
  for (let i = 1; i < positions.length; i += 1) {
    const pair = `${formatPosition(positions[i - 1])} then ${formatPosition(positions[i])}`;
    expect([pair, comparePositions(positions[i - 1], positions[i])]).toEqual([pair, -1]);
    expect([pair, comparePositions(positions[i], positions[i - 1])]).toEqual([pair, 1]);
  }
}

function summarise(events: RecordedEvent[]): string[] {
  return events.map((e) => `${formatPosition(e.position)} ${e.streamId}@${e.revision} ${e.id}`);
}
