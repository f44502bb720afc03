import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * rm_meeting: one row per meeting, written only by the `meetings` projection
 * and rebuildable from the log (natural key). The forum and start feed the
 * calendar and "the forum's earlier meetings"; open_items the carry-over of
 * open items to the next agenda.
 */
export class MeetingReadModels1764000001000 implements MigrationInterface {
  name = 'MeetingReadModels1764000001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE rm_meeting (
        meeting_id text PRIMARY KEY,
        revision integer NOT NULL,
        state jsonb NOT NULL,
        forum text NOT NULL,
        title text NOT NULL,
        starts_at timestamptz NOT NULL,
        agenda_published boolean NOT NULL,
        minutes_status text,
        open_items integer NOT NULL,
        last_changed_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX rm_meeting_forum_start ON rm_meeting (forum, starts_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE rm_meeting`);
  }
}
