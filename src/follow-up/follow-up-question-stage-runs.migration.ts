import { MigrationInterface, QueryRunner } from 'typeorm';
import { SHADOW_SUFFIX } from '../projections/shadow-tables';

/**
 * Each question's versions (rm_follow_up_question_history and its effective
 * twin) become one row per run of the question's groups in one stage instead
 * of one per group: `instants` (ascending, the first the row's `valid_from`)
 * and the revision after each (`revisions`); the readers take the revision
 * at an instant from them (follow-up-as-of.queries.ts, `revisionAt`). A
 * rebuild writes half the rows (docs/performance.md, "Rebuild").
 *
 * The stored rows are one per group, so the runs are made from them here —
 * each question's rows in order, a new run where the stage changes, as the
 * projection makes them (obligation-history.ts, `placeGroup`) — and nothing
 * is rebuilt. A rebuild under way has its shadow copy changed alike. `down`
 * spreads each run back into its groups' rows.
 */
export class FollowUpQuestionStageRuns1764000002950 implements MigrationInterface {
  name = 'FollowUpQuestionStageRuns1764000002950';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of await tablesIn(queryRunner)) {
      await queryRunner.query(
        `CREATE TEMPORARY TABLE follow_up_stage_runs AS
         SELECT question_id, min(valid_from) AS valid_from, min(stage) AS stage,
                array_agg(valid_from ORDER BY valid_from) AS instants, array_agg(revision ORDER BY valid_from) AS revisions
         FROM (SELECT question_id, valid_from, revision, stage, sum(starts) OVER (PARTITION BY question_id ORDER BY valid_from) AS run
               FROM (SELECT question_id, valid_from, revision, stage,
                            CASE WHEN stage IS DISTINCT FROM lag(stage) OVER (PARTITION BY question_id ORDER BY valid_from) THEN 1 ELSE 0 END AS starts
                     FROM ${table}) marked) grouped
         GROUP BY question_id, run`,
      );
      await queryRunner.query(`TRUNCATE ${table}`);
      await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN revision, ADD COLUMN instants timestamptz[] NOT NULL, ADD COLUMN revisions integer[] NOT NULL`);
      await queryRunner.query(
        `INSERT INTO ${table} (question_id, valid_from, stage, instants, revisions) SELECT question_id, valid_from, stage, instants, revisions FROM follow_up_stage_runs`,
      );
      await queryRunner.query(`DROP TABLE follow_up_stage_runs`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of await tablesIn(queryRunner)) {
      await queryRunner.query(
        `CREATE TEMPORARY TABLE follow_up_stage_groups AS
         SELECT t.question_id, g.at AS valid_from, g.revision, t.stage FROM ${table} t, unnest(t.instants, t.revisions) AS g(at, revision)`,
      );
      await queryRunner.query(`TRUNCATE ${table}`);
      await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN instants, DROP COLUMN revisions, ADD COLUMN revision integer NOT NULL`);
      await queryRunner.query(
        `INSERT INTO ${table} (question_id, valid_from, revision, stage) SELECT question_id, valid_from, revision, stage FROM follow_up_stage_groups`,
      );
      await queryRunner.query(`DROP TABLE follow_up_stage_groups`);
    }
  }
}

/** Both question histories, and their shadow copies where a rebuild is under way. */
async function tablesIn(queryRunner: QueryRunner): Promise<string[]> {
  const tables = ['rm_follow_up_question_history', 'rm_follow_up_effective_question_history'];
  const present: string[] = [];
  for (const table of [...tables, ...tables.map((table) => table + SHADOW_SUFFIX)]) {
    const [{ exists }] = await queryRunner.query(`SELECT to_regclass($1) IS NOT NULL AS exists`, [table]);
    if (exists) present.push(table);
  }
  return present;
}
