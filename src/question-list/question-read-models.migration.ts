import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The read models of questions, written only by their projections
 * (question-views: rm_question, rm_question_obligation; question-timeline:
 * rm_timeline_entry) and rebuilt from the event log at any time. Natural keys
 * only (no serial columns), so a rebuild's shadow copy (`LIKE … INCLUDING ALL`)
 * is independent of the live table. See docs/read-models.md.
 */
export class QuestionReadModels1764000000300 implements MigrationInterface {
  name = 'QuestionReadModels1764000000300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE rm_question (
        question_id text PRIMARY KEY,
        revision integer NOT NULL,
        state jsonb NOT NULL,
        title text NOT NULL,
        description text NOT NULL,
        topic_area text NOT NULL,
        stage text NOT NULL,
        is_open boolean NOT NULL,
        forum text,
        logic text,
        responsible_name text,
        responsible_organisation_id text,
        raised_by_kind text NOT NULL,
        raised_by_id text NOT NULL,
        raised_at timestamptz NOT NULL,
        last_changed_at timestamptz NOT NULL,
        next_step text NOT NULL,
        next_step_owner jsonb,
        next_step_due date,
        position_number integer,
        position_taken_at timestamptz,
        position_date date,
        decide_by date,
        meeting_reference text,
        organisations_to_decide text[] NOT NULL,
        pending_decisions text[] NOT NULL,
        last_meeting_forum text,
        last_meeting_on date,
        last_meeting_reference text,
        open_items integer NOT NULL,
        earliest_due_date date,
        search_text text NOT NULL,
        -- to_tsvector('swedish', search_text), written by the projection
        search tsvector NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX rm_question_search ON rm_question USING gin (search)`);

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
        details jsonb NOT NULL,
        PRIMARY KEY (question_id, obligation_key)
      )`);
    await queryRunner.query(`CREATE INDEX rm_question_obligation_organisation ON rm_question_obligation (organisation_id, status, due_date)`);

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

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE rm_timeline_entry`);
    await queryRunner.query(`DROP TABLE rm_question_obligation`);
    await queryRunner.query(`DROP TABLE rm_question`);
  }
}
