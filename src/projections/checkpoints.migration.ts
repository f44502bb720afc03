import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per projection (and one per rebuild in progress, named `<name>#rebuild`):
 * the position up to which its read model is complete, written in the same
 * transaction as the read-model rows; failures and rebuild requests.
 */
export class ProjectionCheckpoints1764000000200 implements MigrationInterface {
  name = 'ProjectionCheckpoints1764000000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE projection_checkpoints (
        name text PRIMARY KEY,
        position_commit numeric(20, 0) NOT NULL DEFAULT 0,
        position_prepare numeric(20, 0) NOT NULL DEFAULT 0,
        events_applied bigint NOT NULL DEFAULT 0,
        last_event_id uuid,
        last_recorded_at timestamptz,
        status text NOT NULL DEFAULT 'running',
        failed_event_id uuid,
        last_error text,
        failed_at timestamptz,
        rebuild_requested_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE projection_checkpoints`);
  }
}
