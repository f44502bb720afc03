import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the outstanding log needs to open in milliseconds with 100,000 questions
 * (docs/performance.md, "Design choices for speed"): an index in the log's default order over open
 * questions only, so the first page is read straight off it; and a tally of
 * questions per forum and stage, kept by question-views, so the log's total
 * need not count every open question on every request. The tally is built by
 * rebuilding question-views (requested here when it has run before).
 */
export class QuestionLogIndexes1764000001200 implements MigrationInterface {
  name = 'QuestionLogIndexes1764000001200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX rm_question_log_order ON rm_question (earliest_due_date ASC NULLS LAST, last_changed_at DESC, question_id) WHERE is_open`,
    );
    // An organisation's owed items in due order with their question, read without the table.
    await queryRunner.query(`CREATE INDEX rm_question_obligation_owed ON rm_question_obligation (organisation_id, status, due_date, question_id)`);
    await queryRunner.query(`
      CREATE TABLE rm_question_tally (
        forum text NOT NULL,
        stage text NOT NULL,
        is_open boolean NOT NULL,
        questions integer NOT NULL,
        PRIMARY KEY (forum, stage)
      )`);
    await queryRunner.query(
      `UPDATE projection_checkpoints SET rebuild_requested_at = now(), updated_at = now() WHERE name = 'question-views' AND events_applied > 0`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE rm_question_tally`);
    await queryRunner.query(`DROP INDEX rm_question_obligation_owed`);
    await queryRunner.query(`DROP INDEX rm_question_log_order`);
  }
}
