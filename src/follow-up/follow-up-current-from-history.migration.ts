import { MigrationInterface, QueryRunner } from 'typeorm';
import { SHADOW_SUFFIX } from '../projections/shadow-tables';

/**
 * What each organisation owes and did now is the recorded history's versions
 * in force (`rm_follow_up_history` where `valid_to = 'infinity'`), which
 * follow-up-history already writes: `rm_question_obligation`, the same rows
 * written a second time by `follow-up`, and `rm_obligation_tally`, their
 * counts (the day tally summed over every day), are dropped. The history
 * gains an index of the versions in force by question, for the outstanding
 * log's open items and the grid's decided cells; an organisation's pages read
 * the history's partial indexes by status, as its past pages do.
 *
 * Nothing needs rebuilding: the history holds every question's versions up to
 * its checkpoint. A rebuild of `follow-up` under way loses the shadow copies
 * of the two tables and goes on with its others. `down` creates both tables
 * again, empty, and asks `follow-up` to rebuild (until it has, the earlier
 * code answers from empty tables).
 */
export class FollowUpCurrentFromHistory1764000004000 implements MigrationInterface {
  name = 'FollowUpCurrentFromHistory1764000004000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['rm_question_obligation', 'rm_obligation_tally']) {
      await queryRunner.query(`DROP TABLE IF EXISTS ${table}${SHADOW_SUFFIX}`);
      await queryRunner.query(`DROP TABLE ${table}`);
    }
    await queryRunner.query(`CREATE INDEX rm_follow_up_history_current ON rm_follow_up_history (question_id) WHERE valid_to = 'infinity'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX rm_follow_up_history_current`);
    await queryRunner.query(`
      CREATE TABLE rm_question_obligation (
        question_id text NOT NULL,
        obligation_key text NOT NULL,
        kind text NOT NULL,
        organisation_id text NOT NULL,
        status text NOT NULL,
        due_date date,
        done_on date,
        reference text,
        outcome text,
        details json NOT NULL,
        title text NOT NULL,
        PRIMARY KEY (question_id, obligation_key)
      )`);
    await queryRunner.query(
      `CREATE INDEX rm_question_obligation_owed_page ON rm_question_obligation (organisation_id, due_date, title COLLATE "C", obligation_key COLLATE "C")
       INCLUDE (question_id, kind) WHERE status = 'owed'`,
    );
    await queryRunner.query(
      `CREATE INDEX rm_question_obligation_done_page ON rm_question_obligation (organisation_id, done_on DESC NULLS LAST, title COLLATE "C", obligation_key COLLATE "C")
       INCLUDE (question_id, kind) WHERE status = 'done'`,
    );
    await queryRunner.query(`
      CREATE TABLE rm_obligation_tally (
        organisation_id text NOT NULL,
        kind text NOT NULL,
        status text NOT NULL,
        due_date text NOT NULL,
        items integer NOT NULL,
        PRIMARY KEY (organisation_id, kind, status, due_date)
      )`);
    await queryRunner.query(
      `UPDATE projection_checkpoints SET rebuild_requested_at = now(), updated_at = now() WHERE name = 'follow-up' AND events_applied > 0`,
    );
  }
}
