import { DataSource } from 'typeorm';
import { Database } from '../../src/database/database';
import { EncodedJson } from '../../src/database/encoded-json';
import { EncodedRows } from '../../src/projections/encoded-rows';
import { WriteStatement } from '../../src/projections/write-statement';
import { TestDatabase, createTestDatabase, openMigratedDatabase } from '../support/test-database';

/**
 * Rows sent as EncodedRows reach a table exactly as the same rows sent as a
 * JSON array do: NULLs, empty strings, dates, instants, booleans, numbers,
 * JSON values, text in other scripts — and rows whose text holds one of the
 * separators, which go as JSON.
 */
const COLUMNS = [
  ['id', 'text'],
  ['note', 'text'],
  ['at', 'timestamptz'],
  ['until', 'timestamptz'],
  ['due', 'date'],
  ['flag', 'boolean'],
  ['amount', 'integer'],
  ['details', 'json'],
] as const;

const ROWS = [
  {
    id: 'a',
    note: 'Kommunstyrelsen i Årjäng',
    at: '2026-03-01T10:15:00.123Z',
    until: 'infinity',
    due: '2026-04-30',
    flag: true,
    amount: 3,
    details: { positionInForce: true, names: ['Ö', 'tab\there'] },
  },
  { id: 'b', note: '', at: '2026-03-02T00:00:00.000Z', until: '2026-03-03T12:00:00.000Z', due: null, flag: false, amount: -1, details: {} },
  { id: 'c', note: null, at: '2026-03-02T00:00:00.000Z', until: 'infinity', due: null, flag: null, amount: null, details: 'a string\u001f' },
  {
    id: 'd',
    note: 'backslash \\ quote " newline\n',
    at: '2026-03-02T00:00:00.000Z',
    until: 'infinity',
    due: '2026-01-01',
    flag: true,
    amount: 0,
    details: [1, null, 'x'],
  },
];

describe('EncodedRows', () => {
  let testDatabase: TestDatabase;
  let database: Database;
  let dataSource: DataSource;

  beforeAll(async () => {
    testDatabase = await createTestDatabase({ migrated: true });
    ({ database, dataSource } = await openMigratedDatabase(testDatabase));
    for (const table of ['rows_json', 'rows_encoded']) {
      await dataSource.query(`CREATE TABLE ${table} (${COLUMNS.map(([name, type]) => `${name} ${type}`).join(', ')}, PRIMARY KEY (id))`);
    }
  }, 120_000);
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.close();
    await testDatabase?.drop();
  });

  const written = async (table: string, rows: unknown) => {
    await dataSource.query(`TRUNCATE ${table}`);
    const statement = new WriteStatement().upsertRows('written', table, rows, COLUMNS, ['id']);
    await dataSource.query(statement.sql, statement.params);
    return (await dataSource.query(`SELECT to_jsonb(t)::text AS row FROM ${table} t ORDER BY id`)).map((row: { row: string }) => row.row);
  };

  it('writes the same rows as JSON does, separated where it can', async () => {
    const plain = ROWS.filter((row) => row.id !== 'c');
    const encoded = EncodedRows.of(plain, COLUMNS)!;
    expect(encoded.json).toBe(false);
    const expected = await written('rows_json', EncodedJson.ofItems(plain));
    expect(expected).toHaveLength(3);
    expect(await written('rows_encoded', encoded)).toEqual(expected);
  });

  it('goes as JSON when a field holds a separator, with the same rows', async () => {
    const encoded = EncodedRows.of(ROWS, COLUMNS)!;
    expect(encoded.json).toBe(true);
    expect(await written('rows_encoded', encoded)).toEqual(await written('rows_json', EncodedJson.ofItems(ROWS)));
  });

  it('in a guarded statement writes nothing when the guard returns no row', async () => {
    await dataSource.query(`TRUNCATE rows_encoded`);
    const statement = WriteStatement.guardedBy('never', () => 'SELECT 1 AS one WHERE false').upsertRows(
      'written',
      'rows_encoded',
      EncodedRows.of(ROWS.slice(0, 2), COLUMNS),
      COLUMNS,
      ['id'],
    );
    expect(await dataSource.query(statement.sql, statement.params)).toEqual([{ guarded: 0 }]);
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM rows_encoded`)).toEqual([{ n: 0 }]);
  });

  it('inserted (insertRows) gives the rows an upsert gives, and a key already there fails the statement', async () => {
    const plain = ROWS.filter((row) => row.id !== 'c');
    const expected = await written('rows_json', EncodedRows.of(plain, COLUMNS));
    await dataSource.query(`TRUNCATE rows_encoded`);
    const insert = () => new WriteStatement().insertRows('inserted', 'rows_encoded', EncodedRows.of(plain, COLUMNS), COLUMNS);
    await dataSource.query(insert().sql, insert().params);
    expect((await dataSource.query(`SELECT to_jsonb(t)::text AS row FROM rows_encoded t ORDER BY id`)).map((row: { row: string }) => row.row)).toEqual(
      expected,
    );
    await expect(dataSource.query(insert().sql, insert().params)).rejects.toThrow(/duplicate key|unique/i);
  });

  it('refuses to be read as other columns than it was encoded for', () => {
    const encoded = EncodedRows.of(ROWS.slice(0, 1), COLUMNS)!;
    expect(() => new WriteStatement().upsertRows('written', 'rows_encoded', encoded, COLUMNS.slice(0, 3), ['id'])).toThrow(/are read as/);
  });
});
