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
 * A stored row becomes a run of its one group, which reads the same, so the
 * answers stay right while both histories are rebuilt (requested here where
 * they have run: the projection extends the runs it derives from the stream,
 * not these). A rebuild under way has its shadow copy changed alike.
 */
export class FollowUpQuestionStageRuns1764000002950 implements MigrationInterface {
  name = 'FollowUpQuestionStageRuns1764000002950';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...TABLES, ...TABLES.map((table) => table + SHADOW_SUFFIX)]) {
      const exists = await queryRunner.query(`SELECT to_regclass($1) IS NOT NULL AS exists`, [table]);
      if (!exists[0].exists) continue;
      await queryRunner.query(`ALTER TABLE ${table} ADD COLUMN instants timestamptz[], ADD COLUMN revisions integer[]`);
      await queryRunner.query(`UPDATE ${table} SET instants = ARRAY[valid_from], revisions = ARRAY[revision]`);
      await queryRunner.query(`ALTER TABLE ${table} ALTER COLUMN instants SET NOT NULL, ALTER COLUMN revisions SET NOT NULL, DROP COLUMN revision`);
    }
    await queryRunner.query(
      `UPDATE projection_checkpoints SET rebuild_requested_at = now(), updated_at = now()
       WHERE name IN ('follow-up-history', 'follow-up-effective-history') AND events_applied > 0`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The earlier code reads a row's one revision: the revision of each run's first group, then both histories are rebuilt.
    for (const table of [...TABLES, ...TABLES.map((table) => table + SHADOW_SUFFIX)]) {
      const exists = await queryRunner.query(`SELECT to_regclass($1) IS NOT NULL AS exists`, [table]);
      if (!exists[0].exists) continue;
      await queryRunner.query(`ALTER TABLE ${table} ADD COLUMN revision integer`);
      await queryRunner.query(`UPDATE ${table} SET revision = revisions[1]`);
      await queryRunner.query(`ALTER TABLE ${table} ALTER COLUMN revision SET NOT NULL, DROP COLUMN instants, DROP COLUMN revisions`);
    }
    await queryRunner.query(
      `UPDATE projection_checkpoints SET rebuild_requested_at = now(), updated_at = now()
       WHERE name IN ('follow-up-history', 'follow-up-effective-history') AND events_applied > 0`,
    );
  }
}

const TABLES = ['rm_follow_up_question_history', 'rm_follow_up_effective_question_history'];
