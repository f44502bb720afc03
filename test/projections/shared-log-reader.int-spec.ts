import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Database } from '../../src/database/database';
import { EventStore, GlobalPosition, ReadAllOptions, RecordedEvent, formatPosition } from '../../src/event-store/event-store.port';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { checkpoints } from '../../src/projections/checkpoint-store';
import { Projection, WriteContext } from '../../src/projections/projection';
import { WriteStatement } from '../../src/projections/write-statement';
import { ProjectionRunner } from '../../src/projections/projection-runner';
import { SharedLogReader, SharedLogReaders } from '../../src/projections/shared-log-reader';
import { testEvent, waitForLogHead } from '../support/events';
import { TestDatabase, createTestDatabase, openMigratedDatabase } from '../support/test-database';

/**
 * The shared read of the global log (src/projections/shared-log-reader.ts) on a
 * real database: runners catching up together are given the same events as a
 * direct read, the database is read once per batch, the head is never served
 * stale, memory stays bounded, and nobody waits for a runner that stopped.
 */

/** The real store, counting the reads that reach it. */
function countingReads(store: EventStore): { store: EventStore; reads: () => number; eventsRead: () => number } {
  let reads = 0;
  let eventsRead = 0;
  const counted = Object.create(store) as EventStore;
  counted.readAll = async (options?: ReadAllOptions) => {
    reads++;
    const events = await store.readAll(options);
    eventsRead += events.length;
    return events;
  };
  return { store: counted, reads: () => reads, eventsRead: () => eventsRead };
}

/** Records what it is given, in a table of its own; `slowMs` holds each batch back. */
class RecordingProjection implements Projection {
  readonly tables: string[];
  constructor(
    readonly name: string,
    private readonly slowMs = 0,
  ) {
    this.tables = [`test_seen_${name}`];
  }
  async prepare(events: RecordedEvent[]): Promise<string> {
    if (this.slowMs) await new Promise((resolve) => setTimeout(resolve, this.slowMs));
    return JSON.stringify(events.map((event) => ({ event_id: event.id })));
  }
  writeTo(statement: WriteStatement, _events: RecordedEvent[], { table, prepared }: WriteContext): void {
    statement.with('seen', `INSERT INTO ${table(this.tables[0])} (event_id) SELECT event_id FROM ${statement.recordset(prepared, [['event_id', 'uuid']])}`);
  }
}

const positions = (events: RecordedEvent[]) => events.map((event) => formatPosition(event.position));

describe('shared read of the log', () => {
  let testDatabase: TestDatabase;
  let database: Database;
  let dataSource: DataSource;
  let store: PostgresEventStore;
  const runners: ProjectionRunner[] = [];

  beforeEach(async () => {
    testDatabase = await createTestDatabase({ migrated: true });
    ({ database, dataSource } = await openMigratedDatabase(testDatabase));
    store = new PostgresEventStore(database.pool, { singleWriter: database.singleWriter });
  });

  afterEach(async () => {
    await Promise.all(runners.splice(0).map((runner) => runner.stop()));
    await dataSource.destroy();
    await database.close();
    await testDatabase.drop();
  });

  const appendEvents = async (count: number): Promise<GlobalPosition> => {
    let position: GlobalPosition | undefined;
    for (let i = 0; i < count; i += 10) {
      const streamId = `s-${randomUUID()}`;
      const events = Array.from({ length: Math.min(10, count - i) }, (_, n) => testEvent('Counted', { n }));
      position = (await store.appendToStream(streamId, events, 'no_stream')).position;
    }
    await waitForLogHead(store, position!);
    return position!;
  };

  it('four runners catching up together get every event once, in order, and the database is read once per batch', async () => {
    await appendEvents(300);
    const counting = countingReads(store);
    const reader = new SharedLogReader(counting.store);
    const projections = ['a', 'b', 'c', 'd'].map((name, i) => new RecordingProjection(name, i === 3 ? 15 : 0));
    for (const projection of projections) {
      await dataSource.query(`CREATE TABLE ${projection.tables[0]} (seq serial PRIMARY KEY, event_id uuid NOT NULL UNIQUE)`);
      const runner = new ProjectionRunner(projection, store, dataSource, {
        batchSize: 20,
        idlePollMs: 10,
        retryDelayMs: 50,
        lockRetryMs: 50,
        logReader: reader,
      });
      runners.push(runner);
      runner.start();
    }
    await waitFor(async () => {
      const rows = await Promise.all(projections.map((p) => checkpoints.load(dataSource.manager, p.name)));
      return rows.every((row) => row?.eventsApplied === 300);
    });

    const direct = (await store.readAll({ maxCount: 1_000 })).map((event) => event.id);
    for (const projection of projections) {
      const seen: Array<{ event_id: string }> = await dataSource.query(`SELECT event_id FROM ${projection.tables[0]} ORDER BY seq`);
      expect(seen.map((row) => row.event_id)).toEqual(direct);
    }
    // A direct read per runner would have read 4 × 300 events. The runners start up to
    // ~0.1 s apart; the batches the first ones passed are kept for the later ones.
    expect(counting.eventsRead()).toBe(300);
  });

  it('at the head, a runner asking from inside the latest reads is given the rest of them without a read; one at their end reads what was appended since', async () => {
    await appendEvents(5);
    const counting = countingReads(store);
    const reader = new SharedLogReader(counting.store);
    const first = await reader.readBatch(undefined, 10, 'a');
    expect(first).toHaveLength(5);
    expect(counting.reads()).toBe(1);
    await appendEvents(3);
    // From inside the kept run: its rest, without a read (the next step, from its end, reads on).
    const rest = await reader.readBatch(first[1].position, 10, 'b');
    expect(positions(rest)).toEqual(positions(first.slice(2)));
    expect(counting.reads()).toBe(1);
    // From its end: a read, which finds what was appended since and extends the run.
    const appended = await reader.readBatch(first[4].position, 10, 'a');
    expect(appended).toHaveLength(3);
    expect(counting.reads()).toBe(2);
    const whole = await reader.readBatch(first[0].position, 10, 'c');
    expect(positions(whole)).toEqual(positions([...first.slice(1), ...appended]));
    expect(counting.reads()).toBe(2);
    // The same events a direct read gives.
    expect(positions(whole)).toEqual(positions(await store.readAll({ after: first[0].position, maxCount: 10 })));
  });

  it('where every append is signalled, a read that found the head answers for it until an append is signalled, and for at most a second', async () => {
    await appendEvents(4);
    const counting = countingReads(store);
    const reader = new SharedLogReader(counting.store, undefined, { appendsSignalled: true });
    const first = await reader.readBatch(undefined, 10, 'a');
    expect(first).toHaveLength(4);
    const head = first[3].position;
    // Every runner asking from the head is told that nothing follows, without a read.
    expect(await reader.readBatch(head, 10, 'a')).toEqual([]);
    expect(await reader.readBatch(head, 10, 'b')).toEqual([]);
    expect(counting.reads()).toBe(1);
    // An append, signalled: the next ask from the head reads it.
    await appendEvents(2);
    reader.appended();
    const appended = await reader.readBatch(head, 10, 'a');
    expect(appended).toHaveLength(2);
    expect(counting.reads()).toBe(2);
    // An append the reader is not told of (made past the signal) is found once the head is a second old.
    await appendEvents(1);
    expect(await reader.readBatch(appended[1].position, 10, 'b')).toEqual([]);
    expect(counting.reads()).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 1_050));
    expect(await reader.readBatch(appended[1].position, 10, 'b')).toHaveLength(1);
    expect(counting.reads()).toBe(3);
  });

  it('where appends are not signalled (a server with other instances), every ask from the head reads', async () => {
    await appendEvents(2);
    const counting = countingReads(store);
    const reader = new SharedLogReader(counting.store);
    const first = await reader.readBatch(undefined, 10, 'a');
    expect(await reader.readBatch(first[1].position, 10, 'a')).toEqual([]);
    expect(await reader.readBatch(first[1].position, 10, 'b')).toEqual([]);
    expect(counting.reads()).toBe(3);
  });

  it('gives a kept batch the same events a direct read gives, and reads the next batch ahead', async () => {
    await appendEvents(40);
    const counting = countingReads(store);
    const reader = new SharedLogReader(counting.store);
    const first = await reader.readBatch(undefined, 10, 'a');
    const same = await reader.readBatch(undefined, 10, 'b');
    expect(same).toBe(first);
    expect(positions(first)).toEqual(positions(await store.readAll({ maxCount: 10 })));
    // The batch after it was read ahead while 'a' and 'b' applied this one.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const readsSoFar = counting.reads();
    const second = await reader.readBatch(first[9].position, 10, 'a');
    expect(counting.reads()).toBe(readsSoFar + 1); // only the read-ahead of the third batch
    expect(positions(second)).toEqual(positions(await store.readAll({ after: first[9].position, maxCount: 10 })));
  });

  it('a runner starting late is given the batches the others passed moments ago, and a while later they are forgotten', async () => {
    await appendEvents(40);
    const counting = countingReads(store);
    const reader = new SharedLogReader(counting.store, { maxEvents: 1_000, maxWaitMs: 250, activeWithinMs: 300 });
    const first = await reader.readBatch(undefined, 10, 'early');
    const second = await reader.readBatch(first[9].position, 10, 'early'); // 'early' has passed the first batch
    const readsSoFar = counting.reads();
    expect(await reader.readBatch(undefined, 10, 'late')).toBe(first);
    expect(counting.reads()).toBe(readsSoFar);

    await reader.readBatch(first[9].position, 10, 'late'); // now both have passed it
    await new Promise((resolve) => setTimeout(resolve, 400));
    await reader.readBatch(second[9].position, 10, 'early'); // spare for longer than activeWithinMs: forgotten
    const readsBefore = counting.reads();
    const again = await reader.readBatch(undefined, 10, 'latest');
    expect(again).not.toBe(first);
    expect(counting.reads()).toBe(readsBefore + 1);
    expect(positions(again)).toEqual(positions(first));
  });

  it('keeps at most its bound of events, and a runner that stopped asking holds nobody back', async () => {
    await appendEvents(200);
    const reader = new SharedLogReader(store, { maxEvents: 30, maxWaitMs: 5_000, activeWithinMs: 100 });
    await reader.readBatch(undefined, 10, 'stopped'); // then never asks again
    let after: GlobalPosition | undefined;
    const started = Date.now();
    for (let i = 0; i < 20; i++) {
      const batch = await reader.readBatch(after, 10, 'lead');
      expect(batch).toHaveLength(10);
      after = batch[9].position;
      expect(reader.size * 10).toBeLessThanOrEqual(30);
    }
    // Waited for the stopped runner only until it counted as inactive, not 5 s per batch.
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a runner ahead waits for a slower one while the kept batches are full, at most maxWaitMs', async () => {
    await appendEvents(100);
    const counting = countingReads(store);
    const reader = new SharedLogReader(counting.store, { maxEvents: 20, maxWaitMs: 2_000, activeWithinMs: 10_000 });
    const first = await reader.readBatch(undefined, 10, 'slow');
    const lead1 = await reader.readBatch(undefined, 10, 'lead');
    const lead2 = await reader.readBatch(lead1[9].position, 10, 'lead'); // read ahead: kept
    let leadDone = false;
    const lead3 = reader.readBatch(lead2[9].position, 10, 'lead').then((batch) => ((leadDone = true), batch));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(leadDone).toBe(false); // two batches kept, 'slow' still needs both
    const slow2 = await reader.readBatch(first[9].position, 10, 'slow'); // 'slow' moves on: the first batch is free
    expect(positions(slow2)).toEqual(positions(lead2));
    expect(positions(await lead3)).toEqual(positions(await store.readAll({ after: lead2[9].position, maxCount: 10 })));
    expect(counting.eventsRead()).toBeLessThanOrEqual(40); // nothing read twice
  });

  /** Follows the log from the start in batches of `size` as a runner does, pausing `pauseMs` after each batch; the positions it was given (`given`: how many so far). */
  const follow = async (reader: SharedLogReader, name: string, size: number, pauseMs: number, given?: (count: number) => void): Promise<string[]> => {
    const seen: string[] = [];
    let after: GlobalPosition | undefined;
    for (;;) {
      const batch = await reader.readBatch(after, size, name);
      seen.push(...positions(batch));
      given?.(seen.length);
      if (batch.length < size) return seen;
      after = batch[size - 1].position;
      if (pauseMs) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  };

  it('runners far ahead of slower ones read each batch once: they wait for room and never take the batch the slower ones need next', async () => {
    await appendEvents(600);
    const direct = positions(await store.readAll({ maxCount: 1_000 }));
    const counting = countingReads(store);
    const reader = new SharedLogReader(counting.store, { maxEvents: 40, maxWaitMs: 2_000, activeWithinMs: 2_500 });
    // As in a rebuild: runners that pass most batches at once, beside slower ones that write each and begin 30 ms later.
    const given = [0, 0, 0];
    let givenBeforeSlowAsked = 0;
    const slowBegins = new Promise<void>((resolve) => setTimeout(resolve, 30)).then(() => {
      givenBeforeSlowAsked = Math.max(...given);
    });
    const seen = await Promise.all([
      ...given.map((_, i) => follow(reader, `fast-${i}`, 10, 1, (count) => (given[i] = count))),
      ...['slow-1', 'slow-2'].map((name) => slowBegins.then(() => follow(reader, name, 10, 8))),
    ]);
    for (const runnerSaw of seen) expect(runnerSaw).toEqual(direct);
    // Read again: at most what the fast ones had passed before the slow ones asked (nobody was behind them then). Before, ~1,180.
    expect(counting.eventsRead()).toBeLessThanOrEqual(600 + givenBeforeSlowAsked);
  });

  it('a runner expected but not asking yet counts as behind where it will start: the runners ahead keep what it will ask for', async () => {
    await appendEvents(300);
    const counting = countingReads(store);
    const reader = new SharedLogReader(counting.store, { maxEvents: 40, maxWaitMs: 2_000, activeWithinMs: 2_500 });
    reader.expect('late', undefined); // its rebuild begins: it will read from the start once its tables are made
    const lateBegins = new Promise((resolve) => setTimeout(resolve, 300));
    const seen = await Promise.all([follow(reader, 'fast', 10, 0), lateBegins.then(() => follow(reader, 'late', 10, 0))]);
    expect(seen[1]).toEqual(seen[0]);
    expect(seen[0]).toHaveLength(300);
    expect(counting.eventsRead()).toBe(300);
  });

  it('a runner ahead that waited maxWaitMs reads for itself, without dropping the batches a slower one still needs', async () => {
    await appendEvents(100);
    const reader = new SharedLogReader(store, { maxEvents: 30, maxWaitMs: 300, activeWithinMs: 10_000 });
    const slow1 = await reader.readBatch(undefined, 10, 'slow'); // then it stalls on its first batch
    const lead: RecordedEvent[][] = [];
    for (let i = 0; i < 5; i++) lead.push(await reader.readBatch(lead.at(-1)?.at(-1)?.position, 10, 'lead'));
    expect(positions(lead.flat())).toEqual(positions(await store.readAll({ maxCount: 50 })));
    // The batch the slow runner needs next is still the one kept when it was read ahead.
    const slow2 = await reader.readBatch(slow1[9].position, 10, 'slow');
    expect(slow2).toBe(lead[1]);
  });

  it('a live runner at the head never waits for a rebuild whose bigger batches fill the bound', async () => {
    await appendEvents(60);
    const limits = { maxEvents: 20, maxWaitMs: 3_000, activeWithinMs: 10_000 };
    const oneReader = new SharedLogReader(store, { ...limits, tailEvents: 1_000 });
    const readers = new SharedLogReaders(store, { limits });
    const head = (await store.readAll({ maxCount: 1_000 }))[49].position;
    for (const reader of [oneReader, readers]) {
      // The rebuild (batches of 10) at the start of the log: its batch and the one read ahead fill the bound of 20.
      const rebuild1 = await reader.readBatch(undefined, 10, 'counts#rebuild');
      await new Promise((resolve) => setTimeout(resolve, 50)); // the read ahead lands
      // A live runner (batches of 3) near the head.
      const started = Date.now();
      const live = await reader.readBatch(head, 3, 'seen');
      const waited = Date.now() - started;
      expect(positions(live)).toEqual(positions(await store.readAll({ after: head, maxCount: 3 })));
      const rebuild2 = await reader.readBatch(rebuild1[9].position, 10, 'counts#rebuild');
      expect(positions(rebuild2)).toEqual(positions(await store.readAll({ after: rebuild1[9].position, maxCount: 10 })));
      // One reader for both sizes: the live runner waited for the rebuild (maxWaitMs); a reader per size: at once.
      if (reader === oneReader) expect(waited).toBeGreaterThanOrEqual(2_500);
      else expect(waited).toBeLessThan(1_000);
    }
  });

  it('a reader per batch size: batches of the size asked for, and room for two of them even above the bound', async () => {
    await appendEvents(100);
    const counting = countingReads(store);
    const readers = new SharedLogReaders(counting.store, { limits: { maxEvents: 20, maxWaitMs: 2_000, activeWithinMs: 10_000 } });
    // Batches of 30 are more than the bound of 20: each still reads the next one ahead (two of them, 60 events, are kept).
    const big1 = await readers.readBatch(undefined, 30, 'counts#rebuild');
    const small = await readers.readBatch(undefined, 4, 'seen');
    expect(big1).toHaveLength(30);
    expect(small).toHaveLength(4);
    expect(positions(small)).toEqual(positions(big1.slice(0, 4)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const readsBefore = counting.reads();
    const big2 = await readers.readBatch(big1[29].position, 30, 'counts#rebuild');
    expect(big2).toHaveLength(30);
    expect(counting.reads()).toBe(readsBefore + 1); // big2 was read ahead; reading on starts the one after it
  });

  it('a failed read is not kept: the next ask reads again', async () => {
    await appendEvents(20);
    let failNext = true;
    const flaky = Object.create(store) as EventStore;
    flaky.readAll = async (options?: ReadAllOptions) => {
      if (failNext) {
        failNext = false;
        throw new Error('connection lost');
      }
      return store.readAll(options);
    };
    const reader = new SharedLogReader(flaky);
    await expect(reader.readBatch(undefined, 10, 'a')).rejects.toThrow('connection lost');
    expect(await reader.readBatch(undefined, 10, 'a')).toHaveLength(10);
  });
});

async function waitFor(condition: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
