import { MigrationInterface, QueryRunner } from 'typeorm';
import { SHADOW_SUFFIX } from '../projections/shadow-tables';

/**
 * Each question's versions (rm_follow_up_question_history and its effective
 * twin) no longer keep the title: no query reads it there (a page and the
 * grid at a point take the title from the obligation's version, which holds
 * the title in force then, as a title change makes a new version), and these
 * tables get a row for nearly every question event, so a rebuild encodes,
 * sends and stores less. Dropping a column changes no other row: nothing is
 * rebuilt. A rebuild under way has its shadow copy changed alike.
 */
export class FollowUpQuestionHistoryWithoutTitle1764000002724 implements MigrationInterface {
  name = 'FollowUpQuestionHistoryWithoutTitle1764000002724';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) {
      await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN title`);
      await queryRunner.query(`ALTER TABLE IF EXISTS ${table}${SHADOW_SUFFIX} DROP COLUMN IF EXISTS title`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The earlier code writes the title: the column comes back empty and both histories are rebuilt to fill it.
    for (const table of TABLES) {
      await queryRunner.query(`ALTER TABLE IF EXISTS ${table}${SHADOW_SUFFIX} ADD COLUMN IF NOT EXISTS title text NOT NULL DEFAULT ''`);
      await queryRunner.query(`ALTER TABLE ${table} ADD COLUMN title text NOT NULL DEFAULT ''`);
    }
    await queryRunner.query(
      `UPDATE projection_checkpoints SET rebuild_requested_at = now(), updated_at = now()
       WHERE name IN ('follow-up-history', 'follow-up-effective-history') AND events_applied > 0`,
    );
  }
}

const TABLES = ['rm_follow_up_question_history', 'rm_follow_up_effective_question_history'];
