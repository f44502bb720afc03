import { MigrationInterface, QueryRunner } from 'typeorm';
import { REBUILD_SUFFIX } from '../projections/checkpoint-store';
import { SHADOW_SUFFIX } from '../projections/shadow-tables';

const PROJECTION = 'follow-up-effective-history';

/**
 * follow-up-effective-history keeps only the questions whose effective history
 * differs from the recorded one (follow-up-effective-history.projection.ts):
 * `rm_follow_up_divergent_question` lists them, and
 * `rm_follow_up_effective_day_correction` (their effective versions' day
 * counts less their recorded ones) replaces the full effective day tally.
 *
 * The stored effective tables hold every question, which the readers would
 * now count twice (follow-up-history's rows of every question not listed,
 * plus these): they are emptied, a rebuild under way is dropped, and the
 * projection starts again from the beginning of the log as a new one does
 * (on a backlog it builds beside the empty tables and swaps them in). Until
 * it has caught up, ?inEffectOn= answers as recorded by the end of the day
 * for every question; `down` does the same for the earlier code.
 */
export class FollowUpEffectiveDivergent1764000003000 implements MigrationInterface {
  name = 'FollowUpEffectiveDivergent1764000003000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await startAgain(queryRunner, ['rm_follow_up_effective_history', 'rm_follow_up_effective_question_history', 'rm_follow_up_effective_day_tally']);
    await queryRunner.query(`DROP TABLE rm_follow_up_effective_day_tally`);
    await createDayCounts(queryRunner, 'rm_follow_up_effective_day_correction');
    await queryRunner.query(`CREATE TABLE rm_follow_up_divergent_question (question_id text COLLATE "C" PRIMARY KEY)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await startAgain(queryRunner, [
      'rm_follow_up_effective_history',
      'rm_follow_up_effective_question_history',
      'rm_follow_up_effective_day_correction',
      'rm_follow_up_divergent_question',
    ]);
    await queryRunner.query(`DROP TABLE rm_follow_up_divergent_question`);
    await queryRunner.query(`DROP TABLE rm_follow_up_effective_day_correction`);
    await createDayCounts(queryRunner, 'rm_follow_up_effective_day_tally');
  }
}

/** Empties the projection's tables, drops a rebuild under way (its shadow tables and checkpoint) and its checkpoint: it builds itself again from the start. */
async function startAgain(queryRunner: QueryRunner, tables: string[]): Promise<void> {
  for (const table of tables) {
    await queryRunner.query(`DROP TABLE IF EXISTS ${table}${SHADOW_SUFFIX}`);
    await queryRunner.query(`TRUNCATE ${table}`);
  }
  await queryRunner.query(`DELETE FROM projection_checkpoints WHERE name IN ($1, $2)`, [PROJECTION, PROJECTION + REBUILD_SUFFIX]);
}

/** A table of day counts, as the day tally and its correction both are: per organisation, day, kind, status and due date. */
async function createDayCounts(queryRunner: QueryRunner, table: string): Promise<void> {
  await queryRunner.query(`
    CREATE TABLE ${table} (
      organisation_id text NOT NULL,
      day date NOT NULL,
      kind text NOT NULL,
      status text NOT NULL,
      due_date text NOT NULL,
      items integer NOT NULL,
      PRIMARY KEY (organisation_id, day, kind, status, due_date)
    )`);
}
