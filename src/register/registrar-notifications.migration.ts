import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The registrars' outbox: word to each organisation's registrar (registrator)
 * when a position names the organisation or a consultation is sent to it.
 *
 * rm_registrar_structure: the register as the `registrar-notifications`
 * projection folds it for itself (one row per structure), so that who the
 * registrar was follows from the log in order, not from another model's table.
 *
 * registrar_notification: not a read model: it also records what was sent,
 * so it is never rebuilt (a rebuild would send again). Rows are inserted once
 * per organisation, registrar and causing event (the primary key).
 */
export class RegistrarNotifications1764000002310 implements MigrationInterface {
  name = 'RegistrarNotifications1764000002310';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE rm_registrar_structure (structure_id text PRIMARY KEY, state jsonb NOT NULL)`);
    await queryRunner.query(`
      CREATE TABLE registrar_notification (
        organisation_id text NOT NULL,
        person_id text NOT NULL,
        event_id text NOT NULL,
        kind text NOT NULL,
        question_id text NOT NULL,
        email text,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        sent_at timestamptz,
        last_error text,
        PRIMARY KEY (organisation_id, person_id, event_id)
      )`);
    await queryRunner.query(`CREATE INDEX registrar_notification_pending ON registrar_notification (status, next_attempt_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE registrar_notification`);
    await queryRunner.query(`DROP TABLE rm_registrar_structure`);
    await queryRunner.query(`DELETE FROM projection_checkpoints WHERE name IN ('registrar-notifications', 'registrar-notifications#rebuild')`);
  }
}
