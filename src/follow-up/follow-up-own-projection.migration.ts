import { MigrationInterface, QueryRunner } from 'typeorm';
import { carryCheckpoint, returnCheckpoint } from '../projections/carried-checkpoint';

/**
 * rm_question_obligation, rm_decision_tally and rm_obligation_tally are kept
 * by the follow-up's own `follow-up` projection instead of question-views: it
 * starts at question-views' checkpoint, so nothing is rebuilt.
 */
export class FollowUpOwnProjection1764000002400 implements MigrationInterface {
  name = 'FollowUpOwnProjection1764000002400';

  async up(queryRunner: QueryRunner): Promise<void> {
    await carryCheckpoint(queryRunner, 'question-views', 'follow-up', ['rm_question_obligation', 'rm_decision_tally', 'rm_obligation_tally']);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await returnCheckpoint(queryRunner, 'question-views', 'follow-up');
  }
}
