import { MigrationInterface, QueryRunner } from 'typeorm';

/** The registrars' outbox is delivered by the outbox mechanic (src/outbox/outbox.ts): rows are claimed under a lease and record their channel. */
export class RegistrarOutboxLease1764000002510 implements MigrationInterface {
  name = 'RegistrarOutboxLease1764000002510';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE registrar_notification ADD COLUMN channel text, ADD COLUMN lease_owner text, ADD COLUMN lease_until timestamptz`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE registrar_notification DROP COLUMN channel, DROP COLUMN lease_owner, DROP COLUMN lease_until`);
  }
}
