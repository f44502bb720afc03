/**
 * The slice of `pg.Pool` our own SQL code needs. A real `pg.Pool` satisfies it,
 * and so does the embedded PGlite pool, so the PostgreSQL event store has one
 * code path for both.
 */
export interface SqlResult<Row> {
  rows: Row[];
  rowCount: number | null;
}

/**
 * A statement with a name is prepared once per connection and its plan reused,
 * as node-postgres does; for hot statements whose planning costs more than
 * running them (the append).
 */
export interface NamedStatement {
  name: string;
  text: string;
  values: unknown[];
}

export interface SqlClient {
  query<Row = Record<string, unknown>>(text: string | NamedStatement, params?: unknown[]): Promise<SqlResult<Row>>;
  release(error?: Error | boolean): void;
}

export interface SqlPool {
  query<Row = Record<string, unknown>>(text: string | NamedStatement, params?: unknown[]): Promise<SqlResult<Row>>;
  connect(): Promise<SqlClient>;
  end(): Promise<void>;
}

/** Runs `work` in a transaction on one client; rolls back on any error. */
export async function inTransaction<T>(pool: SqlPool, work: (client: SqlClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
