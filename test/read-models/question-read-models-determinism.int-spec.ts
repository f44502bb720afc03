import { SHADOW_SUFFIX, createShadowTables, dropShadowTables, quoted } from '../../src/projections/shadow-tables';
import { randomUUID } from 'node:crypto';
import { GlobalPosition, NewEvent } from '../../src/event-store/event-store.port';
import { questionDecider } from '../../src/questions/question.decider';
import { QuestionCommand } from '../../src/questions/question.commands';
import { QuestionState, isQuestionEvent } from '../../src/questions/contract';
import type { Projection } from '../../src/projections/projection';
import { waitForLogHead } from '../support/events';
import { QUESTION_PROJECTIONS, ReadModelFixture, project, scenarioFixture } from './support';
import {
  REPORT_DECISION_TABLE,
  REPORT_HANDLED_TABLE,
  REPORT_MEETING_TABLE,
  REPORT_POSITION_TABLE,
  structureReportProjection,
} from '../../src/register/structure-report.projection';

/**
 * The question read models and the structure report's rows of questions are a
 * function of the events alone: applying the same events in one batch, one by
 * one, or in batches of any size gives the same rows, byte for byte — which is
 * what lets the engine rebuild from zero and swap.
 * "Cold" forgets the projections' memory before every batch, as a restart does,
 * so each question's state is folded again from its stream.
 */
/** The structure report of the question events: the fixture's one meeting event stands for another slice's and is no whole meeting. */
const structureReportOfQuestions: Projection = {
  ...structureReportProjection,
  prepare: (events, context) => structureReportProjection.prepare!(events.filter(isQuestionEvent), context),
};
const PROJECTIONS = [...QUESTION_PROJECTIONS, structureReportOfQuestions];
const TABLES = PROJECTIONS.flatMap((projection) => projection.tables);
const COMPARED = TABLES.filter((table) => table !== REPORT_MEETING_TABLE);
const KEYS: Record<string, string> = {
  rm_question: 'question_id',
  rm_question_tally: 'forum, stage',
  rm_decision_tally: 'forum, organisation_id, decide_by, decided',
  rm_follow_up_question: 'question_id',
  rm_follow_up_history: 'organisation_id, question_id, obligation_key, valid_from',
  rm_follow_up_question_history: 'question_id, valid_from',
  rm_follow_up_day_tally: 'organisation_id, day, kind, status, due_date',
  rm_question_owed: 'organisation_id, question_id',
  rm_owed_tally: 'organisation_id, due',
  rm_question_snapshot: 'question_id, revision',
  [REPORT_HANDLED_TABLE]: 'year, forum, logic, question_id',
  [REPORT_POSITION_TABLE]: 'event_id',
  [REPORT_DECISION_TABLE]: 'event_id',
};

describe('question read models are deterministic', () => {
  let f: ReadModelFixture;

  beforeAll(async () => {
    f = await scenarioFixture();
    // A question long enough for two snapshots (rm_question_snapshot: every 100 events).
    // The log's head passes a commit only once every older transaction on the server has ended.
    await waitForLogHead(f.store, await appendLongQuestion(f, 205), 120_000);
    f.events = await f.store.readAll({ maxCount: 10_000 });
    await project(f.dataSource, f.events, f.events.length, { projections: PROJECTIONS });
  }, 120_000);
  afterAll(() => f?.close());

  const rowsOf = async (table: string, physical: string): Promise<unknown[]> =>
    (await f.dataSource.query(`SELECT to_jsonb(t) AS r FROM ${quoted(physical)} t ORDER BY ${KEYS[table]}`)).map((row: { r: unknown }) => row.r);

  it.each([
    [1, 'warm'],
    [7, 'warm'],
    [64, 'warm'],
    [1, 'cold'],
    [7, 'cold'],
  ])(
    'in batches of %i (%s) gives the same rows as in one batch',
    async (batchSize, memory) => {
      await f.dataSource.transaction((manager) => createShadowTables(manager, TABLES));
      try {
        await project(f.dataSource, f.events, batchSize, {
          projections: PROJECTIONS,
          table: (table) => quoted(table + SHADOW_SUFFIX),
          cold: memory === 'cold',
        });
        for (const table of COMPARED) {
          const inOneBatch = await rowsOf(table, table);
          expect(inOneBatch.length).toBeGreaterThan(0);
          expect(await rowsOf(table, table + SHADOW_SUFFIX)).toEqual(inOneBatch);
        }
      } finally {
        await f.dataSource.transaction((manager) => dropShadowTables(manager, TABLES));
      }
    },
    120_000,
  );
});

/** Raises and accepts a question and gives it `inputs` inputs, as the decider would record them. */
async function appendLongQuestion(f: ReadModelFixture, inputs: number): Promise<GlobalPosition> {
  const questionId = randomUUID();
  const actor = { userId: 'anna.chair', displayName: 'Anna', role: 'chair', organisationId: 'region-varmland' };
  const commands: QuestionCommand[] = [
    {
      type: 'RaiseQuestion',
      data: {
        questionId,
        title: 'Lång fråga',
        description: 'Många inspel.',
        raisedBy: { kind: 'organisation', id: 'karlstad' },
        topicArea: 'Kultur',
        documents: [],
      },
    },
    {
      type: 'AcceptQuestion',
      data: { questionId, forum: 'council', logic: 'decision', responsible: { givenName: 'Eva', familyName: 'Lind', organisationId: 'region-varmland' } },
    },
    ...Array.from({ length: inputs }, (_, i): QuestionCommand => ({
      type: 'SubmitInput',
      data: { questionId, organisationId: 'kil', content: `Inspel ${i}` },
    })),
  ];
  let state: QuestionState = questionDecider.initialState();
  const events: NewEvent[] = [];
  commands.forEach((command, index) => {
    const now = new Date(Date.parse('2025-01-01T08:00:00Z') + index * 3_600_000).toISOString();
    for (const event of questionDecider.decide(command, state, { actor, now, timeZone: 'Europe/Stockholm' })) {
      state = questionDecider.evolve(state, event, { occurredAt: now, actor });
      const commandId = randomUUID();
      events.push({
        id: randomUUID(),
        type: event.type,
        schemaVersion: questionDecider.schemaVersionOf(event.type),
        data: event.data,
        metadata: { actor, occurredAt: now, correlationId: commandId, causationId: commandId, commandId },
      });
    }
  });
  return (await f.store.appendToStream(`question-${questionId}`, events, 'no_stream')).position;
}
