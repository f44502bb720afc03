import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AdvisoryLockSession } from '../../src/database/advisory-lock-session';
import { Database } from '../../src/database/database';
import { GlobalPosition, RecordedEvent, formatPosition } from '../../src/event-store/event-store.port';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { START, checkpoints } from '../../src/projections/checkpoint-store';
import { Projection, WriteContext } from '../../src/projections/projection';
import { WriteStatement } from '../../src/projections/write-statement';
import { ProjectionRunner, RunnerOptions } from '../../src/projections/projection-runner';
import { SharedLogReaders } from '../../src/projections/shared-log-reader';
import { testEvent, waitForLogHead } from '../support/events';
import { TestDatabase, createTestDatabase, openMigratedDatabase } from '../support/test-database';

/**
 * The projection engine on a real database: checkpoint and read model commit
 * together, a failing event stops the projection exactly there, a rebuild is
 * built beside the live model and swapped in, one instance owns a projection
 * at a time.
 */
class CountingProjection implements Projection {
  readonly tables = ['test_stream_counts'];
  poisoned = true;
  /** Batches whose statement was built. */
  written = 0;
  /** Called with each batch before it is prepared (a test's chance to act as another owner). */
  beforeWrite?: (events: RecordedEvent[]) => Promise<void>;
  constructor(readonly name: string) {}

  async prepare(events: RecordedEvent[]): Promise<string> {
    await this.beforeWrite?.(events);
    const perStream = new Map<string, { stream_id: string; events: number; last_revision: number }>();
    for (const event of events) {
      if (this.poisoned && (event.data as { poison?: boolean }).poison) throw new Error('cannot digest poison');
      const row = perStream.get(event.streamId) ?? { stream_id: event.streamId, events: 0, last_revision: 0 };
      perStream.set(event.streamId, { ...row, events: row.events + 1, last_revision: event.revision });
    }
    return JSON.stringify([...perStream.values()]);
  }

  writeTo(statement: WriteStatement, _events: RecordedEvent[], { table, prepared }: WriteContext): void {
    this.written++;
    statement.with(
      'counted',
      `INSERT INTO ${table('test_stream_counts')} AS t (stream_id, events, last_revision)
       SELECT stream_id, events, last_revision FROM ${statement.recordset(prepared, [
         ['stream_id', 'text'],
         ['events', 'integer'],
         ['last_revision', 'integer'],
       ])}
       ON CONFLICT (stream_id) DO UPDATE SET events = t.events + EXCLUDED.events, last_revision = EXCLUDED.last_revision`,
    );
  }
}

/** Records the events it is given, in a table of its own. */
class SeenProjection implements Projection {
  readonly tables = ['test_seen'];
  constructor(readonly name: string) {}
  prepare(events: RecordedEvent[]): Promise<string> {
    return Promise.resolve(JSON.stringify(events.map((event) => ({ event_id: event.id }))));
  }
  writeTo(statement: WriteStatement, _events: RecordedEvent[], { table, prepared }: WriteContext): void {
    statement.with('seen', `INSERT INTO ${table('test_seen')} (event_id) SELECT event_id FROM ${statement.recordset(prepared, [['event_id', 'uuid']])}`);
  }
}

// Conditions read the checkpoint with `?.`: the runner creates its row when it starts, which may be after the first look.
const waitUntil = async (condition: () => Promise<boolean>, what: string, ms = 15_000) => {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('projection engine', () => {
  let testDatabase: TestDatabase;
  let database: Database;
  let dataSource: DataSource;
  let store: PostgresEventStore;
  const runners: ProjectionRunner[] = [];
  const lockSessions: AdvisoryLockSession[] = [];
  /** An instance's one lock session, as openDatabase makes it (undefined on the embedded database, where no lock is taken). */
  const lockSession = (): AdvisoryLockSession | undefined => {
    if (database.kind !== 'server') return undefined;
    const session = new AdvisoryLockSession(async () => {
      const client = new Client({ connectionString: testDatabase.settings.databaseUrl });
      await client.connect();
      return client;
    });
    lockSessions.push(session);
    return session;
  };

  const options = (overrides: Partial<RunnerOptions> = {}): RunnerOptions => ({
    batchSize: 7,
    idlePollMs: 10,
    retryDelayMs: 50,
    lockRetryMs: 50,
    locks: database.locks,
    ...overrides,
  });
  const startRunner = (projection: Projection, overrides: Partial<RunnerOptions> = {}) => {
    const runner = new ProjectionRunner(projection, store, dataSource, options(overrides));
    runners.push(runner);
    runner.start();
    return runner;
  };
  const storedPosition = async (name: string): Promise<string | undefined> => {
    const checkpoint = await checkpoints.load(dataSource.manager, name);
    return checkpoint && formatPosition(checkpoint.position);
  };
  const counts = async (table = 'test_stream_counts'): Promise<Record<string, number>> => {
    const rows: Array<{ stream_id: string; events: number }> = await dataSource.query(`SELECT stream_id, events FROM ${table} ORDER BY stream_id`);
    return Object.fromEntries(rows.map((row) => [row.stream_id, Number(row.events)]));
  };
  const expectedCounts = async (): Promise<Record<string, number>> => {
    const all = await store.readAll({ maxCount: 1_000_000 });
    const result: Record<string, number> = {};
    for (const event of all) result[event.streamId] = (result[event.streamId] ?? 0) + 1;
    return Object.fromEntries(Object.entries(result).sort(([a], [b]) => a.localeCompare(b)));
  };
  /** Appends, and waits until the log's head has passed them: it does so only once every older transaction on the server has ended. */
  const appendMany = async (streams: number, perStream: number) => {
    let last: GlobalPosition | undefined;
    for (let s = 0; s < streams; s++) {
      const streamId = `s-${randomUUID()}`;
      for (let i = 0; i < perStream; i++) last = (await store.appendToStream(streamId, [testEvent('Counted', { i })], i === 0 ? 'no_stream' : i - 1)).position;
    }
    if (last) await waitForLogHead(store, last, 60_000);
  };

  beforeEach(async () => {
    testDatabase = await createTestDatabase({ migrated: true });
    ({ database, dataSource } = await openMigratedDatabase(testDatabase));
    store = new PostgresEventStore(database.pool, { singleWriter: database.singleWriter });
    await dataSource.query(`CREATE TABLE test_stream_counts (stream_id text PRIMARY KEY, events integer NOT NULL, last_revision integer NOT NULL)`);
  });

  afterEach(async () => {
    await Promise.all(runners.splice(0).map((runner) => runner.stop()));
    await Promise.all(lockSessions.splice(0).map((session) => session.close()));
    await dataSource.destroy();
    await database.close();
    await testDatabase.drop();
  });

  /** Runs `projection` (named `counts`) over 36 events of 4 streams: each applied once, the checkpoint with them. */
  const expectEveryEventAppliedOnce = async (projection: Projection) => {
    await appendMany(4, 9);
    startRunner(projection);
    const head = (await store.headPosition())!;
    await waitUntil(async () => (await storedPosition('counts')) === formatPosition(head), 'caught up');
    expect(await counts()).toEqual(await expectedCounts());
    expect((await checkpoints.load(dataSource.manager, 'counts'))!.eventsApplied).toBe(36);
  };

  it('applies every event once and keeps the checkpoint with the read model', async () => {
    await expectEveryEventAppliedOnce(new CountingProjection('counts'));
  });

  it('passes over batches with nothing the projection handles by advancing only its checkpoint, once per run of such batches', async () => {
    await appendMany(3, 5);
    const handled = `s-handled-${randomUUID()}`;
    await store.appendToStream(handled, [testEvent('Counted', { i: 0 })], 'no_stream');
    await appendMany(3, 5);
    const projection = new CountingProjection('only-one-stream');
    const batchesApplied: number[] = [];
    const selective: Projection = {
      name: projection.name,
      tables: projection.tables,
      handles: (event) => event.streamId === handled,
      prepare: (events) => projection.prepare(events.filter((event) => event.streamId === handled)),
      writeTo: (statement, events, context) => {
        batchesApplied.push(events.length);
        projection.writeTo(statement, events, context);
      },
    };
    const checkpointOnlyAdvances = jest.spyOn(checkpoints, 'advanceFrom');
    startRunner(selective, { batchSize: 4 });
    const head = (await store.headPosition())!;
    await waitUntil(async () => (await storedPosition('only-one-stream')) === formatPosition(head), 'caught up');
    expect(await counts()).toEqual({ [handled]: 1 });
    expect((await checkpoints.load(dataSource.manager, 'only-one-stream'))!.eventsApplied).toBe(31);
    // Only the batch holding the handled event was written; the other seven only moved the checkpoint:
    // the three before it with one advance, the four after it (the last one short: the head) with another.
    expect(batchesApplied).toEqual([4]);
    expect(checkpointOnlyAdvances.mock.calls.filter(([, name]) => name === 'only-one-stream')).toHaveLength(2);
    checkpointOnlyAdvances.mockRestore();
  });

  it('at the head, passes events it does not handle in memory at once and writes its checkpoint for them together, at most every 250 ms', async () => {
    const projection = new CountingProjection('passes-over');
    const runner = startRunner({
      name: projection.name,
      tables: projection.tables,
      handles: () => false,
      prepare: projection.prepare,
      writeTo: projection.writeTo,
    });
    await waitUntil(async () => (await checkpoints.load(dataSource.manager, 'passes-over')) !== undefined, 'started');
    const checkpointOnlyAdvances = jest.spyOn(checkpoints, 'advanceFrom');
    const started = Date.now();
    const streamId = `s-${randomUUID()}`;
    let head: GlobalPosition | undefined;
    for (let i = 0; i < 30; i++) {
      head = (await store.appendToStream(streamId, [testEvent('Counted', { i })], i === 0 ? 'no_stream' : i - 1)).position;
      // Read-your-writes sees each event passed at once: the runner's memory is past it.
      const at = head;
      await waitUntil(async () => formatPosition(runner.knownPosition() ?? START) === formatPosition(at), `passed event ${i}`);
    }
    const elapsed = Date.now() - started;
    await waitUntil(async () => (await storedPosition('passes-over')) === formatPosition(head!), 'the checkpoint is written', 5_000);
    const writes = checkpointOnlyAdvances.mock.calls.filter(([, name]) => name === 'passes-over').length;
    checkpointOnlyAdvances.mockRestore();
    // One write per 250 ms at most (and the last one), instead of one per event.
    expect(writes).toBeLessThanOrEqual(Math.floor(elapsed / 250) + 1);
    expect(writes).toBeLessThan(30);
    expect((await checkpoints.load(dataSource.manager, 'passes-over'))!.eventsApplied).toBe(30);
  });

  it('gathering: woken by appends in quick succession, it writes them in one batch; a read waiting for it (hurry) ends the wait at once', async () => {
    const projection = new CountingProjection('gathers');
    const runner = startRunner(projection, { batchSize: 100, idlePollMs: 60_000, gather: { quietMs: 6_000, atMostMs: 60_000 } });
    await waitUntil(async () => (await checkpoints.load(dataSource.manager, 'gathers')) !== undefined, 'started');
    // Caught up on the empty log: asleep until an append wakes it.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const streamId = `s-${randomUUID()}`;
    let head: GlobalPosition | undefined;
    for (let i = 0; i < 5; i++) {
      head = (await store.appendToStream(streamId, [testEvent('Counted', { i })], i === 0 ? 'no_stream' : i - 1)).position;
      runner.notify();
    }
    const last = formatPosition(head!);
    await waitUntil(async () => (await storedPosition('gathers')) === last, 'the five are applied', 30_000);
    // One batch for the five appends, written once they paused.
    expect(projection.written).toBe(1);

    const more = (await store.appendToStream(streamId, [testEvent('Counted', { i: 5 })], 4)).position;
    runner.notify();
    const asked = Date.now();
    runner.hurry();
    await waitUntil(async () => (await storedPosition('gathers')) === formatPosition(more), 'the sixth is applied', 15_000);
    // Not held back by the 6 s of quiet the gathering waits for (the quiet is long so that a loaded machine's appends still come within it,
    // and the bound leaves a loaded machine's polling and writing room).
    expect(Date.now() - asked).toBeLessThan(4_000);
    expect(projection.written).toBe(2);
    expect(await counts()).toEqual({ [streamId]: 6 });
  });

  it('prepares the next batch while one is written, and never applies a preparation made for other events', async () => {
    await appendMany(3, 10);
    const projection = new CountingProjection('counts');
    const steps: string[] = [];
    const mismatches: string[] = [];
    let failures = 1;
    const pipelined: Projection = {
      name: projection.name,
      tables: projection.tables,
      prepare: async (events) => {
        steps.push(`prepare ${events[0].id}`);
        return { ids: events.map((event) => event.id), rows: await projection.prepare(events) };
      },
      writeTo: (statement, events, context) => {
        const { ids, rows } = context.prepared as { ids: string[]; rows: string };
        if (JSON.stringify(ids) !== JSON.stringify(events.map((event) => event.id))) mismatches.push(`${events[0].id} got ${JSON.stringify(ids)}`);
        projection.writeTo(statement, events, { ...context, prepared: rows });
      },
    };
    // The second batch's transaction rolls back once (say, a lost connection) after the third was prepared.
    startRunner(pipelined, {
      beforeCommit: async (_name, events) => {
        await new Promise((resolve) => setTimeout(resolve, 20)); // the database's share, during which the next batch is prepared
        steps.push(`applied ${events[0].id}`);
        if (events.length === 7 && steps.filter((step) => step.startsWith('applied')).length === 2 && failures-- > 0) throw new Error('connection lost');
      },
    });
    await waitUntil(async () => (await checkpoints.load(dataSource.manager, 'counts'))?.eventsApplied === 30, 'caught up');

    expect(mismatches).toEqual([]);
    expect(failures).toBe(0);
    expect(await counts()).toEqual(await expectedCounts());
    // Overlap: the second batch was prepared before the first had been written.
    const all = await store.readAll({ maxCount: 100 });
    expect(steps.indexOf(`prepare ${all[7].id}`)).toBeLessThan(steps.indexOf(`applied ${all[0].id}`));
  });

  it('a statement whose checkpoint moved writes nothing: the batch another owner took is not applied twice', async () => {
    await appendMany(4, 9);
    const projection = new CountingProjection('counts');
    let taken: RecordedEvent[] = [];
    // While the first batch is prepared, another owner applies it and advances the checkpoint.
    projection.beforeWrite = async (events) => {
      if (taken.length > 0) return;
      taken = events;
      const last = events[events.length - 1];
      const advanced = await checkpoints.advanceFrom(dataSource.manager, 'counts', START, {
        position: last.position,
        eventsApplied: events.length,
        lastEventId: last.id,
        lastRecordedAt: last.recordedAt,
      });
      expect(advanced).toBe(true);
    };
    startRunner(projection);
    await waitUntil(async () => (await checkpoints.load(dataSource.manager, 'counts'))?.eventsApplied === 36, 'caught up');

    // The other owner wrote no rows here, so exactly the taken batch is missing: the stale statement wrote none of it.
    const expected = await expectedCounts();
    for (const event of taken) expected[event.streamId] -= 1;
    const withoutEmpty = Object.fromEntries(Object.entries(expected).filter(([, n]) => n > 0));
    expect(taken).toHaveLength(7);
    expect(await counts()).toEqual(withoutEmpty);
  });

  it('analyses the tables once it has caught up on a bulk of events, so queries get planner statistics', async () => {
    const reltuples = async () => Number((await dataSource.query(`SELECT reltuples FROM pg_class WHERE relname = 'test_stream_counts'`))[0].reltuples);
    expect(await reltuples()).toBeLessThan(0); // never analysed
    await appendMany(12, 5);
    const projection = new CountingProjection('counts');
    startRunner(projection, { analyzeAfterEvents: 50 });
    await waitUntil(async () => (await reltuples()) === 12, 'the table analysed (12 rows)');
    expect(await counts()).toEqual(await expectedCounts());
  });

  it('a crash between applying a batch and committing loses nothing and applies nothing twice', async () => {
    await appendMany(3, 10);
    const projection = new CountingProjection('counts');
    let batches = 0;
    const crashing = startRunner(projection, {
      beforeCommit: async (_name, events, manager) => {
        batches++;
        // From the third batch on the process is dead: nothing it does commits any more.
        if (batches >= 3) {
          // The server ends the session mid-transaction, exactly as if the process had died.
          if (database.kind === 'server') await manager.query('SELECT pg_terminate_backend(pg_backend_pid())').catch(() => undefined);
          throw new Error(`simulated crash with ${events.length} events applied but not committed`);
        }
      },
    });
    await waitUntil(async () => batches >= 3, 'the crash');
    await crashing.stop();
    const partial = await counts();
    expect(Object.values(partial).reduce((a, b) => a + b, 0)).toBe(14); // two committed batches of 7
    expect((await checkpoints.load(dataSource.manager, 'counts'))!.eventsApplied).toBe(14);

    startRunner(projection);
    await waitUntil(async () => (await checkpoints.load(dataSource.manager, 'counts'))?.eventsApplied === 30, 'resumed to the end');
    expect(await counts()).toEqual(await expectedCounts());
  });

  it('stops at a failing event, reports it, and resumes from that event once fixed', async () => {
    await appendMany(1, 5);
    const poison = testEvent('Counted', { poison: true });
    await store.appendToStream('poisoned', [poison], 'no_stream');
    await appendMany(1, 5);
    const projection = new CountingProjection('counts');
    const runner = startRunner(projection);

    await waitUntil(async () => (await checkpoints.load(dataSource.manager, 'counts'))?.status === 'failed', 'failure recorded');
    const failed = (await checkpoints.load(dataSource.manager, 'counts'))!;
    expect(failed).toMatchObject({ failedEventId: poison.id, eventsApplied: 5 });
    expect(failed.lastError).toContain('cannot digest poison');
    expect(runner.status().failure).toMatchObject({ eventId: poison.id });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await checkpoints.load(dataSource.manager, 'counts'))!.eventsApplied).toBe(5); // never skipped

    projection.poisoned = false; // the fix is deployed
    await waitUntil(async () => (await checkpoints.load(dataSource.manager, 'counts'))?.eventsApplied === 11, 'resumed');
    expect((await checkpoints.load(dataSource.manager, 'counts'))!).toMatchObject({ status: 'running', failedEventId: null, lastError: null });
    expect(await counts()).toEqual(await expectedCounts());
  });

  /** The table's indexes and constraints, by name, with the definition each names. */
  const indexesOf = async (table: string) => ({
    indexes: await dataSource.query(`SELECT indexname, replace(indexdef, indexname, '<name>') AS def FROM pg_indexes WHERE tablename = $1 ORDER BY indexname`, [
      table,
    ]),
    constraints: await dataSource.query(`SELECT conname, contype FROM pg_constraint WHERE conrelid = $1::regclass ORDER BY conname`, [table]),
  });

  it('rebuilds beside the live model: readers never see it half-built, and it equals the incremental one', async () => {
    await dataSource.query(`CREATE INDEX test_stream_counts_by_events ON test_stream_counts (events DESC, stream_id)`);
    const liveIndexes = await indexesOf('test_stream_counts');
    await appendMany(5, 20);
    const projection = new CountingProjection('counts');
    startRunner(projection, { batchSize: 3 });
    await waitUntil(async () => (await checkpoints.load(dataSource.manager, 'counts'))?.eventsApplied === 100, 'live caught up');
    const incremental = await counts();
    expect(incremental).toEqual(await expectedCounts());
    // Damage the live model, as a buggy projection version might have, so the rebuild visibly replaces it.
    await dataSource.query(`UPDATE test_stream_counts SET events = events + 1000`);
    const damaged = await counts();

    await checkpoints.requestRebuild(dataSource.manager, 'counts');
    runners[0].notify();
    const writer = appendMany(2, 10); // live events keep arriving during the rebuild
    const seenTotals: number[] = [];
    await waitUntil(async () => {
      const rows = await counts();
      seenTotals.push(Object.values(rows).reduce((a, b) => a + b, 0));
      return (await checkpoints.load(dataSource.manager, 'counts'))!.rebuildRequestedAt === null;
    }, 'rebuild swapped in');
    await writer;
    await waitUntil(async () => (await checkpoints.load(dataSource.manager, 'counts'))?.eventsApplied === 120, 'caught up after rebuild');

    // Before the swap readers saw the old (damaged, then growing) model, never a partial rebuild.
    const damagedTotal = Object.values(damaged).reduce((a, b) => a + b, 0);
    const beforeSwap = seenTotals.slice(0, -1);
    expect(beforeSwap.every((total) => total >= damagedTotal)).toBe(true);
    expect(await counts()).toEqual(await expectedCounts());
    const shadowTables = await dataSource.query(`SELECT tablename FROM pg_tables WHERE tablename LIKE 'test_stream_counts__%'`);
    expect(shadowTables).toEqual([]);
    expect(await checkpoints.load(dataSource.manager, 'counts#rebuild')).toBeUndefined();
    // The swapped-in table has the live one's indexes under the live names, so a migration can still name them.
    expect(await indexesOf('test_stream_counts')).toEqual(liveIndexes);
  });

  it('builds a read model from zero on a backlog in shadow tables: readers see it empty, then whole, with every index', async () => {
    await dataSource.query(`CREATE INDEX test_stream_counts_by_events ON test_stream_counts (events DESC, stream_id)`);
    const liveIndexes = await indexesOf('test_stream_counts');
    await appendMany(4, 9);
    startRunner(new CountingProjection('counts'), { batchSize: 3, buildInShadowFromEvents: 20 });
    const seenTotals: number[] = [];
    await waitUntil(async () => {
      seenTotals.push(Object.values(await counts()).reduce((a, b) => a + b, 0));
      return (await checkpoints.load(dataSource.manager, 'counts'))?.eventsApplied === 36;
    }, 'built and swapped in');
    expect(seenTotals.every((total) => total === 0 || total === 36)).toBe(true);
    expect(await counts()).toEqual(await expectedCounts());
    expect(await checkpoints.load(dataSource.manager, 'counts')).toMatchObject({ rebuildRequestedAt: null, status: 'running' });
    expect(await checkpoints.load(dataSource.manager, 'counts#rebuild')).toBeUndefined();
    expect(await indexesOf('test_stream_counts')).toEqual(liveIndexes);

    // Afterwards it goes on live, batch by batch.
    await appendMany(1, 4);
    await waitUntil(async () => (await checkpoints.load(dataSource.manager, 'counts'))?.eventsApplied === 40, 'the next events applied');
    expect(await counts()).toEqual(await expectedCounts());
  });

  it("a rebuild writes batches of rebuildBatchSize, while the live batches beside it (its own, and another runner's) keep batchSize", async () => {
    await dataSource.query(`CREATE TABLE test_seen (seq serial PRIMARY KEY, event_id uuid NOT NULL UNIQUE)`);
    await appendMany(5, 20);
    const batches: Array<{ checkpoint: string; events: number }> = [];
    // As ProjectionsService runs them: one shared read of the log per batch size, for both runners.
    const shared = { batchSize: 3, rebuildBatchSize: 10, logReader: new SharedLogReaders(store) };
    const beforeCommit = async (checkpoint: string, events: RecordedEvent[]) => void batches.push({ checkpoint, events: events.length });
    const counting = startRunner(new CountingProjection('counts'), { ...shared, beforeCommit });
    startRunner(new SeenProjection('seen'), { ...shared, beforeCommit });
    const applied = async (name: string) => (await checkpoints.load(dataSource.manager, name))?.eventsApplied;
    await waitUntil(async () => (await applied('counts')) === 100 && (await applied('seen')) === 100, 'both caught up live');
    // 100 events are below buildInShadowFromEvents: the first build was live, in batches of 3.
    expect(batches.every((batch) => batch.events <= 3)).toBe(true);
    expect(batches.filter((batch) => batch.checkpoint === 'counts' && batch.events === 3)).toHaveLength(33);

    batches.length = 0;
    await checkpoints.requestRebuild(dataSource.manager, 'counts');
    counting.notify();
    await appendMany(3, 4);
    await waitUntil(
      async () =>
        (await checkpoints.load(dataSource.manager, 'counts'))?.rebuildRequestedAt === null &&
        (await applied('counts')) === 112 &&
        (await applied('seen')) === 112,
      'rebuilt and swapped in, and every event live',
    );
    const sizes = (checkpoint: string) => batches.filter((batch) => batch.checkpoint === checkpoint).map((batch) => batch.events);
    // The rebuild: full batches of 10 (the last one short, or more if the appends came in between).
    expect(Math.max(...sizes('counts#rebuild'))).toBe(10);
    expect(sizes('counts#rebuild').filter((n) => n === 10).length).toBeGreaterThanOrEqual(10);
    expect(sizes('counts#rebuild').reduce((a, b) => a + b, 0)).toBe(112);
    // Live, beside it: never more than 3.
    expect(sizes('seen').length).toBeGreaterThan(0);
    expect(Math.max(...sizes('seen'), ...sizes('counts'))).toBeLessThanOrEqual(3);
    expect(await counts()).toEqual(await expectedCounts());
    const seen: Array<{ event_id: string }> = await dataSource.query(`SELECT event_id FROM test_seen ORDER BY seq`);
    expect(seen.map((row) => row.event_id)).toEqual((await store.readAll({ maxCount: 1_000 })).map((event) => event.id));
  });

  it('a first build on a backlog goes through shadow tables in batches of rebuildBatchSize', async () => {
    await appendMany(4, 9);
    const batches: Array<{ checkpoint: string; events: number }> = [];
    startRunner(new CountingProjection('counts'), {
      batchSize: 3,
      rebuildBatchSize: 8,
      buildInShadowFromEvents: 20,
      beforeCommit: async (checkpoint, events) => void batches.push({ checkpoint, events: events.length }),
    });
    await waitUntil(async () => (await checkpoints.load(dataSource.manager, 'counts'))?.eventsApplied === 36, 'built and swapped in');
    expect(batches).toEqual([8, 8, 8, 8, 4].map((events) => ({ checkpoint: 'counts#rebuild', events })));
    expect(await counts()).toEqual(await expectedCounts());
    await appendMany(1, 5);
    await waitUntil(async () => (await checkpoints.load(dataSource.manager, 'counts'))?.eventsApplied === 41, 'the next events applied live');
    expect(batches.slice(5).map((batch) => [batch.checkpoint, batch.events <= 3])).toEqual(batches.slice(5).map(() => ['counts', true]));
    expect(await counts()).toEqual(await expectedCounts());
  });

  it('a rebuild stopped midway goes on from its own checkpoint in the next process, and swaps in with every index', async () => {
    await dataSource.query(`CREATE INDEX test_stream_counts_by_events ON test_stream_counts (events DESC, stream_id)`);
    const liveIndexes = await indexesOf('test_stream_counts');
    await appendMany(5, 20);
    const projection = new CountingProjection('counts');
    // The first process dies after five rebuild batches: nothing of the rebuild commits after them.
    let rebuildBatches = 0;
    const first = startRunner(projection, {
      batchSize: 3,
      beforeCommit: async (checkpointName) => {
        if (checkpointName === 'counts#rebuild' && ++rebuildBatches > 5) throw new Error('the process died');
      },
    });
    await waitUntil(async () => (await checkpoints.load(dataSource.manager, 'counts'))?.eventsApplied === 100, 'live caught up');
    await checkpoints.requestRebuild(dataSource.manager, 'counts');
    first.notify();
    await waitUntil(async () => rebuildBatches > 5, 'the rebuild went midway');
    await first.stop();
    expect((await checkpoints.load(dataSource.manager, 'counts#rebuild'))!.eventsApplied).toBe(15);
    // Midway the shadow has its key only: the other indexes are built once it has caught up.
    expect(
      (await dataSource.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'test_stream_counts__rebuild'`)).map(
        (row: { indexname: string }) => row.indexname,
      ),
    ).toEqual(['test_stream_counts_pkey__rebuild']);

    startRunner(new CountingProjection('counts'), { batchSize: 3 });
    await waitUntil(async () => (await checkpoints.load(dataSource.manager, 'counts'))?.rebuildRequestedAt === null, 'rebuild swapped in');
    expect(await counts()).toEqual(await expectedCounts());
    expect((await checkpoints.load(dataSource.manager, 'counts'))!.eventsApplied).toBe(100);
    expect(await checkpoints.load(dataSource.manager, 'counts#rebuild')).toBeUndefined();
    expect(await indexesOf('test_stream_counts')).toEqual(liveIndexes);
  });

  it('concurrent writers during projection: no event missed or applied twice', async () => {
    const projection = new CountingProjection('counts');
    startRunner(projection, { batchSize: 50 });
    await Promise.all(Array.from({ length: database.kind === 'server' ? 8 : 2 }, () => appendMany(3, 15)));
    const total = (database.kind === 'server' ? 8 : 2) * 45;
    await waitUntil(async () => (await checkpoints.load(dataSource.manager, 'counts'))?.eventsApplied === total, 'all applied');
    expect(await counts()).toEqual(await expectedCounts());
  });

  it('with two instances, one owns the projection; the other takes over when it dies', async () => {
    if (database.kind !== 'server') return; // the embedded database is opened by one process only
    // Each instance holds its locks on a session of its own.
    const first = startRunner(new CountingProjection('counts'), { locks: lockSession() });
    await appendMany(2, 5);
    await waitUntil(async () => (await checkpoints.load(dataSource.manager, 'counts'))?.eventsApplied === 10, 'first applies');
    const second = startRunner(new CountingProjection('counts'), { locks: lockSession() });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(first.status().owner).toBe(true);
    expect(second.status().owner).toBe(false);

    await first.abandonLockForTest();
    await appendMany(2, 5);
    await waitUntil(async () => (await checkpoints.load(dataSource.manager, 'counts'))?.eventsApplied === 20, 'second takes over');
    expect(second.status().owner).toBe(true);
    expect(await counts()).toEqual(await expectedCounts());
  });
});
