import { MigrationInterface, QueryRunner } from 'typeorm';
import { carryCheckpoint, returnCheckpoint } from '../projections/carried-checkpoint';

/**
 * rm_question_snapshot is kept by the time-travel slice's own
 * `question-snapshots` projection instead of question-views: it starts at
 * question-views' checkpoint, so nothing is rebuilt.
 */
export class QuestionSnapshotsOwnProjection1764000002420 implements MigrationInterface {
  name = 'QuestionSnapshotsOwnProjection1764000002420';

  async up(queryRunner: QueryRunner): Promise<void> {
    await carryCheckpoint(queryRunner, 'question-views', 'question-snapshots', ['rm_question_snapshot']);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await returnCheckpoint(queryRunner, 'question-views', 'question-snapshots');
  }
}
