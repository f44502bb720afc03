import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An organisation's follow-up in pages (docs/performance.md, "Design choices
 * for speed"): each obligation row carries its question's title, so a page
 * of what an organisation owes (due date, then title) or has done (latest
 * first, then title) is read straight off a partial index, and the counts by kind off the same indexes. They replace
 * the organisation indexes of QuestionReadModels and QuestionLogIndexes. The
 * Titles sort in code-point order (COLLATE "C"), the same on every database. The
 * titles are filled by rebuilding question-views (requested here when it has
 * run before).
 */
export class FollowUpPages1764000001400 implements MigrationInterface {
  name = 'FollowUpPages1764000001400';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE rm_question_obligation ADD COLUMN title text NOT NULL DEFAULT ''`);
    await queryRunner.query(`ALTER TABLE rm_question_obligation ALTER COLUMN title DROP DEFAULT`);
    await queryRunner.query(`DROP INDEX rm_question_obligation_organisation`);
    await queryRunner.query(`DROP INDEX rm_question_obligation_owed`);
    await queryRunner.query(
      `CREATE INDEX rm_question_obligation_owed_page ON rm_question_obligation (organisation_id, due_date, title COLLATE "C", obligation_key COLLATE "C")
       INCLUDE (question_id, kind) WHERE status = 'owed'`,
    );
    await queryRunner.query(
      `CREATE INDEX rm_question_obligation_done_page ON rm_question_obligation (organisation_id, done_on DESC NULLS LAST, title COLLATE "C", obligation_key COLLATE "C")
       INCLUDE (question_id, kind) WHERE status = 'done'`,
    );
    await queryRunner.query(
      `UPDATE projection_checkpoints SET rebuild_requested_at = now(), updated_at = now() WHERE name = 'question-views' AND events_applied > 0`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX rm_question_obligation_done_page`);
    await queryRunner.query(`DROP INDEX rm_question_obligation_owed_page`);
    await queryRunner.query(`CREATE INDEX rm_question_obligation_owed ON rm_question_obligation (organisation_id, status, due_date, question_id)`);
    await queryRunner.query(`CREATE INDEX rm_question_obligation_organisation ON rm_question_obligation (organisation_id, status, due_date)`);
    await queryRunner.query(`ALTER TABLE rm_question_obligation DROP COLUMN title`);
  }
}
