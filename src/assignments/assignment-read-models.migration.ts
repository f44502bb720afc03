import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * rm_assignment: one row per assignment, written only by the `assignments`
 * projection and rebuildable from the log (natural key, no serial column).
 *
 * assignment_notification: the reminder outbox. Not a read model: it also
 * records what was sent, so it is never rebuilt (a rebuild would send again).
 * Rows are inserted idempotently by the `assignment-notifications` projection
 * and the due-date scanner; the unique key is (assignment, kind, due date,
 * recipient, causing event — '' for scanner rows). See docs/assignments.md.
 */
export class AssignmentReadModels1764000000800 implements MigrationInterface {
  name = 'AssignmentReadModels1764000000800';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE rm_assignment (
        assignment_id text PRIMARY KEY,
        revision integer NOT NULL,
        state jsonb NOT NULL,
        title text NOT NULL,
        status text NOT NULL,
        given_by text NOT NULL,
        deliverable text NOT NULL,
        responsible_user_id text NOT NULL,
        responsible_name text NOT NULL,
        responsible_organisation_id text NOT NULL,
        question_ids text[] NOT NULL,
        due_date date NOT NULL,
        given_at timestamptz NOT NULL,
        last_changed_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX rm_assignment_due ON rm_assignment (status, due_date)`);
    await queryRunner.query(`CREATE INDEX rm_assignment_responsible ON rm_assignment (responsible_user_id)`);
    await queryRunner.query(`CREATE INDEX rm_assignment_questions ON rm_assignment USING gin (question_ids)`);

    await queryRunner.query(`
      CREATE TABLE assignment_notification (
        assignment_id text NOT NULL,
        kind text NOT NULL,
        due_date date NOT NULL,
        recipient text NOT NULL,
        event_id text NOT NULL,
        email text,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        channel text,
        sent_at timestamptz,
        last_error text,
        PRIMARY KEY (assignment_id, kind, due_date, recipient, event_id)
      )`);
    await queryRunner.query(`CREATE INDEX assignment_notification_pending ON assignment_notification (status, next_attempt_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE assignment_notification`);
    await queryRunner.query(`DROP TABLE rm_assignment`);
  }
}
