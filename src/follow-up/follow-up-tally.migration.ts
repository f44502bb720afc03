import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The 17-organisation matrix at 100,000 questions (docs/performance.md, "Design choices for speed"): its
 * totals come from rm_decision_tally (a few hundred rows), instead of loading
 * every question with a position; and its default page is read off an index
 * in its order. The tally is built by rebuilding question-views, which kept
 * it when this migration was written (requested here when it has run
 * before); the follow-up projection keeps it now. Declared by the follow-up
 * under its first name and timestamp (docs/read-models.md, "Migrations").
 */
export class FollowUpTally1764000001300 implements MigrationInterface {
  name = 'FollowUpTally1764000001300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE rm_decision_tally (
        forum text NOT NULL,
        organisation_id text NOT NULL,
        decide_by text NOT NULL,
        decided boolean NOT NULL,
        questions integer NOT NULL,
        PRIMARY KEY (forum, organisation_id, decide_by, decided)
      )`);
    await queryRunner.query(
      `CREATE INDEX rm_question_matrix_order ON rm_question (decide_by, lower(title), question_id) WHERE is_open AND position_number IS NOT NULL`,
    );
    await queryRunner.query(
      `UPDATE projection_checkpoints SET rebuild_requested_at = now(), updated_at = now() WHERE name = 'question-views' AND events_applied > 0`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX rm_question_matrix_order`);
    await queryRunner.query(`DROP TABLE rm_decision_tally`);
  }
}
