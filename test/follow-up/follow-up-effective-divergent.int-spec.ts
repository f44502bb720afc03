import { randomUUID } from 'node:crypto';
import { runReplayCheck } from '../../src/audit/replay-check';
import { executeWithDecider } from '../../src/command-handling/execute-with-decider';
import { comparePositions } from '../../src/event-store/event-store.port';
import { FollowUpEffectiveDivergent1764000003000 } from '../../src/follow-up/follow-up-effective-divergent.migration';
import { FollowUpModule } from '../../src/follow-up/follow-up.module';
import { checkpoints } from '../../src/projections/checkpoint-store';
import { PROJECTIONS } from '../../src/projections/projection';
import { ProjectionRunner } from '../../src/projections/projection-runner';
import { questionDecider } from '../../src/questions/question.decider';
import { declaredBy } from '../../src/wiring/contributions';
import { waitForLogHead } from '../support/events';
import { actors } from '../read-models/scenario';
import { ReadModelFixture, scenarioFixture } from '../read-models/support';

const HISTORIES = declaredBy(PROJECTIONS, FollowUpModule).filter((projection) =>
  ['follow-up-history', 'follow-up-effective-history'].includes(projection.name),
);
const EFFECTIVE = 'follow-up-effective-history';

/**
 * The upgrade from an effective history of every question
 * (FollowUpEffectiveDivergent1764000003000): a database whose effective
 * tables hold every question, with a rebuild of them under way, is emptied and
 * the projection starts again from the beginning of the log, to what a replay
 * of the log gives.
 */
describe('FollowUpEffectiveDivergent1764000003000 on a database whose effective history holds every question', () => {
  let f: ReadModelFixture;

  beforeAll(async () => {
    f = await scenarioFixture();
    // A question entered after the fact, so that the effective tables have rows to build again.
    const questionId = randomUUID();
    f.clock.set('2025-04-15T08:00:00Z');
    const commandId = randomUUID();
    const { position } = await executeWithDecider(
      f.store,
      f.clock,
      questionDecider,
      questionId,
      {
        type: 'RaiseQuestion',
        data: {
          questionId,
          title: 'Efterregistrerad',
          description: 'Inlagd i efterhand.',
          raisedBy: { kind: 'forum', id: 'council' },
          topicArea: 'Test',
          documents: [],
        },
      },
      { commandId, correlationId: commandId, actor: actors.secretary, effectiveOn: '2025-01-13' },
    );
    await waitForLogHead(f.store, position, 120_000);
    f.events = await f.store.readAll({ maxCount: 10_000 });
  }, 600_000);
  afterAll(() => f?.close());

  const count = async (table: string) => Number((await f.dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n);

  it('empties the tables, drops the rebuild under way and its checkpoints; the projection builds itself again, equal to a replay', async () => {
    const migration = new FollowUpEffectiveDivergent1764000003000();
    const runner = f.dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      // What the earlier projection left: rows of every question, its checkpoint, and a rebuild's shadow table and checkpoint.
      await runner.query(
        `INSERT INTO rm_follow_up_effective_history (organisation_id, question_id, obligation_key, valid_from, valid_to, kind, status, details, title)
         VALUES ('kil', 'q', 'k', '2025-01-01T22:59:59.999Z', 'infinity', 'consultation-answer', 'owed', '{}', 'Fråga')`,
      );
      await runner.query(
        `INSERT INTO rm_follow_up_effective_question_history (question_id, valid_from, stage, instants, revisions) VALUES ('q', now(), 'raised', '{}', '{}')`,
      );
      await runner.query(`INSERT INTO rm_follow_up_effective_day_tally VALUES ('kil', '2025-01-01', 'consultation-answer', 'owed', '', 1)`);
      await runner.query(`CREATE TABLE rm_follow_up_effective_history__rebuild (LIKE rm_follow_up_effective_history)`);
      await runner.query(`INSERT INTO projection_checkpoints (name, events_applied) VALUES ($1, 40), ($2, 7)`, [EFFECTIVE, `${EFFECTIVE}#rebuild`]);

      await migration.up(runner);
    } finally {
      await runner.release();
    }
    for (const table of [
      'rm_follow_up_effective_history',
      'rm_follow_up_effective_question_history',
      'rm_follow_up_effective_day_correction',
      'rm_follow_up_divergent_question',
    ]) {
      expect([table, await count(table)]).toEqual([table, 0]);
    }
    expect((await f.dataSource.query(`SELECT to_regclass('rm_follow_up_effective_history__rebuild') IS NULL AS gone`))[0].gone).toBe(true);
    expect(await f.dataSource.query(`SELECT name FROM projection_checkpoints WHERE name LIKE $1`, [`${EFFECTIVE}%`])).toEqual([]);

    await catchUp(f);
    expect(await count('rm_follow_up_divergent_question')).toBe(1);
    expect(await count('rm_follow_up_effective_history')).toBe(0);
    expect(await count('rm_follow_up_effective_question_history')).toBeGreaterThan(0);
    const report = await runReplayCheck({ store: f.store, dataSource: f.dataSource, projections: HISTORIES, deciders: [] });
    expect(report.projections.map((p) => [p.projection, p.eventsReplayed, p.identical])).toEqual([
      ['follow-up-history', f.events.length, true],
      [EFFECTIVE, f.events.length, true],
    ]);
  });
});

/** Runs both histories as the app does until they have applied the whole log. */
async function catchUp(f: ReadModelFixture): Promise<void> {
  const runners = HISTORIES.map(
    (projection) =>
      new ProjectionRunner(projection, f.store, f.dataSource, { batchSize: 5, idlePollMs: 10, retryDelayMs: 50, lockRetryMs: 50, locks: undefined }),
  );
  runners.forEach((runner) => runner.start());
  const head = (await f.store.headPosition())!;
  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      const positions = await Promise.all(HISTORIES.map((p) => checkpoints.load(f.dataSource.manager, p.name)));
      if (positions.every((c) => c && comparePositions(c.position, head) >= 0)) return;
      if (Date.now() > deadline) throw new Error('the follow-up histories did not catch up');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await Promise.all(runners.map((runner) => runner.stop()));
  }
}
