import { MigrationInterface, QueryRunner } from 'typeorm';

const HISTORIES = ['rm_follow_up_history', 'rm_follow_up_effective_history'];

/**
 * Each history's primary key leads with the organisation and the instant a
 * version begins, then the question and the obligation, and carries what the
 * counts as of an instant sum (kind, status, due date): the same unique set
 * of columns, now also the index of the versions that began within a day, so
 * `…_from` is dropped.
 *
 * Versions are written in the log's order, so each organisation's new keys
 * fall near the end of its range of the index, where its pages are already
 * in the buffers; led by the question id (random), each key went to a random
 * page of an index larger than the server's buffers (docs/performance.md,
 * "Rebuild"). Lookups by the whole key (a version ended, a page's rows by
 * their key) are served as before.
 */
export class FollowUpHistoryKeyInTime1764000004200 implements MigrationInterface {
  name = 'FollowUpHistoryKeyInTime1764000004200';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of HISTORIES) {
      await queryRunner.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_pkey`);
      await queryRunner.query(
        `ALTER TABLE ${table} ADD CONSTRAINT ${table}_pkey PRIMARY KEY (organisation_id, valid_from, question_id, obligation_key) INCLUDE (kind, status, due_date)`,
      );
      await queryRunner.query(`DROP INDEX ${table}_from`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of HISTORIES) {
      await queryRunner.query(`CREATE INDEX ${table}_from ON ${table} (organisation_id, valid_from) INCLUDE (kind, status, due_date)`);
      await queryRunner.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_pkey`);
      await queryRunner.query(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_pkey PRIMARY KEY (organisation_id, question_id, obligation_key, valid_from)`);
    }
  }
}
