import type { Type } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Database } from '../../src/database/database';
import { ReadStreamOptions, RecordedEvent } from '../../src/event-store/event-store.port';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { ProjectionCache } from '../../src/projections/projection-cache';
import { quoted } from '../../src/projections/shadow-tables';
import { PROJECTIONS, type Projection } from '../../src/projections/projection';
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

/**
 * The views that fold questions with their standing that the given slices declare
 * (follow-up-effective-history has its own tests; follow-up-history's versions
 * in force are the live follow-up): a capability's tests project only its own
 * views and those it reads.
 */
export function questionProjectionsOf(...modules: Array<Type<unknown>>): Projection[] {
  return modules.flatMap((module) => declaredBy(PROJECTIONS, module)).filter((projection) => projection.name !== 'follow-up-effective-history');
}

/** Every view that folds questions, each owned by its slice. */
export const QUESTION_PROJECTIONS = questionProjectionsOf(QuestionListModule, FollowUpModule, OutstandingLogModule, TimeTravelModule);

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

/** How `project` applies the events. */
export interface ProjectOptions {
  /** The projections to apply: every question view unless a test names fewer. */
  projections?: Projection[];
  /** The physical table of each logical one (a rebuild's shadow copy). */
  table?: (name: string) => string;
  /** Forgets the projections' memory before every batch, as after a restart. */
  cold?: boolean;
  /** Where folding a stream reads from: these events, unless earlier ones were projected before. */
  history?: RecordedEvent[];
}

/**
 * Applies the events through the question projections in batches, each batch in
 * one transaction, as the runner does. `cold` forgets the projections' memory
 * before every batch, as after a restart, so states are folded from the streams
 * (`history`).
 */
export async function project(dataSource: DataSource, events: RecordedEvent[], batchSize: number, options: ProjectOptions = {}): Promise<void> {
  const { projections = QUESTION_PROJECTIONS, table = quoted, cold = false, history = events } = options;
  const caches = new Map(projections.map((projection) => [projection.name, new ProjectionCache()]));
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
    for (const projection of projections)
      prepared.set(projection.name, await projection.prepare?.(batch, { live: table === quoted, cache: caches.get(projection.name)!, states, readStream }));
    await dataSource.transaction(async (manager) => {
      for (const projection of projections) {
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

/** A question's row of rm_question as the question list's specs compare it: dates as text, instants as ISO strings. */
export async function questionRowOf(dataSource: DataSource, id: string) {
  const [found] = await dataSource.query(
    `SELECT question_id, revision, title, topic_area, stage, is_open, forum, logic, responsible_name, responsible_organisation_id,
            raised_by_kind, raised_by_id, raised_at, last_changed_at, next_step, next_step_owner, next_step_due::text AS next_step_due,
            position_number, position_date::text AS position_date, decide_by::text AS decide_by, meeting_reference,
            organisations_to_decide, pending_decisions, last_meeting_forum, last_meeting_on::text AS last_meeting_on,
            last_meeting_reference, open_items, earliest_due_date::text AS earliest_due_date
     FROM rm_question WHERE question_id = $1`,
    [id],
  );
  return { ...found, raised_at: new Date(found.raised_at).toISOString(), last_changed_at: new Date(found.last_changed_at).toISOString() };
}
