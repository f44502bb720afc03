import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * rm_question_snapshot (question-snapshots.ts): a question's folded state every
 * 100 events, for time travel on long questions. The state is JSON kept as
 * text: it is only ever read whole, and text is sent without jsonb's
 * conversion (~0.7 ms less per read of a 120 KB state). Kept by question-views, so
 * built by rebuilding it (requested here when it has run before).
 */
export class QuestionSnapshots1764000001600 implements MigrationInterface {
  name = 'QuestionSnapshots1764000001600';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE rm_question_snapshot (
        question_id text NOT NULL,
        revision integer NOT NULL,
        max_occurred_at timestamptz NOT NULL,
        event_hash text NOT NULL,
        shape integer NOT NULL,
        state text NOT NULL,
        PRIMARY KEY (question_id, revision)
      )`);
    await queryRunner.query(
      `UPDATE projection_checkpoints SET rebuild_requested_at = now(), updated_at = now() WHERE name = 'question-views' AND events_applied > 0`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE rm_question_snapshot`);
  }
}
