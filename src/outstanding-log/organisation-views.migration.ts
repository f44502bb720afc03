import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One organisation's views at 100,000 questions (docs/performance.md, "Design choices for speed"):
 * rm_question_owed (one row per question it owes something on, with the
 * earliest due date and the title, so its outstanding log is one index range;
 * the outstanding-log projection keeps it) and rm_obligation_tally (its counts
 * by kind, status and due date, so the follow-up's counts are a sum over a
 * few rows; the follow-up projection keeps it). Both were built by rebuilding
 * question-views, which kept them when this migration was written (requested
 * here when it has run before). Declared by the outstanding log under its
 * first name and timestamp; not split (docs/read-models.md, "Migrations").
 */
export class OrganisationViews1764000001500 implements MigrationInterface {
  name = 'OrganisationViews1764000001500';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE rm_obligation_tally (
        organisation_id text NOT NULL,
        kind text NOT NULL,
        status text NOT NULL,
        due_date text NOT NULL,
        items integer NOT NULL,
        PRIMARY KEY (organisation_id, kind, status, due_date)
      )`);
    await queryRunner.query(`
      CREATE TABLE rm_question_owed (
        organisation_id text NOT NULL,
        question_id text NOT NULL,
        due date,
        title text COLLATE "C" NOT NULL,
        PRIMARY KEY (organisation_id, question_id)
      )`);
    await queryRunner.query(`CREATE INDEX rm_question_owed_order ON rm_question_owed (organisation_id, due ASC NULLS LAST, title, question_id)`);
    await queryRunner.query(
      `UPDATE projection_checkpoints SET rebuild_requested_at = now(), updated_at = now() WHERE name = 'question-views' AND events_applied > 0`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE rm_question_owed`);
    await queryRunner.query(`DROP TABLE rm_obligation_tally`);
  }
}
