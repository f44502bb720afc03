import { inBackground } from '../../src/database/background-work';
import { migratedDatabaseForTests } from '../support/test-database';

/**
 * A named statement (`{ name, text, values }`, as the event store's append and
 * reads use) behaves the same on both databases: `pg` prepares it once per
 * server session, and the embedded pool prepares it once in PGlite's session
 * (src/database/embedded-pool.ts) instead of parsing and planning it anew on
 * every call.
 */
describe('named statements', () => {
  const db = migratedDatabaseForTests();
  const typed = (values: unknown[]) => ({
    name: 'fragespar_test_typed',
    text: `SELECT $1::bigint AS big, $2::jsonb AS doc, $3::bytea AS bytes, $4::timestamptz AS at, $5::text[] AS list, $6::int AS n, $7::text AS nothing`,
    values,
  });

  it('return the rows an unnamed query returns, typed the same', async () => {
    const values = [
      '9007199254740993',
      { place: 'Värmland', n: [1, 2] },
      Buffer.from('ställningstagande'),
      new Date('2026-11-25T12:00:00.123Z'),
      ['Arvika', 'Kil'],
      7,
      null,
    ];
    const named = await db.database.pool.query(typed(values));
    const unnamed = await db.database.pool.query(typed(values).text, values);
    expect(named.rows).toEqual(unnamed.rows);
    expect(named.rows[0]).toMatchObject({ big: '9007199254740993', doc: { place: 'Värmland', n: [1, 2] }, list: ['Arvika', 'Kil'], n: 7, nothing: null });
    expect(Buffer.from(named.rows[0].bytes as Uint8Array).toString()).toBe('ställningstagande');
    expect((named.rows[0].at as Date).toISOString()).toBe('2026-11-25T12:00:00.123Z');
  });

  it('are prepared once per session, then only executed', async () => {
    const client = await db.database.pool.connect();
    try {
      const next = (value: number) => client.query<{ next: number }>({ name: 'fragespar_test_once', text: 'SELECT $1::int + 1 AS next', values: [value] });
      expect((await next(1)).rows).toEqual([{ next: 2 }]);
      expect((await next(41)).rows).toEqual([{ next: 42 }]);
      const prepared = await client.query(`SELECT name, statement FROM pg_prepared_statements WHERE name = 'fragespar_test_once'`);
      expect(prepared.rows).toEqual([{ name: 'fragespar_test_once', statement: 'SELECT $1::int + 1 AS next' }]);
    } finally {
      client.release();
    }
  });

  it('refuse a name already prepared with other text', async () => {
    const client = await db.database.pool.connect();
    try {
      await client.query({ name: 'fragespar_test_unique', text: 'SELECT $1::int AS n', values: [1] });
      await expect(client.query({ name: 'fragespar_test_unique', text: 'SELECT $1::text AS t', values: ['x'] })).rejects.toThrow(
        /Prepared statements must be unique/,
      );
    } finally {
      client.release();
    }
  });

  it('report a failed execution with its code and constraint, and the session goes on, in and out of transactions', async () => {
    await db.database.pool.query(`CREATE TABLE test_named_keys (key text PRIMARY KEY)`);
    const client = await db.database.pool.connect();
    const insert = (key: string) =>
      client.query({ name: 'fragespar_test_insert', text: 'INSERT INTO test_named_keys (key) VALUES ($1) RETURNING key', values: [key] });
    try {
      expect((await insert('karlstad')).rows).toEqual([{ key: 'karlstad' }]);
      await expect(insert('karlstad')).rejects.toMatchObject({ code: '23505', constraint: 'test_named_keys_pkey' });
      expect((await insert('arvika')).rowCount).toBe(1);

      await client.query('BEGIN');
      await insert('torsby');
      await client.query('ROLLBACK');
      await client.query('BEGIN');
      await insert('hagfors');
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    const keys = await db.database.pool.query<{ key: string }>(`SELECT key FROM test_named_keys ORDER BY key`);
    expect(keys.rows.map((row) => row.key)).toEqual(['arvika', 'hagfors', 'karlstad']);
  });

  it('on the embedded database, background work (the projection runners) has its statements prepared by their text, at most 128 at a time; requests not', async () => {
    if (db.database.kind !== 'embedded') return;
    const pool = db.database.pool;
    const preparedCount = async () =>
      Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM pg_prepared_statements WHERE name LIKE 'fragespar_background_%'`)).rows[0].n);
    const before = await preparedCount();
    // A request's statement with parameters: unnamed, as pg sends it.
    expect((await pool.query<{ n: number }>('SELECT $1::int * 2 AS n', [21])).rows).toEqual([{ n: 42 }]);
    expect(await preparedCount()).toBe(before);
    // The runners' statements: the same text is prepared once and answers for every value.
    await inBackground(async () => {
      expect((await pool.query<{ n: number }>('SELECT $1::int * 3 AS n', [2])).rows).toEqual([{ n: 6 }]);
      expect((await pool.query<{ n: number }>('SELECT $1::int * 3 AS n', [5])).rows).toEqual([{ n: 15 }]);
    });
    expect(await preparedCount()).toBe(before + 1);
    // Texts beyond the bound close the least recently used.
    await inBackground(async () => {
      for (let i = 0; i < 140; i++) expect((await pool.query<{ n: number }>(`SELECT $1::int + ${i} AS n`, [1])).rows).toEqual([{ n: 1 + i }]);
    });
    expect(await preparedCount()).toBeLessThanOrEqual(128);
    expect((await inBackground(() => pool.query<{ n: number }>('SELECT $1::int * 3 AS n', [7]))).rows).toEqual([{ n: 21 }]);
  });
});
