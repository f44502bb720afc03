import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * rm_register: the structure register folded, one row per structure (today
 * one), written only by the `register` projection and rebuildable from the log.
 * Small enough to read whole: the structure on a date is computed from it.
 * `down` also forgets the projection's checkpoint, so that a later `up` builds
 * the table again from the log instead of finding it empty at the end.
 */
export class RegisterReadModels1764000002300 implements MigrationInterface {
  name = 'RegisterReadModels1764000002300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE rm_register (structure_id text PRIMARY KEY, revision integer NOT NULL, state jsonb NOT NULL)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE rm_register`);
    await queryRunner.query(`DELETE FROM projection_checkpoints WHERE name IN ('register', 'register#rebuild')`);
  }
}
