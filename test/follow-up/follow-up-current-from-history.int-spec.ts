import { QueryRunner } from 'typeorm';
import { FollowUpCurrentFromHistory1764000004000 } from '../../src/follow-up/follow-up-current-from-history.migration';
import { migratedDatabaseForTests } from '../support/test-database';

/**
 * The upgrade to the follow-up read from the history's versions in force
 * (FollowUpCurrentFromHistory1764000004000): a database that still holds
 * rm_question_obligation and rm_obligation_tally, with a rebuild of
 * `follow-up` under way, loses both tables and their shadow copies, keeps the
 * rebuild of the rest, and gains the index of the versions in force; `down`
 * gives the earlier tables back and asks `follow-up` to rebuild them.
 */
describe('FollowUpCurrentFromHistory1764000004000', () => {
  const db = migratedDatabaseForTests();

  // Everything through the migration's own query runner: the embedded database has one connection.
  let runner: QueryRunner;
  const exists = async (name: string): Promise<boolean> => (await runner.query(`SELECT to_regclass($1) IS NOT NULL AS found`, [name]))[0].found;
  const indexDefinition = async (name: string): Promise<string | undefined> =>
    (await runner.query(`SELECT indexdef FROM pg_indexes WHERE indexname = $1`, [name]))[0]?.indexdef;

  it('drops the doubled tables and a rebuild’s copies of them, keeps the rest of the rebuild, and indexes the versions in force by question', async () => {
    const migration = new FollowUpCurrentFromHistory1764000004000();
    runner = db.dataSource.createQueryRunner();
    try {
      await runner.query(
        `INSERT INTO projection_checkpoints (name, events_applied) VALUES ('follow-up', 12) ON CONFLICT (name) DO UPDATE SET events_applied = 12`,
      );
      await migration.down(runner);
      expect(await exists('rm_question_obligation')).toBe(true);
      expect(await exists('rm_obligation_tally')).toBe(true);
      expect(await indexDefinition('rm_follow_up_history_current')).toBeUndefined();
      const [requested] = await runner.query(`SELECT rebuild_requested_at IS NOT NULL AS requested FROM projection_checkpoints WHERE name = 'follow-up'`);
      expect(requested.requested).toBe(true);

      // A rebuild of `follow-up` under way under the earlier code: a shadow copy of each of its tables.
      for (const table of ['rm_question_obligation', 'rm_obligation_tally', 'rm_follow_up_question']) {
        await runner.query(`CREATE TABLE ${table}__rebuild (LIKE ${table} INCLUDING ALL)`);
      }
      await migration.up(runner);

      for (const table of ['rm_question_obligation', 'rm_obligation_tally', 'rm_question_obligation__rebuild', 'rm_obligation_tally__rebuild']) {
        expect([table, await exists(table)]).toEqual([table, false]);
      }
      expect(await exists('rm_follow_up_question__rebuild')).toBe(true);
      expect(await indexDefinition('rm_follow_up_history_current')).toMatch(/\(question_id\) WHERE \(valid_to = 'infinity'/);
    } finally {
      await runner.query(`DROP TABLE IF EXISTS rm_follow_up_question__rebuild`);
      await runner.release();
    }
  });
});
