import { randomUUID } from 'node:crypto';
import { followUpAsOf } from '../../src/audit/follow-up-as-of';
import { runReplayCheck } from '../../src/audit/replay-check';
import { type SnapshotLookup, parseAsOf, snapshotLookup } from '../../src/time-travel/contract';
import {
  DECISION_OUTCOME_LABELS,
  MATRIX_STATUS_LABELS,
  type MatrixStatus,
  type MemberDecisionObligationDetails,
  type QuestionStage,
  isEndedStage,
  isQuestionEvent,
  questionIdOf,
  stageRef,
} from '../../src/questions/contract';
import type { Language } from '../../src/http/accept-language';
import { calendarDateOf } from '../../src/shared-kernel/calendar';
import { executeWithDecider } from '../../src/command-handling/execute-with-decider';
import { type ReadSql, readSqlOver } from '../../src/database/read-sql';
import { type Actor, ReadStreamOptions, RecordedEvent, comparePositions } from '../../src/event-store/event-store.port';
import { FollowUpModule } from '../../src/follow-up/follow-up.module';
import { PROJECTIONS } from '../../src/projections/projection';
import { declaredBy } from '../../src/wiring/contributions';
import { FollowUpAsOfQueries, type FollowUpPoint, resolvePoint, revisionAt } from '../../src/follow-up/follow-up-as-of.queries';
import { type FollowUpMatrixQueryDto, MATRIX_SORTS, type MatrixSort } from '../../src/follow-up/follow-up.dto';
import type { ObligationRow } from '../../src/follow-up/obligation-history';
import { batchWrites, checkpoints } from '../../src/projections/checkpoint-store';
import { ProjectionCache } from '../../src/projections/projection-cache';
import { StreamStates } from '../../src/projections/stream-states';
import { ProjectionRunner } from '../../src/projections/projection-runner';
import { SHADOW_SUFFIX, createShadowTables, dropShadowTables, quoted } from '../../src/projections/shadow-tables';
import { questionDecider } from '../../src/questions/question.decider';
import { QuestionCommand } from '../../src/questions/question.commands';
import { ORGANISATIONS, ORGANISATION_IDS, OrganisationId } from '../../src/reference-data/organisations';
import { actors } from '../read-models/scenario';
import { waitForLogHead } from '../support/events';
import { ReadModelFixture, scenarioFixture } from '../read-models/support';

/** follow-up-history and follow-up-effective-history (the live follow-up's projection, declared beside them, has its tests in follow-up.int-spec.ts). */
const FOLLOW_UP_PROJECTIONS = declaredBy(PROJECTIONS, FollowUpModule).filter((projection) =>
  ['follow-up-history', 'follow-up-effective-history'].includes(projection.name),
);

/**
 * GET /organisations/:id/follow-up?asOf= is read from follow-up-history; the
 * auditors' follow-up (audit/follow-up-as-of.ts: each question as time travel
 * cuts it, in the event store's read) is what it must
 * equal, for every organisation, at dates before the first event, on each
 * change and a millisecond either side, at the end of calendar days, and
 * within a day. The scenario adds a question whose events' clocks disagree
 * (one recorded as earlier than the one before it, two at the same instant).
 */
const TABLES = FOLLOW_UP_PROJECTIONS.flatMap((projection) => projection.tables);
const KEYS: Record<string, string> = {
  rm_follow_up_history: 'organisation_id, question_id, obligation_key, valid_from',
  rm_follow_up_question_history: 'question_id, valid_from',
  rm_follow_up_day_tally: 'organisation_id, day, kind, status, due_date',
  rm_follow_up_effective_history: 'organisation_id, question_id, obligation_key, valid_from',
  rm_follow_up_effective_question_history: 'question_id, valid_from',
  rm_follow_up_effective_day_correction: 'organisation_id, day, kind, status, due_date',
  rm_follow_up_divergent_question: 'question_id',
};

describe('follow-up as of a date, from follow-up-history', () => {
  let f: ReadModelFixture;
  let queries: FollowUpAsOfQueries;
  let snapshots: SnapshotLookup;
  let questionIds: string[];
  let backdated: string;
  let divergesLate: string;

  beforeAll(async () => {
    f = await scenarioFixture();
    // The log's head is what every transaction before it has committed; another session's open transaction can hold it back for a while.
    await appendQuestionWithDisagreeingClocks(f);
    backdated = await appendBackdatedQuestion(f);
    divergesLate = await appendQuestionThatDivergesLate(f);
    await waitForLogHead(f.store, await appendQuestionWithClocksAcrossMidnight(f), 120_000);
    f.events = await f.store.readAll({ maxCount: 10_000 });
    await catchUpWithTheRunner(f);
    queries = new FollowUpAsOfQueries(readSqlOver(f.database.pool));
    snapshots = snapshotLookup((text, params) => f.dataSource.query(text, params));
    questionIds = [...new Set(f.events.filter(isQuestionEvent).map((event) => questionIdOf(event)))];
  }, 600_000);
  afterAll(() => f?.close());

  const everything = { limit: 200, offset: 0 };
  const compare = async (organisationId: OrganisationId, asOf: Date, page = everything) => {
    const fromHistory = await queries.forOrganisation(organisationId, { axis: 'recorded', asOf }, page, 'sv');
    const folded = await followUpAsOf({ store: f.store, snapshots }, questionIds, organisationId, asOf, page, 'sv');
    const { timeAxis, ...answer } = fromHistory;
    expect(timeAxis).toEqual({ code: 'as-recorded-by', label: 'Som registrerat vid' });
    expect({ organisationId, asOf: asOf.toISOString(), answer }).toEqual({ organisationId, asOf: asOf.toISOString(), answer: folded });
    return fromHistory;
  };
  /** As in effect on a day, as the record stands now: the fold with `inEffectOn` and an `asOf` after every event. */
  const compareInEffect = async (organisationId: OrganisationId, inEffectOn: string, page = everything) => {
    const fromHistory = await queries.forOrganisation(organisationId, { axis: 'effective', inEffectOn }, page, 'sv');
    const folded = await followUpAsOf({ store: f.store, snapshots }, questionIds, organisationId, new Date('2100-01-01T00:00:00Z'), page, 'sv', inEffectOn);
    const { timeAxis, inEffectOn: named, ...answer } = fromHistory as typeof fromHistory & { inEffectOn: string };
    expect([timeAxis, named]).toEqual([{ code: 'as-in-effect-on', label: 'Som det hade inträffat den' }, inEffectOn]);
    const { asOf: _asOf, ...fold } = folded;
    expect({ organisationId, inEffectOn, answer }).toEqual({ organisationId, inEffectOn, answer: fold });
    return fromHistory;
  };

  it('owes and has done nothing before the first event', async () => {
    const first = Math.min(...f.events.map((event) => Date.parse(event.metadata.occurredAt)));
    for (const organisationId of ['karlstad', 'kil'] as const) {
      const answer = await compare(organisationId, new Date(first - 1));
      expect(answer.counts).toMatchObject({ owed: 0, overdue: 0, done: 0 });
      expect(answer.owed).toEqual([]);
    }
  });

  it('equals the fold for every organisation at every change, a millisecond either side', async () => {
    const instants = [...new Set(f.events.map((event) => Date.parse(event.metadata.occurredAt)))].sort((a, b) => a - b);
    let nonEmpty = 0;
    for (const instant of instants) {
      for (const asOf of [instant - 1, instant, instant + 1]) {
        for (const organisationId of ['karlstad', 'kil', 'torsby', 'region-varmland'] as const) {
          const answer = await compare(organisationId, new Date(asOf));
          if (answer.owed.length + answer.done.length > 0) nonEmpty++;
        }
      }
    }
    expect(nonEmpty).toBeGreaterThan(50);
  }, 300_000);

  it('equals the fold for all 17 organisations at the end of calendar days in Sweden and within a day', async () => {
    const days = ['2025-01-04', '2025-01-20', '2025-02-14', '2025-03-09', '2025-03-10', '2025-03-11', '2025-05-02', '2025-05-31', '2025-06-16', '2026-01-01'];
    for (const day of days) {
      const endOfDay = parseAsOf(day)!;
      const middayStockholm = new Date(`${day}T12:30:00+01:00`);
      for (const organisationId of ORGANISATION_IDS) {
        await compare(organisationId, endOfDay);
        await compare(organisationId, middayStockholm);
      }
    }
  }, 300_000);

  it('as in effect on each day an event happened, the day before and the day after, equals the fold', async () => {
    const days = new Set<string>();
    for (const event of f.events) {
      const day = event.metadata.effectiveOn ?? calendarDateOf(event.metadata.occurredAt);
      days.add(day);
      days.add(shiftDay(day, -1));
      days.add(shiftDay(day, 1));
    }
    let nonEmpty = 0;
    for (const day of [...days].sort()) {
      for (const organisationId of ['karlstad', 'kil', 'torsby', 'region-varmland'] as const) {
        const answer = await compareInEffect(organisationId, day);
        if (answer.owed.length + answer.done.length > 0) nonEmpty++;
      }
    }
    expect(nonEmpty).toBeGreaterThan(50);
    await compareInEffect('karlstad', '2025-06-16', { limit: 2, offset: 1 });
  }, 300_000);

  it('pages as the fold does', async () => {
    for (const page of [
      { limit: 1, offset: 0 },
      { limit: 2, offset: 1 },
      { limit: 50, offset: 3 },
    ]) {
      for (const organisationId of ['karlstad', 'kil', 'region-varmland'] as const) await compare(organisationId, parseAsOf('2025-06-16')!, page);
    }
  });

  it('sees a question whose later event was recorded as earlier only once every event up to it is in', async () => {
    // The answer recorded as 2025-03-10T08:00Z came after the consultation opened at 10:00: before 10:00 neither is seen.
    const beforeOpening = await compare('karlstad', new Date('2025-03-10T09:59:59.999Z'));
    expect(beforeOpening.done.filter((item) => item.kind === 'consultation-answer' && item.doneOn === '2025-03-10')).toEqual([]);
    const afterOpening = await compare('karlstad', new Date('2025-03-10T10:00:00.000Z'));
    expect(afterOpening.done.map((item) => item.doneOn)).toContain('2025-03-10');
  });

  it('keeps effective rows only of the questions with an event on another day, each from its first event', async () => {
    const idsIn = async (table: string) =>
      (await f.dataSource.query(`SELECT DISTINCT question_id FROM ${table} ORDER BY question_id`)).map((row: { question_id: string }) => row.question_id);
    const divergent = [backdated, divergesLate].sort();
    expect(await idsIn('rm_follow_up_divergent_question')).toEqual(divergent);
    expect(await idsIn('rm_follow_up_effective_history')).toEqual(divergent);
    expect(await idsIn('rm_follow_up_effective_question_history')).toEqual(divergent);
    // Diverged with its fifth event: its history is written from the first (raised on 3 March).
    const [{ first }] = await f.dataSource.query(`SELECT min(valid_from) AS first FROM rm_follow_up_effective_question_history WHERE question_id = $1`, [
      divergesLate,
    ]);
    expect(calendarDateOf(first)).toBe('2025-03-03');
  });

  it('answers and counts a divergent question by the days things happened, and as recorded on the recorded axis', async () => {
    const itemsOf = (answer: Awaited<ReturnType<typeof compare>>, questionId: string) =>
      [...answer.owed.map((item) => ['owed', item.kind]), ...answer.done.map((item) => ['done', item.kind])].filter(
        (_, i) => [...answer.owed, ...answer.done][i].question.id === questionId,
      );
    // Kil's answer happened on 24 March and was entered on the 28th.
    const kilInEffect = await compareInEffect('kil', '2025-03-26');
    const kilRecorded = await compare('kil', parseAsOf('2025-03-26')!);
    expect(itemsOf(kilInEffect, divergesLate)).toEqual([['done', 'consultation-answer']]);
    expect(itemsOf(kilRecorded, divergesLate)).toEqual([['owed', 'consultation-answer']]);
    // Kil's decision on the backdated question (25 February), entered on 15 April: in effect on 26 March (and the feedback it then owes), not recorded by then.
    expect(itemsOf(kilInEffect, backdated)).toEqual([
      ['owed', 'feedback-at-home'],
      ['done', 'member-decision'],
    ]);
    expect(itemsOf(kilRecorded, backdated)).toEqual([]);
    const answers = (answer: typeof kilInEffect) => answer.counts.byKind['consultation-answer'];
    const decisions = (answer: typeof kilInEffect) => answer.counts.byKind['member-decision'];
    expect([answers(kilInEffect).done - answers(kilRecorded).done, answers(kilRecorded).owed - answers(kilInEffect).owed]).toEqual([1, 1]);
    expect(decisions(kilInEffect).done - decisions(kilRecorded).done).toBe(1);
    // Torsby was to decide by 28 February: in effect on 1 March it is overdue; as recorded by then the question did not exist.
    const torsbyInEffect = await compareInEffect('torsby', '2025-03-01');
    expect(torsbyInEffect.owed.filter((item) => item.question.id === backdated).map((item) => item.kind)).toEqual(['member-decision']);
    expect(torsbyInEffect.counts.byKind['member-decision'].overdue).toBeGreaterThanOrEqual(1);
    expect((await compare('torsby', parseAsOf('2025-03-01')!)).owed.filter((item) => item.question.id === backdated)).toEqual([]);
    // A page merges the two sources in order: every window of Kil's lists as the fold pages them.
    for (let offset = 0; offset < kilInEffect.owed.length + kilInEffect.done.length; offset++) {
      await compareInEffect('kil', '2025-03-26', { limit: 1, offset });
      await compareInEffect('kil', '2025-03-26', { limit: 2, offset });
    }
  });

  it('cuts the grid at a point in SQL to the answer of every version grouped in code (the previous reading), on both axes, in every order and page', async () => {
    const instants = [...new Set(f.events.map((event) => Date.parse(event.metadata.occurredAt)))].sort((a, b) => a - b);
    const days = [...new Set(f.events.map((event) => event.metadata.effectiveOn ?? calendarDateOf(event.metadata.occurredAt)))].sort();
    const points: FollowUpPoint[] = [
      ...instants.flatMap((instant) => [instant - 1, instant].map((ms) => ({ axis: 'recorded' as const, asOf: new Date(ms) }))),
      ...days.flatMap((day) => [shiftDay(day, -1), day].map((inEffectOn) => ({ axis: 'effective' as const, inEffectOn }))),
    ];
    const sql = readSqlOver(f.database.pool);
    let questionsSeen = 0;
    let endedLeftOut = 0;
    for (const point of points) {
      const cut = await queries.matrix(point, { limit: 200, offset: 0 }, 'sv');
      expect({ point, cut }).toEqual({ point, cut: await gridFromEveryVersion(sql, point, { limit: 200, offset: 0 }, 'sv') });
      questionsSeen += cut.total;
      const everyVersion = await gridFromEveryVersion(sql, point, { limit: 200, offset: 0 }, 'sv', { keepEnded: true });
      endedLeftOut += everyVersion.total - cut.total;
    }
    expect(questionsSeen).toBeGreaterThan(20);
    // A question closed after its organisations decided keeps its decisions in force: the cut leaves it out by its stage then.
    expect(endedLeftOut).toBeGreaterThan(0);
    const late: FollowUpPoint = { axis: 'recorded', asOf: parseAsOf('2025-06-16')! };
    for (const sort of MATRIX_SORTS) {
      for (const page of [
        { limit: 200, offset: 0 },
        { limit: 1, offset: 1 },
        { limit: 2, offset: 0 },
      ]) {
        const query = { ...page, sort };
        expect({ sort, page, cut: await queries.matrix(late, query, 'en') }).toEqual({ sort, page, cut: await gridFromEveryVersion(sql, late, query, 'en') });
      }
    }
  }, 300_000);

  it('is found equal to a replay of the log by audit:replay', async () => {
    const report = await runReplayCheck({ store: f.store, dataSource: f.dataSource, projections: FOLLOW_UP_PROJECTIONS, deciders: [] });
    expect(report.projections.map((p) => [p.projection, p.eventsReplayed, p.identical])).toEqual([
      ['follow-up-history', f.events.length, true],
      ['follow-up-effective-history', f.events.length, true],
    ]);
    for (const projection of report.projections) for (const table of projection.tables) expect(table.liveRows).toBeGreaterThan(0);
  });

  it.each([
    [1, 'warm'],
    [3, 'cold'],
    [10_000, 'warm'],
  ])(
    'gives the same rows in batches of %i (%s) as the runner in batches of 5',
    async (batchSize, memory) => {
      const rowsOf = async (table: string, physical: string): Promise<unknown[]> =>
        (await f.dataSource.query(`SELECT to_jsonb(t) AS r FROM ${quoted(physical)} t ORDER BY ${KEYS[table]}`)).map((row: { r: unknown }) => row.r);
      await f.dataSource.transaction((manager) => createShadowTables(manager, TABLES));
      try {
        await projectFollowUp(f, f.events, batchSize, (table) => quoted(table + SHADOW_SUFFIX), memory === 'cold');
        for (const table of TABLES) {
          const live = await rowsOf(table, table);
          expect(live.length).toBeGreaterThan(0);
          expect(await rowsOf(table, table + SHADOW_SUFFIX)).toEqual(live);
        }
      } finally {
        await f.dataSource.transaction((manager) => dropShadowTables(manager, TABLES));
      }
    },
    120_000,
  );
});

/** Runs follow-up-history as the app does (its runner, batches of 5, one statement each) until it has applied the whole log. */
async function catchUpWithTheRunner(f: ReadModelFixture): Promise<void> {
  const runners = FOLLOW_UP_PROJECTIONS.map(
    (projection) =>
      new ProjectionRunner(projection, f.store, f.dataSource, { batchSize: 5, idlePollMs: 10, retryDelayMs: 50, lockRetryMs: 50, locks: undefined }),
  );
  runners.forEach((runner) => runner.start());
  const head = (await f.store.headPosition())!;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const positions = await Promise.all(FOLLOW_UP_PROJECTIONS.map((p) => checkpoints.load(f.dataSource.manager, p.name)));
    if (positions.every((c) => c && comparePositions(c.position, head) >= 0)) break;
    if (Date.now() > deadline) throw new Error('follow-up-history did not catch up');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await Promise.all(runners.map((runner) => runner.stop()));
}

/** Applies the events through follow-up-history in batches, each in one transaction, without the runner; `cold` forgets its memory before each. */
async function projectFollowUp(f: ReadModelFixture, events: RecordedEvent[], batchSize: number, table: (name: string) => string = quoted, cold = false) {
  const caches = new Map(FOLLOW_UP_PROJECTIONS.map((projection) => [projection.name, new ProjectionCache()]));
  let states: StreamStates | undefined;
  const readStream = async (streamId: string, options: ReadStreamOptions = {}) =>
    events
      .filter((event) => event.streamId === streamId && event.revision >= (options.fromRevision ?? 0))
      .slice(0, options.maxCount ?? Number.MAX_SAFE_INTEGER);
  for (let start = 0; start < events.length; start += batchSize) {
    const batch = events.slice(start, start + batchSize);
    if (cold) caches.forEach((cache) => cache.clear());
    if (cold || !states) states = new StreamStates();
    const prepared = new Map<string, unknown>();
    for (const projection of FOLLOW_UP_PROJECTIONS)
      prepared.set(projection.name, await projection.prepare?.(batch, { live: table === quoted, cache: caches.get(projection.name)!, states, readStream }));
    await f.dataSource.transaction(async (manager) => {
      for (const projection of FOLLOW_UP_PROJECTIONS) {
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

/** Runs a question's commands as the app does, each at the instant given and, if given, on the day it happened; returns the position reached. */
function commandsOn(f: ReadModelFixture, questionId: string) {
  return async (at: string, actor: Actor, command: QuestionCommand, effectiveOn?: string): Promise<string> => {
    f.clock.set(at);
    const commandId = randomUUID();
    const envelope = { commandId, correlationId: commandId, actor, ...(effectiveOn !== undefined ? { effectiveOn } : {}) };
    return (await executeWithDecider(f.store, f.clock, questionDecider, questionId, command, envelope)).position;
  };
}

const raise = (questionId: string, title: string): QuestionCommand => ({
  type: 'RaiseQuestion',
  data: { questionId, title, description: `${title}.`, raisedBy: { kind: 'forum', id: 'council' }, topicArea: 'Test', documents: [] },
});

/**
 * A question on 2025-03-10 whose events' clocks disagree: Karlstad's answer is
 * recorded as 08:00, before the question was accepted (09:00) and the
 * consultation opened (10:00); the consultation is closed at the same instant
 * as Kil answers, after its answer-by date.
 */
async function appendQuestionWithDisagreeingClocks(f: ReadModelFixture): Promise<string> {
  const questionId = randomUUID();
  const consultationId = randomUUID();
  const run = commandsOn(f, questionId);
  await run('2025-03-10T07:00:00Z', actors.secretary, raise(questionId, 'Klockor som inte stämmer'));
  await run('2025-03-10T09:00:00Z', actors.workingGroup, {
    type: 'AcceptQuestion',
    data: { questionId, forum: 'council', logic: 'process', responsible: { name: 'Karin Berg', organisationId: 'region-varmland' } },
  });
  await run('2025-03-10T10:00:00Z', actors.workingGroup, {
    type: 'OpenConsultation',
    data: { questionId, consultationId, subject: 'Remiss om klockor', parties: ['karlstad', 'kil', 'torsby'], answerBy: '2025-03-11' },
  });
  await run('2025-03-10T08:00:00Z', actors.member('karlstad'), {
    type: 'AnswerConsultation',
    data: { questionId, consultationId, organisationId: 'karlstad', answer: 'Karlstad tillstyrker.' },
  });
  await run('2025-03-12T09:00:00Z', actors.member('kil'), {
    type: 'AnswerConsultation',
    data: { questionId, consultationId, organisationId: 'kil', answer: 'Kil avstyrker.' },
  });
  return run('2025-03-12T09:00:00Z', actors.workingGroup, { type: 'CloseConsultation', data: { questionId, consultationId } });
}

/**
 * A question whose commands name no day and whose clocks go back across
 * midnight in Sweden: accepted at 00:30 on 15 March, its consultation opened
 * at 23:45 on the 14th; then answers on the last millisecond of 29 March (CET)
 * and of 30 March (CEST, the day summer time begins) and the consultation
 * closed at the first instant of the 31st. Every event counts on the day it
 * was recorded: it does not diverge.
 */
async function appendQuestionWithClocksAcrossMidnight(f: ReadModelFixture): Promise<string> {
  const questionId = randomUUID();
  const consultationId = randomUUID();
  const run = commandsOn(f, questionId);
  await run('2025-03-14T22:30:00Z', actors.secretary, raise(questionId, 'Klockor kring midnatt'));
  await run('2025-03-14T23:30:00Z', actors.workingGroup, {
    type: 'AcceptQuestion',
    data: { questionId, forum: 'council', logic: 'process', responsible: { name: 'Karin Berg', organisationId: 'region-varmland' } },
  });
  await run('2025-03-14T22:45:00Z', actors.workingGroup, {
    type: 'OpenConsultation',
    data: { questionId, consultationId, subject: 'Remiss kring midnatt', parties: ['karlstad', 'torsby'], answerBy: '2025-03-30' },
  });
  await run('2025-03-29T22:59:59.999Z', actors.member('karlstad'), {
    type: 'AnswerConsultation',
    data: { questionId, consultationId, organisationId: 'karlstad', answer: 'Karlstad svarar sent på kvällen.' },
  });
  await run('2025-03-30T21:59:59.999Z', actors.member('torsby'), {
    type: 'AnswerConsultation',
    data: { questionId, consultationId, organisationId: 'torsby', answer: 'Torsby svarar sent på sommartidens första dag.' },
  });
  return run('2025-03-30T22:00:00.000Z', actors.workingGroup, { type: 'CloseConsultation', data: { questionId, consultationId } });
}

/**
 * A question entered on 15 April whose steps happened in January and February
 * (as an import enters them): every event diverges. A position to Karlstad,
 * Kil and Torsby (decide by 28 February); Karlstad and Kil decided before the
 * entry, Torsby decides on 5 May, recorded that day (an event of a divergent
 * question that does not itself diverge).
 */
async function appendBackdatedQuestion(f: ReadModelFixture): Promise<string> {
  const questionId = randomUUID();
  const run = commandsOn(f, questionId);
  const decision = (organisationId: OrganisationId, decidedOn: string): QuestionCommand => ({
    type: 'RecordMemberDecision',
    data: { questionId, organisationId, body: 'municipal-council', decidedOn, outcome: 'adopted', reference: `KF ${decidedOn} § 3` },
  });
  await run('2025-04-15T08:00:00Z', actors.secretary, raise(questionId, 'Efterregistrerad fråga'), '2025-01-13');
  await run(
    '2025-04-15T08:01:00Z',
    actors.workingGroup,
    {
      type: 'AcceptQuestion',
      data: { questionId, forum: 'chairs-council', logic: 'decision', responsible: { name: 'Johan Ek', organisationId: 'region-varmland' } },
    },
    '2025-01-15',
  );
  await run(
    '2025-04-15T08:02:00Z',
    actors.workingGroup,
    { type: 'AttachDecisionDocument', data: { questionId, reference: 'RV 2025/7', title: 'Underlag', proposedPosition: 'Parterna ställer sig bakom.' } },
    '2025-01-22',
  );
  await run(
    '2025-04-15T08:03:00Z',
    actors.chair,
    {
      type: 'TakePosition',
      data: { questionId, text: 'Parterna ställer sig bakom.', organisationsToDecide: ['karlstad', 'kil', 'torsby'], decideBy: '2025-02-28' },
    },
    '2025-01-24',
  );
  await run('2025-04-15T08:04:00Z', actors.member('karlstad'), decision('karlstad', '2025-02-03'), '2025-02-03');
  await run('2025-04-15T08:05:00Z', actors.member('kil'), decision('kil', '2025-02-25'), '2025-02-25');
  await run('2025-05-05T09:00:00Z', actors.member('torsby'), decision('torsby', '2025-05-05'));
  return questionId;
}

/**
 * A question recorded day by day that diverges late: Kil's answer, given on
 * 24 March, is entered on 28 March, after four events that did not diverge;
 * the consultation is closed on 31 March, recorded that day.
 */
async function appendQuestionThatDivergesLate(f: ReadModelFixture): Promise<string> {
  const questionId = randomUUID();
  const consultationId = randomUUID();
  const run = commandsOn(f, questionId);
  await run('2025-03-03T09:00:00Z', actors.secretary, raise(questionId, 'Sent efterregistrerat svar'));
  await run('2025-03-04T09:00:00Z', actors.workingGroup, {
    type: 'AcceptQuestion',
    data: { questionId, forum: 'council', logic: 'process', responsible: { name: 'Karin Berg', organisationId: 'region-varmland' } },
  });
  await run('2025-03-05T09:00:00Z', actors.workingGroup, {
    type: 'OpenConsultation',
    data: { questionId, consultationId, subject: 'Remiss med sent svar', parties: ['karlstad', 'kil'], answerBy: '2025-03-25' },
  });
  await run('2025-03-06T09:00:00Z', actors.member('karlstad'), {
    type: 'AnswerConsultation',
    data: { questionId, consultationId, organisationId: 'karlstad', answer: 'Karlstad tillstyrker.' },
  });
  await run(
    '2025-03-28T09:00:00Z',
    actors.member('kil'),
    { type: 'AnswerConsultation', data: { questionId, consultationId, organisationId: 'kil', answer: 'Kil tillstyrker, sent inlagt.' } },
    '2025-03-24',
  );
  await run('2025-03-31T09:00:00Z', actors.workingGroup, { type: 'CloseConsultation', data: { questionId, consultationId } });
  return questionId;
}

function shiftDay(day: string, days: number): string {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}

/**
 * The grid at a point as it was read before the cut moved into SQL, kept as
 * the answer the cut must give: every member-decision version of a position in
 * force valid at the point, each with its question's version then, grouped,
 * sorted and paged here. `keepEnded` keeps the questions that had ended (to
 * count what the cut leaves out).
 */
async function gridFromEveryVersion(sql: ReadSql, point: FollowUpPoint, query: FollowUpMatrixQueryDto, language: Language, { keepEnded = false } = {}) {
  const limit = query.limit ?? 50;
  const offset = query.offset ?? 0;
  const { tables, at, day, named } = resolvePoint(point, language);
  type Row = ObligationRow & { kind: 'member-decision'; revision: number; stage: QuestionStage };
  const rows: Row[] = await sql.query(
    `SELECT h.question_id, h.obligation_key, h.kind, h.organisation_id, h.status, h.due_date::text AS due_date, h.done_on::text AS done_on,
            h.reference, h.outcome, h.details, h.title, q.revision, q.stage
     FROM ${tables.history} h
     CROSS JOIN LATERAL (SELECT ${revisionAt('$1')} AS revision, v.stage FROM ${tables.questionHistory} v
                         WHERE v.question_id = h.question_id AND v.valid_from <= $1 ORDER BY v.valid_from DESC LIMIT 1) q
     WHERE h.kind = 'member-decision' AND h.valid_from <= $1 AND h.valid_to > $1 AND h.details->>'positionInForce' = 'true'`,
    [at.toISOString()],
  );
  const questions = new Map<string, { row: Row; details: MemberDecisionObligationDetails; decisions: Map<string, Row> }>();
  for (const row of rows) {
    if (isEndedStage(row.stage) && !keepEnded) continue;
    const question = questions.get(row.question_id) ?? { row, details: row.details as MemberDecisionObligationDetails, decisions: new Map() };
    questions.set(row.question_id, question);
    question.decisions.set(row.organisation_id, row);
  }
  const statusOf = (decisions: Map<string, Row>, decideBy: string, organisationId: string): MatrixStatus => {
    const decision = decisions.get(organisationId);
    if (!decision) return 'not-concerned';
    if (decision.status === 'done') return 'decided';
    return decideBy < day ? 'overdue' : 'awaiting';
  };
  const sort: MatrixSort = query.sort ?? 'decideBy';
  const descending = sort.startsWith('-');
  const field = sort.replace('-', '') as 'decideBy' | 'positionDate' | 'title';
  type Question = { row: Row; details: MemberDecisionObligationDetails };
  const keyOf = (question: Question): string =>
    field === 'title' ? question.row.title.toLowerCase() : ((field === 'decideBy' ? question.details.decideBy : question.details.positionDate) ?? '');
  const compare = (a: string, b: string) => (a === b ? 0 : a < b ? -1 : 1);
  const sorted = [...questions.values()].sort(
    (a, b) =>
      (descending ? -1 : 1) * compare(keyOf(a), keyOf(b)) ||
      compare(a.row.title.toLowerCase(), b.row.title.toLowerCase()) ||
      compare(a.row.question_id, b.row.question_id),
  );
  const totals = new Map(ORGANISATIONS.map((organisation) => [organisation.id as string, { awaiting: 0, overdue: 0, decided: 0, notConcerned: 0 }]));
  for (const question of sorted) {
    for (const [organisationId, total] of totals) {
      const status = statusOf(question.decisions, question.details.decideBy ?? '', organisationId);
      total[status === 'not-concerned' ? 'notConcerned' : status] += 1;
    }
  }
  return {
    ...named,
    today: day,
    statusLabels: Object.fromEntries(Object.entries(MATRIX_STATUS_LABELS).map(([status, labels]) => [status, labels[language]])),
    organisations: ORGANISATIONS.map((organisation) => ({ id: organisation.id, name: organisation.name, totals: totals.get(organisation.id)! })),
    items: sorted.slice(offset, offset + limit).map(({ row, details, decisions }) => {
      const decideBy = details.decideBy ?? '';
      const cells = ORGANISATIONS.map((organisation) => {
        const status = statusOf(decisions, decideBy, organisation.id);
        const decision = status === 'decided' ? decisions.get(organisation.id)! : undefined;
        return {
          organisationId: organisation.id,
          status,
          statusLabel: MATRIX_STATUS_LABELS[status][language],
          ...(decision
            ? {
                outcome: decision.outcome,
                outcomeLabel: decision.outcome ? DECISION_OUTCOME_LABELS[decision.outcome][language] : null,
                decidedOn: decision.done_on,
                reference: decision.reference,
              }
            : {}),
        };
      });
      const count = (status: MatrixStatus) => cells.filter((cell) => cell.status === status).length;
      return {
        question: {
          id: row.question_id,
          title: row.title,
          stage: stageRef(row.stage, language),
          revision: row.revision,
          position: {
            number: details.positionNumber,
            date: details.positionDate,
            decideBy: details.decideBy,
            meetingReference: details.meetingReference ?? null,
          },
        },
        counts: { awaiting: count('awaiting'), overdue: count('overdue'), decided: count('decided'), notConcerned: count('not-concerned') },
        cells,
      };
    }),
    total: sorted.length,
    limit,
    offset,
  };
}
