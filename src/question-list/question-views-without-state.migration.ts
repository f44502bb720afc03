import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * rm_question no longer stores each question's folded state: question-views
 * keeps states in memory between batches and folds a question's stream when it
 * has not (docs/performance.md, "Design choices for speed"). The one thing read from the state, the
 * decision documents (agenda proposals send them out in advance), gets its own
 * column. Existing rows do not have it yet, so question-views is rebuilt beside
 * the live tables (the runner swaps the rebuilt ones in when they have caught up).
 */
export class QuestionViewsWithoutState1764000001100 implements MigrationInterface {
  name = 'QuestionViewsWithoutState1764000001100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE rm_question DROP COLUMN state`);
    await queryRunner.query(`ALTER TABLE rm_question ADD COLUMN decision_documents jsonb NOT NULL DEFAULT '[]'`);
    await queryRunner.query(`ALTER TABLE rm_question ALTER COLUMN decision_documents DROP DEFAULT`);
    await queryRunner.query(
      `UPDATE projection_checkpoints SET rebuild_requested_at = now(), updated_at = now() WHERE name = 'question-views' AND events_applied > 0`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE rm_question DROP COLUMN decision_documents`);
    await queryRunner.query(`ALTER TABLE rm_question ADD COLUMN state jsonb NOT NULL DEFAULT '{}'`);
    await queryRunner.query(
      `UPDATE projection_checkpoints SET rebuild_requested_at = now(), updated_at = now() WHERE name = 'question-views' AND events_applied > 0`,
    );
  }
}
