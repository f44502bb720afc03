import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * rm_follow_up_question: each question's stage, kept by the `follow-up`
 * projection, so an organisation's follow-up shows it without reading the
 * question list's rm_question. Filled here from rm_question, which holds the
 * same stage where question-views stands where follow-up stands; where the two
 * checkpoints differ, a rebuild of `follow-up` is requested as well.
 */
export class FollowUpQuestionStage1764000002800 implements MigrationInterface {
  name = 'FollowUpQuestionStage1764000002800';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE rm_follow_up_question (question_id text PRIMARY KEY, stage text NOT NULL)`);
    await queryRunner.query(`INSERT INTO rm_follow_up_question (question_id, stage) SELECT question_id, stage FROM rm_question`);
    await queryRunner.query(
      `UPDATE projection_checkpoints f SET rebuild_requested_at = now(), updated_at = now()
       WHERE f.name = 'follow-up' AND f.events_applied > 0
         AND NOT EXISTS (SELECT 1 FROM projection_checkpoints q
                         WHERE q.name = 'question-views' AND q.position_commit = f.position_commit AND q.position_prepare = f.position_prepare)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE rm_follow_up_question`);
  }
}
