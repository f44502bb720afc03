import type { SqlPool } from './sql-pool';

/**
 * How the read endpoints run their SQL: straight through the database's pool
 * (the one the event store uses), the rows of each statement as the answer.
 *
 * Not through TypeORM's `DataSource.query`: that opens a QueryRunner per
 * statement (with its EntityManager and broadcaster), and on V8 (Node 20)
 * everything a request read through it outlived young-generation GCs. A bare
 * server answering the log's page promoted 2.3 MB per scavenge through
 * `DataSource.query`, and nothing through the pool; on this project's VM each
 * promoted megabyte costs milliseconds of page faults in the pause
 * (docs/performance.md, seventh round). TypeORM still runs the migrations and
 * the projections' writes.
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
