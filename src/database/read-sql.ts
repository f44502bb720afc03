import type { SqlPool } from './sql-pool';

/**
 * How the read endpoints run their SQL: straight through the database's pool
 * (the one the event store uses), the rows of each statement as the answer.
 *
 * Not through TypeORM's `DataSource.query`: that opens a QueryRunner per
 * statement (with its EntityManager and broadcaster), and everything a request
 * reads through it outlives V8's young-generation collections, which then copy
 * it and pause the next requests; read through the pool, a finished request
 * leaves nothing behind. TypeORM still runs the migrations and the
 * projections' writes.
 */
export interface ReadSql {
  // `any` as DataSource.query answers: each caller names its rows.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query<Rows = any>(sql: string, params?: unknown[]): Promise<Rows>;
  /**
   * The same as a named prepared statement, planned once per connection: for a
   * hot statement whose planning costs more than running it, and whose one
   * generic plan suits every parameter (a lookup by key). Statements with
   * optional filters stay on `query`, planned for their parameters each time.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  prepared<Rows = any>(name: string, sql: string, params: unknown[]): Promise<Rows>;
}

export const READ_SQL = Symbol('READ_SQL');

export function readSqlOver(pool: SqlPool): ReadSql {
  return {
    query: async (sql, params) => (await pool.query(sql, params)).rows as never,
    prepared: async (name, text, values) => (await pool.query({ name, text, values })).rows as never,
  };
}
