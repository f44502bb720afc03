import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The grid at a past point (GET /follow-up?asOf= and ?inEffectOn=) cuts the
 * member-decision versions of positions in force that were valid at the point
 * and groups them per question (follow-up-as-of.queries.ts, `gridCut`). This
 * partial index on each history holds exactly those versions, in question
 * order, with what the cut reads in its INCLUDE columns: the cut is an
 * index-only scan grouped as it is read, instead of a scan of every version of
 * every obligation of the table. Its predicate is the query's, word for word.
 */
export class FollowUpGridCut1764000002640 implements MigrationInterface {
  name = 'FollowUpGridCut1764000002640';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['rm_follow_up_history', 'rm_follow_up_effective_history']) {
      await queryRunner.query(
        `CREATE INDEX ${table}_grid ON ${table} (question_id, organisation_id) INCLUDE (valid_from, valid_to, status, due_date, title)
         WHERE kind = 'member-decision' AND (details->>'positionInForce') = 'true'`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['rm_follow_up_history', 'rm_follow_up_effective_history']) {
      await queryRunner.query(`DROP INDEX ${table}_grid`);
    }
  }
}
