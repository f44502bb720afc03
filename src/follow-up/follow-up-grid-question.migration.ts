import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * rm_follow_up_question holds what the grid (GET /follow-up) shows of a
 * question besides its cells — title, forum, whether it is open, its
 * position (number, date, decide-by, meeting reference), the organisations
 * named to decide and those still pending — so the grid reads the follow-up's
 * own tables alone. Its default page is read off `rm_follow_up_question_grid`,
 * in the grid's order, over the questions in the grid only.
 *
 * The columns are filled from rm_question, which holds the same values where
 * question-views stands where follow-up stands; where the two checkpoints
 * differ, a rebuild of `follow-up` is requested. rm_question's index for the
 * grid, which the grid no longer reads, goes.
 */
export class FollowUpGridQuestion1764000002900 implements MigrationInterface {
  name = 'FollowUpGridQuestion1764000002900';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE rm_follow_up_question
         ADD COLUMN title text NOT NULL DEFAULT '',
         ADD COLUMN forum text,
         ADD COLUMN is_open boolean NOT NULL DEFAULT false,
         ADD COLUMN position_number integer,
         ADD COLUMN position_date date,
         ADD COLUMN decide_by date,
         ADD COLUMN meeting_reference text,
         ADD COLUMN organisations_to_decide text[] NOT NULL DEFAULT '{}',
         ADD COLUMN pending_decisions text[] NOT NULL DEFAULT '{}'`,
    );
    await queryRunner.query(
      `UPDATE rm_follow_up_question f
       SET title = q.title, forum = q.forum, is_open = q.is_open, position_number = q.position_number, position_date = q.position_date,
           decide_by = q.decide_by, meeting_reference = q.meeting_reference,
           organisations_to_decide = q.organisations_to_decide, pending_decisions = q.pending_decisions
       FROM rm_question q WHERE q.question_id = f.question_id`,
    );
    await queryRunner.query(
      `CREATE INDEX rm_follow_up_question_grid ON rm_follow_up_question (decide_by, lower(title), question_id) WHERE is_open AND position_number IS NOT NULL`,
    );
    await queryRunner.query(`DROP INDEX IF EXISTS rm_question_matrix_order`);
    await queryRunner.query(
      `UPDATE projection_checkpoints f SET rebuild_requested_at = now(), updated_at = now()
       WHERE f.name = 'follow-up' AND f.events_applied > 0
         AND NOT EXISTS (SELECT 1 FROM projection_checkpoints q
                         WHERE q.name = 'question-views' AND q.position_commit = f.position_commit AND q.position_prepare = f.position_prepare)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX rm_question_matrix_order ON rm_question (decide_by, lower(title), question_id) WHERE is_open AND position_number IS NOT NULL`,
    );
    await queryRunner.query(`DROP INDEX rm_follow_up_question_grid`);
    await queryRunner.query(
      `ALTER TABLE rm_follow_up_question
         DROP COLUMN title, DROP COLUMN forum, DROP COLUMN is_open, DROP COLUMN position_number, DROP COLUMN position_date,
         DROP COLUMN decide_by, DROP COLUMN meeting_reference, DROP COLUMN organisations_to_decide, DROP COLUMN pending_decisions`,
    );
  }
}
