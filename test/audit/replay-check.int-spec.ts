import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { runReplayCheck } from '../../src/audit/replay-check';
import { Decider, DomainEvent } from '../../src/command-handling/decider';
import { CommandEnvelope, executeWithDecider } from '../../src/command-handling/execute-with-decider';
import { Database } from '../../src/database/database';
import { comparePositions } from '../../src/event-store/event-store.port';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { checkpoints } from '../../src/projections/checkpoint-store';
import { ProjectionRunner } from '../../src/projections/projection-runner';
import { questionDecider } from '../../src/questions/question.decider';
import { QuestionCommand } from '../../src/questions/question.commands';
import { PROJECTIONS } from '../../src/projections/projection';
import { FollowUpModule } from '../../src/follow-up/follow-up.module';
import { QuestionListModule } from '../../src/question-list/question-list.module';
import { declaredBy } from '../../src/wiring/contributions';
import { FixedClock } from '../../src/shared-kernel/clock';
import { testMetadata, waitForLogHead } from '../support/events';
import { TestDatabase, createTestDatabase, openMigratedDatabase } from '../support/test-database';

/** question-views (rm_question and its tally) and the follow-up's obligations. */
const QUESTION_PROJECTIONS = [QuestionListModule, FollowUpModule]
  .flatMap((module) => declaredBy(PROJECTIONS, module))
  .filter((p) => p.name !== 'follow-up-history' && p.name !== 'follow-up-effective-history');

// Each test reads the whole log or runs several commands; the embedded database on a busy machine is slow.
jest.setTimeout(30_000);

/**
 * The replay check: every read model rebuilt from the events into scratch
 * tables and compared row by row with the live one; every aggregate stream
 * folded. A difference put into a live read model by hand is reported, and
 * nothing live is written.
 */
describe('audit:replay — read models and aggregates replayed from the events', () => {
  let testDatabase: TestDatabase;
  let database: Database;
  let dataSource: DataSource;
  let store: PostgresEventStore;
  const clock = new FixedClock(new Date('2025-03-01T10:00:00Z'));
  const deciders = [questionDecider] as unknown as Array<Decider<unknown, DomainEvent, unknown>>;
  const questionA = randomUUID();
  const questionB = randomUUID();

  const envelope = (): CommandEnvelope => ({
    commandId: randomUUID(),
    correlationId: randomUUID(),
    actor: { userId: 'sara', displayName: 'Sara Sekreterare', role: 'secretary', organisationId: 'region-varmland' },
  });
  const run = (questionId: string, command: QuestionCommand) => executeWithDecider(store, clock, questionDecider, questionId, command, envelope());

  /** Runs the live projections until they have applied the whole log, then stops them. */
  async function catchUpLiveModels(): Promise<void> {
    const runners = QUESTION_PROJECTIONS.map(
      (projection) =>
        new ProjectionRunner(projection, store, dataSource, { batchSize: 3, idlePollMs: 10, retryDelayMs: 50, lockRetryMs: 50, locks: undefined }),
    );
    runners.forEach((runner) => runner.start());
    const head = await store.headPosition();
    const deadline = Date.now() + 20_000;
    for (;;) {
      const positions = await Promise.all(QUESTION_PROJECTIONS.map((p) => checkpoints.load(dataSource.manager, p.name)));
      if (head && positions.every((c) => c && comparePositions(c.position, head) >= 0)) break;
      if (Date.now() > deadline) throw new Error('the live read models did not catch up');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await Promise.all(runners.map((runner) => runner.stop()));
  }

  beforeAll(async () => {
    testDatabase = await createTestDatabase({ migrated: true });
    ({ database, dataSource } = await openMigratedDatabase(testDatabase));
    store = new PostgresEventStore(database.pool, { singleWriter: database.singleWriter });
    for (const [questionId, title] of [
      [questionA, 'Regional kulturplan'],
      [questionB, 'Strandskydd'],
    ]) {
      await run(questionId, {
        type: 'RaiseQuestion',
        data: { questionId, title, description: 'Beskrivning', raisedBy: { kind: 'organisation', id: 'kil' }, topicArea: 'Kultur', documents: [] },
      });
      await run(questionId, {
        type: 'AcceptQuestion',
        data: { questionId, forum: 'council', logic: 'process', responsible: { givenName: 'Eva', familyName: 'Lind', organisationId: 'kil' } },
      });
      await run(questionId, { type: 'SubmitInput', data: { questionId, organisationId: 'kil', content: 'Inspel' } });
    }
    await waitForLogHead(
      store,
      (await run(questionB, { type: 'SubmitInput', data: { questionId: questionB, organisationId: 'kil', content: 'Inspel igen' } })).position,
    );
    await catchUpLiveModels();
  }, 120_000);
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.close();
    await testDatabase?.drop();
  });

  const schemasLeft = async () =>
    (await dataSource.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'audit_replay_%'`)).map((row: { nspname: string }) => row.nspname);

  it('finds the live read models equal to the replay of the events, and every stream folds', async () => {
    const report = await runReplayCheck({ store, dataSource, projections: QUESTION_PROJECTIONS, deciders });
    expect(report.identical).toBe(true);
    expect(report.projections.map((p) => [p.projection, p.eventsReplayed, p.identical])).toEqual([
      ['question-views', 7, true],
      ['follow-up', 7, true],
    ]);
    const rows = Object.fromEntries(
      report.projections.flatMap((p) => p.tables.map((table) => [table.table, [table.liveRows, table.replayedRows, table.differingRows]])),
    );
    expect(rows.rm_question).toEqual([2, 2, 0]);
    expect(rows.rm_question_tally).toEqual([1, 1, 0]);
    expect(report.aggregates).toEqual([{ aggregate: 'Question', streams: 2, events: 7, failures: [] }]);
    expect(await schemasLeft()).toEqual([]);
  });

  it('reports a row changed in a live read model, and one missing from it, without touching either', async () => {
    await dataSource.query(`UPDATE rm_question SET title = 'Förfalskad titel' WHERE question_id = $1`, [questionA]);
    await dataSource.query(`DELETE FROM rm_question_tally WHERE forum = 'council'`);

    const report = await runReplayCheck({ store, dataSource, projections: QUESTION_PROJECTIONS, deciders });
    expect(report.identical).toBe(false);
    const table = (name: string) => report.projections.flatMap((p) => p.tables).find((t) => t.table === name)!;

    expect(table('rm_question')).toMatchObject({ liveRows: 2, replayedRows: 2, differingRows: 2 });
    expect(table('rm_question').samples).toEqual([
      expect.objectContaining({
        kind: 'differs',
        key: { question_id: questionA },
        columns: ['title'],
        live: expect.objectContaining({ title: 'Förfalskad titel' }),
        replayed: expect.objectContaining({ title: 'Regional kulturplan' }),
      }),
    ]);
    expect(table('rm_question_tally')).toMatchObject({ liveRows: 0, replayedRows: 1, differingRows: 1 });
    expect(table('rm_question_tally').samples).toEqual([
      expect.objectContaining({ kind: 'missing-from-live', key: expect.objectContaining({ forum: 'council' }) }),
    ]);
    expect(report.projections.find((p) => p.projection === 'question-views')?.identical).toBe(false);

    expect((await dataSource.query(`SELECT title FROM rm_question WHERE question_id = $1`, [questionA]))[0].title).toBe('Förfalskad titel');
    expect(await schemasLeft()).toEqual([]);
  });

  it('compares JSON columns as documents: a changed one is reported, the same one spelled differently is not', async () => {
    // Stored as json (text as sent): only the spacing differs from what the projection wrote.
    await dataSource.query(`UPDATE rm_question SET decision_documents = ('  ' || decision_documents::text || '  ')::json WHERE question_id = $1`, [questionA]);
    await dataSource.query(`UPDATE rm_question SET decision_documents = '[{"reference": "Förfalskad"}]' WHERE question_id = $1`, [questionB]);

    const report = await runReplayCheck({ store, dataSource, projections: QUESTION_PROJECTIONS, deciders });
    const questions = report.projections.flatMap((p) => p.tables).find((t) => t.table === 'rm_question')!;
    // (The tests share one database: question A's title still differs from the test before.)
    const differing = Object.fromEntries(
      questions.samples.filter((sample) => sample.kind === 'differs').map((sample) => [sample.key.question_id, sample.columns]),
    );
    expect(differing[questionB]).toEqual(['decision_documents']);
    expect(differing[questionA] ?? []).not.toContain('decision_documents');
  });

  it('reports a row in a live read model that no event produced', async () => {
    const invented = randomUUID();
    await dataSource.query(`INSERT INTO rm_follow_up_question (question_id, stage, title) VALUES ($1, 'raised', 'Påhittad')`, [invented]);
    const report = await runReplayCheck({ store, dataSource, projections: QUESTION_PROJECTIONS, deciders });
    const questions = report.projections.flatMap((p) => p.tables).find((t) => t.table === 'rm_follow_up_question')!;
    expect(questions.samples).toEqual([expect.objectContaining({ kind: 'only-in-live', key: { question_id: invented } })]);
  });

  it('reports a stream the aggregate cannot fold, by stream and revision', async () => {
    const appended = await store.appendToStream(
      `question-${questionB}`,
      [{ id: randomUUID(), type: 'QuestionAccepted', schemaVersion: 9, data: { questionId: questionB }, metadata: testMetadata() }],
      3,
    );
    await waitForLogHead(store, appended.position);
    const report = await runReplayCheck({ store, dataSource, projections: [], deciders });
    expect(report.identical).toBe(false);
    expect(report.aggregates[0].failures).toEqual([
      expect.objectContaining({ streamId: `question-${questionB}`, revision: 4, error: expect.stringContaining('QuestionAccepted version 9 cannot be read') }),
    ]);
  });
});
