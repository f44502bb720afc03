import { MigrationInterface, QueryRunner } from 'typeorm';

/** Remembered responses of commands sent with an Idempotency-Key. */
export class IdempotencyKeys1764000000100 implements MigrationInterface {
  name = 'IdempotencyKeys1764000000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE idempotency_keys (
        scope_key text PRIMARY KEY,
        fingerprint text NOT NULL,
        status_code integer,
        response jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE idempotency_keys`);
  }
}
