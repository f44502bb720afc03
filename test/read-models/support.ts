import { DataSource } from 'typeorm';
import { Database } from '../../src/database/database';
import { ReadStreamOptions, RecordedEvent } from '../../src/event-store/event-store.port';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { ProjectionCache } from '../../src/projections/projection-cache';
import { quoted } from '../../src/projections/shadow-tables';
import { PROJECTIONS } from '../../src/projections/projection';
import { FollowUpModule } from '../../src/follow-up/follow-up.module';
import { OutstandingLogModule } from '../../src/outstanding-log/outstanding-log.module';
import { StreamStates } from '../../src/projections/stream-states';
import { QuestionListModule } from '../../src/question-list/question-list.module';
import { TimeTravelModule } from '../../src/time-travel/time-travel.module';
import { declaredBy } from '../../src/wiring/contributions';
import { FixedClock } from '../../src/shared-kernel/clock';
import { TestDatabase, createTestDatabase, openMigratedDatabase } from '../support/test-database';
import { waitForLogHead } from '../support/events';
import { ScenarioIds, TODAY_INSTANT, writeScenario } from './scenario';
import { batchWrites } from '../../src/projections/checkpoint-store';

/** The views that fold questions with their standing, each owned by its slice (follow-up-history and follow-up-effective-history have their own tests). */
export const QUESTION_PROJECTIONS = [QuestionListModule, FollowUpModule, OutstandingLogModule, TimeTravelModule]
  .flatMap((module) => declaredBy(PROJECTIONS, module))
  .filter((projection) => projection.name !== 'follow-up-history' && projection.name !== 'follow-up-effective-history');

/** A migrated database of its own, an event store on it, and the scenario written into it. */
export interface ReadModelFixture {
  testDatabase: TestDatabase;
  database: Database;
  dataSource: DataSource;
  store: PostgresEventStore;
  clock: FixedClock;
  ids: ScenarioIds;
  events: RecordedEvent[];
  close(): Promise<void>;
}

export async function scenarioFixture(): Promise<ReadModelFixture> {
  const testDatabase = await createTestDatabase({ migrated: true });
  const { database, dataSource } = await openMigratedDatabase(testDatabase);
  const store = new PostgresEventStore(database.pool, { singleWriter: database.singleWriter });
  const clock = new FixedClock(new Date(TODAY_INSTANT));
  const ids = await writeScenario(store, clock);
  // An event of another slice, which the question projections must ignore.
  const last = await store.appendToStream(
    'meeting-2025-06-13',
    [
      {
        id: '00000000-0000-4000-8000-000000000001',
        type: 'MeetingScheduled',
        schemaVersion: 1,
        data: { questionId: ids.strandskydd, on: '2025-06-13' },
        metadata: {
          actor: { userId: 'x', displayName: 'x', role: 'secretary', organisationId: 'karlstad' },
          occurredAt: TODAY_INSTANT,
          correlationId: 'c',
          causationId: 'c',
          commandId: 'c',
        },
      },
    ],
    'no_stream',
  );
  // The log's head passes a commit only once every older transaction on the server has ended.
  await waitForLogHead(store, last.position, 120_000);
  const events = await store.readAll({ maxCount: 10_000 });
  return {
    testDatabase,
    database,
    dataSource,
    store,
    clock,
    ids,
    events,
    close: async () => {
      await dataSource.destroy();
      await store.close();
      await database.close();
      await testDatabase.drop();
    },
  };
}

/**
 * Applies the events through every question projection in batches, each batch in
 * one transaction, as the runner does. `cold` forgets the projections' memory
 * before every batch, as after a restart, so states are folded from the streams
 * (`history`).
 */
export async function project(
  dataSource: DataSource,
  events: RecordedEvent[],
  batchSize: number,
  table: (name: string) => string = quoted,
  cold = false,
  /** Where folding a stream reads from: these events, unless earlier ones were projected before. */
  history: RecordedEvent[] = events,
): Promise<void> {
  const caches = new Map(QUESTION_PROJECTIONS.map((projection) => [projection.name, new ProjectionCache()]));
  // Shared by the projections, as the runners of a process share it.
  let states = new StreamStates();
  const readStream = async (streamId: string, options: ReadStreamOptions = {}) =>
    history
      .filter((event) => event.streamId === streamId && event.revision >= (options.fromRevision ?? 0))
      .slice(0, options.maxCount ?? Number.MAX_SAFE_INTEGER);
  for (let start = 0; start < events.length; start += batchSize) {
    const batch = events.slice(start, start + batchSize);
    if (cold) {
      caches.forEach((cache) => cache.clear());
      states = new StreamStates();
    }
    const prepared = new Map<string, unknown>();
    for (const projection of QUESTION_PROJECTIONS)
      prepared.set(projection.name, await projection.prepare?.(batch, { live: table === quoted, cache: caches.get(projection.name)!, states, readStream }));
    await dataSource.transaction(async (manager) => {
      for (const projection of QUESTION_PROJECTIONS) {
        await batchWrites.unguarded(manager, projection, batch, {
          table,
          live: table === quoted,
          cache: caches.get(projection.name)!,
          prepared: prepared.get(projection.name),
        });
      }
    });
  }
}
