import { FollowUpHistoryKeyInTime1764000004200 } from '../../src/follow-up/follow-up-history-key-in-time.migration';
import { ReadModelFixture, project, scenarioFixture } from '../read-models/support';

const HISTORIES = ['rm_follow_up_history', 'rm_follow_up_effective_history'];

/**
 * FollowUpHistoryKeyInTime1764000004200 on a database with versions: each
 * history's key leads with the organisation and the instant, carries what the
 * day's counts sum, and replaces the index of what began within a day; back
 * down and up again, no version is lost or changed.
 */
describe('FollowUpHistoryKeyInTime1764000004200', () => {
  let f: ReadModelFixture;

  beforeAll(async () => {
    f = await scenarioFixture();
    await project(f.dataSource, f.events, 7);
  }, 600_000);
  afterAll(() => f?.close());

  // Through the migration's own runner: the embedded database has one connection.
  type Query = (sql: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>;
  const keyOf = async (query: Query, table: string) =>
    (await query(`SELECT pg_get_constraintdef(oid) AS key FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'p'`, [table]))[0].key as string;
  const fromIndexOf = async (query: Query, table: string) =>
    (await query(`SELECT to_regclass($1) IS NOT NULL AS present`, [`${table}_from`]))[0].present as boolean;
  const versionsOf = (query: Query) => query(`SELECT * FROM rm_follow_up_history ORDER BY organisation_id, question_id, obligation_key, valid_from`);

  it('keys each history by organisation, instant, question and obligation; down and up again keep every version', async () => {
    const runner = f.dataSource.createQueryRunner();
    const query: Query = (sql, params) => runner.query(sql, params);
    try {
      const versions = await versionsOf(query);
      expect(versions.length).toBeGreaterThan(10);
      for (const table of HISTORIES) {
        expect(await keyOf(query, table)).toBe('PRIMARY KEY (organisation_id, valid_from, question_id, obligation_key) INCLUDE (kind, status, due_date)');
        expect(await fromIndexOf(query, table)).toBe(false);
      }

      const migration = new FollowUpHistoryKeyInTime1764000004200();
      await migration.down(runner);
      for (const table of HISTORIES) {
        expect(await keyOf(query, table)).toBe('PRIMARY KEY (organisation_id, question_id, obligation_key, valid_from)');
        expect(await fromIndexOf(query, table)).toBe(true);
      }
      expect(await versionsOf(query)).toEqual(versions);

      await migration.up(runner);
      for (const table of HISTORIES) {
        expect(await keyOf(query, table)).toBe('PRIMARY KEY (organisation_id, valid_from, question_id, obligation_key) INCLUDE (kind, status, due_date)');
        expect(await fromIndexOf(query, table)).toBe(false);
      }
      expect(await versionsOf(query)).toEqual(versions);
    } finally {
      await runner.release();
    }
  });
});
