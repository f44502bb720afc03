import { randomUUID } from 'node:crypto';
import { QueryRunner } from 'typeorm';
import { FollowUpCurrentFromHistory1764000004000 } from '../../src/follow-up/follow-up-current-from-history.migration';
import { QuestionJsonColumns1764000001900 } from '../../src/question-list/question-json-columns.migration';
import { migratedDatabaseForTests } from '../support/test-database';

/**
 * The migration that stores question-views' whole-read JSON columns as json:
 * rows written as jsonb keep their documents, and a rebuild's shadow copy in
 * progress is altered with the live table. rm_question_obligation, which it
 * altered, is dropped by a later migration, undone here first.
 */
describe('migration: question JSON columns as json', () => {
  const db = migratedDatabaseForTests();

  // Everything through the migration's own query runner: the embedded database has one connection.
  const typeOf = async (runner: QueryRunner, table: string, column: string): Promise<string> =>
    (await runner.query(`SELECT data_type FROM information_schema.columns WHERE table_name = $1 AND column_name = $2`, [table, column]))[0]?.data_type;

  it('keeps every document, in the live table and in a shadow copy under rebuild', async () => {
    const migration = new QuestionJsonColumns1764000001900();
    const later = new FollowUpCurrentFromHistory1764000004000();
    const runner = db.dataSource.createQueryRunner();
    try {
      await later.down(runner);
      await migration.down(runner);
      expect(await typeOf(runner, 'rm_question_obligation', 'details')).toBe('jsonb');
      const questionId = randomUUID();
      const details = { positionNumber: 1, body: 'municipal-executive-board', note: 'Beslut om ställningstagande', corrected: false };
      await runner.query(
        `INSERT INTO rm_question_obligation (question_id, obligation_key, kind, organisation_id, status, details, title)
         VALUES ($1, 'decision:1:kil', 'member-decision', 'kil', 'owed', $2::jsonb, 'Fråga')`,
        [questionId, JSON.stringify(details)],
      );
      await runner.query(`CREATE TABLE rm_question_obligation__rebuild (LIKE rm_question_obligation INCLUDING ALL)`);
      await runner.query(`INSERT INTO rm_question_obligation__rebuild SELECT * FROM rm_question_obligation`);

      await migration.up(runner);

      for (const table of ['rm_question_obligation', 'rm_question_obligation__rebuild']) {
        expect(await typeOf(runner, table, 'details')).toBe('json');
        const rows = await runner.query(`SELECT details FROM ${table} WHERE question_id = $1`, [questionId]);
        expect(rows).toEqual([{ details }]);
      }
      expect(await typeOf(runner, 'rm_question', 'next_step_owner')).toBe('json');
      expect(await typeOf(runner, 'rm_question', 'decision_documents')).toBe('json');
      await later.up(runner);
    } finally {
      await runner.query(`DROP TABLE IF EXISTS rm_question_obligation__rebuild`);
      await runner.release();
    }
  });
});
