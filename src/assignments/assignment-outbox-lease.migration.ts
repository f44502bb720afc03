import { MigrationInterface, QueryRunner } from 'typeorm';

/** The reminder outbox's rows are claimed under a lease by the outbox mechanic (src/outbox/outbox.ts). */
export class AssignmentOutboxLease1764000002500 implements MigrationInterface {
  name = 'AssignmentOutboxLease1764000002500';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE assignment_notification ADD COLUMN lease_owner text, ADD COLUMN lease_until timestamptz`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE assignment_notification DROP COLUMN lease_owner, DROP COLUMN lease_until`);
  }
}
