import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tables of follow-up-history (follow-up-history.projection.ts), from which
 * GET /organisations/:id/follow-up?asOf= is answered instead of folding the
 * whole log:
 * - rm_follow_up_history: every version of every obligation, valid from one
 *   instant to the next (`infinity` while in force). The keys and the title
 *   compare as bytes (COLLATE "C"), so the pages are read off the two partial
 *   indexes in their order; (organisation_id, valid_from) and
 *   (organisation_id, valid_to) find what changed within one day.
 * - rm_follow_up_question_history: each question's revision, title and stage
 *   from each instant on.
 * - rm_follow_up_day_tally: per organisation and calendar day (Sweden), how
 *   many versions of each kind, status and due date began that day less those
 *   that ended: the counts as of a date are a sum over a few hundred rows.
 * A new projection starts from the beginning of the log by itself.
 */
export class FollowUpHistory1764000002170 implements MigrationInterface {
  name = 'FollowUpHistory1764000002170';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE rm_follow_up_history (
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
    await queryRunner.query(`CREATE INDEX rm_follow_up_history_from ON rm_follow_up_history (organisation_id, valid_from)`);
    await queryRunner.query(`CREATE INDEX rm_follow_up_history_to ON rm_follow_up_history (organisation_id, valid_to)`);
    await queryRunner.query(
      `CREATE INDEX rm_follow_up_history_owed ON rm_follow_up_history (organisation_id, due_date, title, obligation_key, question_id)
       INCLUDE (valid_from, valid_to) WHERE status = 'owed'`,
    );
    await queryRunner.query(
      `CREATE INDEX rm_follow_up_history_done ON rm_follow_up_history (organisation_id, done_on DESC NULLS LAST, title, obligation_key, question_id)
       INCLUDE (valid_from, valid_to) WHERE status = 'done'`,
    );
    await queryRunner.query(`
      CREATE TABLE rm_follow_up_question_history (
        question_id text COLLATE "C" NOT NULL,
        valid_from timestamptz NOT NULL,
        revision integer NOT NULL,
        title text NOT NULL,
        stage text NOT NULL,
        PRIMARY KEY (question_id, valid_from)
      )`);
    await queryRunner.query(`
      CREATE TABLE rm_follow_up_day_tally (
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
    await queryRunner.query(`DROP TABLE rm_follow_up_day_tally`);
    await queryRunner.query(`DROP TABLE rm_follow_up_question_history`);
    await queryRunner.query(`DROP TABLE rm_follow_up_history`);
    await queryRunner.query(`DELETE FROM projection_checkpoints WHERE name = 'follow-up-history'`);
  }
}
