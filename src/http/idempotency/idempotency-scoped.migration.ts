import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency keys scoped by two columns, the token's subject and the key, where
 * one `<subject>:<key>` text was ambiguous (user `anna:x` with key `k1` was user
 * `anna` with key `x:k1`). Claims carry the time they were made, so one left by
 * a process that died expires; responses keep their headers (Location, ETag).
 *
 * The old rows are not carried over: their scope cannot be split back into
 * subject and key with certainty, and they were only kept for retries. A client
 * retrying a key from before the upgrade runs its command again, and the write
 * path answers it from the stored events when there are any (docs/http-api.md).
 */
export class IdempotencyKeysScoped1764000002170 implements MigrationInterface {
  name = 'IdempotencyKeysScoped1764000002170';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE idempotency_keys`);
    await queryRunner.query(`
      CREATE TABLE idempotency_keys (
        subject text NOT NULL,
        idempotency_key text NOT NULL,
        fingerprint text NOT NULL,
        claimed_at timestamptz NOT NULL DEFAULT now(),
        status_code integer,
        response jsonb,
        headers jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (subject, idempotency_key)
      )`);
    await queryRunner.query(`CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE idempotency_keys`);
    await queryRunner.query(`
      CREATE TABLE idempotency_keys (
        scope_key text PRIMARY KEY,
        fingerprint text NOT NULL,
        status_code integer,
        response jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }
}
