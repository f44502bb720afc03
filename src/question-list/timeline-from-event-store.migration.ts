import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The question timeline is read from the question's own stream: the
 * `question-timeline` projection copied every question event into
 * rm_timeline_entry, 40 % of the rows a rebuild wrote, for a page the event
 * store serves from its (stream_id, revision) index.
 * Its table and checkpoints go; `down` restores the empty table, which the
 * projection of that version rebuilds from the log, as its checkpoint is gone.
 */
export class TimelineFromEventStore1764000001800 implements MigrationInterface {
  name = 'TimelineFromEventStore1764000001800';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS rm_timeline_entry__rebuild`);
    await queryRunner.query(`DROP TABLE rm_timeline_entry`);
    await queryRunner.query(`DELETE FROM projection_checkpoints WHERE name IN ('question-timeline', 'question-timeline#rebuild')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE rm_timeline_entry (
        question_id text NOT NULL,
        revision integer NOT NULL,
        event_id uuid NOT NULL UNIQUE,
        type text NOT NULL,
        schema_version integer NOT NULL,
        occurred_at timestamptz NOT NULL,
        actor jsonb NOT NULL,
        reason text,
        correlation_id text NOT NULL,
        data jsonb NOT NULL,
        PRIMARY KEY (question_id, revision)
      )`);
  }
}
