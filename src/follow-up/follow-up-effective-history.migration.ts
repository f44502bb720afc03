import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tables of follow-up-effective-history (follow-up-history.projection.ts):
 * the same shape and indexes as follow-up-history's (follow-up-history.migration.ts
 * with follow-up-history-covering.migration.ts), with each version valid from
 * the end of the day its event happened (effective time) instead of the
 * instant it was recorded. GET /organisations/:id/follow-up?inEffectOn= and
 * GET /follow-up?inEffectOn= read them. A new projection starts from the
 * beginning of the log by itself.
 */
export class FollowUpEffectiveHistory1764000002610 implements MigrationInterface {
  name = 'FollowUpEffectiveHistory1764000002610';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE rm_follow_up_effective_history (
        organisation_id text NOT NULL,
        question_id text COLLATE "C" NOT NULL,
        obligation_key text COLLATE "C" NOT NULL,
        valid_from timestamptz NOT NULL,
        valid_to timestamptz NOT NULL,
        kind text NOT NULL,
        status text NOT NULL,
        due_date date,
        done_on date,
        reference text,
        outcome text,
        details json NOT NULL,
        title text COLLATE "C" NOT NULL,
        PRIMARY KEY (organisation_id, question_id, obligation_key, valid_from)
      )`);
    await queryRunner.query(
      `CREATE INDEX rm_follow_up_effective_history_from ON rm_follow_up_effective_history (organisation_id, valid_from) INCLUDE (kind, status, due_date)`,
    );
    await queryRunner.query(
      `CREATE INDEX rm_follow_up_effective_history_to ON rm_follow_up_effective_history (organisation_id, valid_to) INCLUDE (kind, status, due_date)`,
    );
    await queryRunner.query(
      `CREATE INDEX rm_follow_up_effective_history_owed ON rm_follow_up_effective_history (organisation_id, due_date, title, obligation_key, question_id)
       INCLUDE (valid_from, valid_to) WHERE status = 'owed'`,
    );
    await queryRunner.query(
      `CREATE INDEX rm_follow_up_effective_history_done ON rm_follow_up_effective_history (organisation_id, done_on DESC NULLS LAST, title, obligation_key, question_id)
       INCLUDE (valid_from, valid_to) WHERE status = 'done'`,
    );
    await queryRunner.query(`
      CREATE TABLE rm_follow_up_effective_question_history (
        question_id text COLLATE "C" NOT NULL,
        valid_from timestamptz NOT NULL,
        revision integer NOT NULL,
        title text NOT NULL,
        stage text NOT NULL,
        PRIMARY KEY (question_id, valid_from)
      )`);
    await queryRunner.query(`
      CREATE TABLE rm_follow_up_effective_day_tally (
        organisation_id text NOT NULL,
        day date NOT NULL,
        kind text NOT NULL,
        status text NOT NULL,
        due_date text NOT NULL,
        items integer NOT NULL,
        PRIMARY KEY (organisation_id, day, kind, status, due_date)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE rm_follow_up_effective_day_tally`);
    await queryRunner.query(`DROP TABLE rm_follow_up_effective_question_history`);
    await queryRunner.query(`DROP TABLE rm_follow_up_effective_history`);
    await queryRunner.query(`DELETE FROM projection_checkpoints WHERE name = 'follow-up-effective-history'`);
  }
}
