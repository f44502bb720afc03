import { EncodedJson } from '../../src/database/encoded-json';
import { migratedDatabaseForTests } from '../support/test-database';

/**
 * A parameter encoded ahead of its query reaches the database as the same
 * document, whether it is read as text or as json, through TypeORM and the
 * pool, on the server (sent as bytes) and on the embedded database (as text).
 */
describe('EncodedJson parameters', () => {
  const db = migratedDatabaseForTests();
  const items = [
    { title: 'Ställningstagande om länstrafik – Värmland', note: 'ÅÄÖ åäö é ü “citat” 😀', n: 1 },
    { title: 'Utestående logg', note: null, n: 2 },
  ];

  it('is read as the same rows through json_to_recordset, as json and as text', async () => {
    const rows = await db.dataSource.query(`SELECT title, note, n FROM json_to_recordset($1::json) AS x(title text, note text, n integer) ORDER BY n`, [
      EncodedJson.ofItems(items),
    ]);
    expect(rows).toEqual(items);
    const asText = await db.database.pool.query<{ doc: string }>(`SELECT $1::text AS doc`, [EncodedJson.ofItems(items)]);
    expect(JSON.parse(asText.rows[0].doc)).toEqual(items);
  });

  it('stands for nothing when there are no items', () => {
    expect(EncodedJson.ofItems([])).toBeNull();
  });
});
