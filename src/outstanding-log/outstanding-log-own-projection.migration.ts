import { MigrationInterface, QueryRunner } from 'typeorm';
import { carryCheckpoint, returnCheckpoint } from '../projections/carried-checkpoint';

/**
 * rm_question_owed and rm_owed_tally are kept by the outstanding log's own
 * `outstanding-log` projection instead of question-views: it starts at
 * question-views' checkpoint, so nothing is rebuilt.
 */
export class OutstandingLogOwnProjection1764000002410 implements MigrationInterface {
  name = 'OutstandingLogOwnProjection1764000002410';

  async up(queryRunner: QueryRunner): Promise<void> {
    await carryCheckpoint(queryRunner, 'question-views', 'outstanding-log', ['rm_question_owed', 'rm_owed_tally']);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await returnCheckpoint(queryRunner, 'question-views', 'outstanding-log');
  }
}
