import { DataSource } from 'typeorm';
import { Database } from '../../src/database/database';
import { EncodedJson } from '../../src/database/encoded-json';
import { TestDatabase, createTestDatabase, openMigratedDatabase } from '../support/test-database';

/**
 * A parameter encoded ahead of its query reaches the database as the same
 * document, whether it is read as text or as json, through TypeORM and the
 * pool, on the server (sent as bytes) and on the embedded database (as text).
 */
describe('EncodedJson parameters', () => {
  let testDatabase: TestDatabase;
  let database: Database;
  let dataSource: DataSource;
  const items = [
    { title: 'Ställningstagande om länstrafik – Värmland', note: 'ÅÄÖ åäö é ü “citat” 😀', n: 1 },
    { title: 'Utestående logg', note: null, n: 2 },
  ];

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    ({ database, dataSource } = await openMigratedDatabase(testDatabase));
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.close();
    await testDatabase.drop();
  });

  it('is read as the same rows through json_to_recordset, as json and as text', async () => {
    const rows = await dataSource.query(`SELECT title, note, n FROM json_to_recordset($1::json) AS x(title text, note text, n integer) ORDER BY n`, [
      EncodedJson.ofItems(items),
    ]);
    expect(rows).toEqual(items);
    const asText = await database.pool.query<{ doc: string }>(`SELECT $1::text AS doc`, [EncodedJson.ofItems(items)]);
    expect(JSON.parse(asText.rows[0].doc)).toEqual(items);
  });

  it('stands for nothing when there are no items', () => {
    expect(EncodedJson.ofItems([])).toBeNull();
  });
});
