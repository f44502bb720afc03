import { EncodedRows } from './encoded-rows';

/**
 * Many writes of one batch as one SQL statement: each write is a
 * data-modifying `WITH` part, and PostgreSQL runs every such part exactly once
 * and to completion whether or not anything reads its output. One round trip
 * instead of one per table matters where the runner shares its event loop with
 * HTTP load: each round trip then waits its turn (docs/performance.md,
 * "What limits each target").
 *
 * The parts see one snapshot of the tables, so they must touch different rows:
 * a part cannot see what another part of the same statement changed.
 *
 * Rows travel as one parameter per part: EncodedRows (encoded-rows.ts), text
 * split into rows and fields in the statement, or a JSON array unpacked with
 * `json_to_recordset(…::json)` (`recordset`), not the jsonb variants: `jsonb_to_recordset` first converts the whole
 * document to jsonb, which makes handing a nested object to a jsonb column
 * several times slower (docs/performance.md).
 *
 * A guarded statement (`guardedBy`) starts with a part that returns one row
 * when it succeeds — the runner's conditional checkpoint advance — and every
 * parameter is read through it: if the guard returns no row, each part gets
 * NULL instead of its rows and writes nothing. That holds because a value
 * enters a part only as rows (`recordset`, from a JSON document — text, or
 * EncodedJson — or EncodedRows), so a part's writes come from its parameters, never from
 * constants alone. The statement is then a batch's whole transaction, in one
 * round trip.
 */
export class WriteStatement {
  private readonly parts: string[] = [];
  readonly params: unknown[] = [];
  private guard?: string;

  /**
   * A statement whose writes happen only if the part `name` returns a row.
   * `sql` builds that part; its own parameters are plain.
   */
  static guardedBy(name: string, sql: (param: (value: unknown) => string) => string): WriteStatement {
    const statement = new WriteStatement();
    statement.with(
      name,
      sql((value) => statement.placeholder(value)),
    );
    statement.guard = name;
    return statement;
  }

  /** A placeholder for `value` (read through the guard, if there is one); values enter a part only as rows, through `recordset`. */
  private param(value: unknown): string {
    const placeholder = this.placeholder(value);
    return this.guard ? `(SELECT ${placeholder}::text FROM ${this.guard})` : placeholder;
  }

  /** `rows` (EncodedRows, or a JSON array of objects) as the relation `x` with these typed columns, for a part's FROM. */
  recordset(rows: unknown, columns: ReadonlyArray<readonly [string, string]>): string {
    if (rows instanceof EncodedRows) return rows.relation(this.param(rows), columns);
    return `json_to_recordset(${this.param(rows)}::json) AS x(${columns.map(([name, type]) => `${name} ${type}`).join(', ')})`;
  }

  /** A part that deletes the rows of `table` whose `key` columns equal those of one of `rows`. */
  deleteRows(name: string, table: string, rows: unknown, key: ReadonlyArray<readonly [string, string]>): this {
    return this.with(
      name,
      `DELETE FROM ${table} t USING ${this.recordset(rows, key)} WHERE ${key.map(([column]) => `t.${column} = x.${column}`).join(' AND ')}`,
    );
  }

  /** A part that inserts `rows`, or sets every other column of the row with the same `key`. */
  upsertRows(name: string, table: string, rows: unknown, columns: ReadonlyArray<readonly [string, string]>, key: readonly string[]): this {
    const others = columns.map(([column]) => column).filter((column) => !key.includes(column));
    return this.with(
      name,
      `${this.insertOf(table, rows, columns)}
       ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${others.map((column) => `${column} = EXCLUDED.${column}`).join(', ')}`,
    );
  }

  /**
   * A part that inserts `rows`, which must all be new to `table`: a key already
   * there fails the statement. Cheaper than `upsertRows` for rows known to be new
   * (a rebuild writes almost only those): `ON CONFLICT` looks each row's key up
   * in the unique index before inserting it, and inserting looks it up again.
   */
  insertRows(name: string, table: string, rows: unknown, columns: ReadonlyArray<readonly [string, string]>): this {
    return this.with(name, this.insertOf(table, rows, columns));
  }

  /** `INSERT` of `rows`' `columns` into `table`, as `insertRows` and `upsertRows` send it. */
  private insertOf(table: string, rows: unknown, columns: ReadonlyArray<readonly [string, string]>): string {
    const names = columns.map(([column]) => column).join(', ');
    return `INSERT INTO ${table} (${names}) SELECT ${names} FROM ${this.recordset(rows, columns)}`;
  }

  /** A part that sets the `set` columns of the rows of `table` whose `key` columns equal those of one of `rows` (each row has both). */
  updateRows(name: string, table: string, rows: unknown, key: ReadonlyArray<readonly [string, string]>, set: ReadonlyArray<readonly [string, string]>): this {
    return this.with(
      name,
      `UPDATE ${table} t SET ${set.map(([column]) => `${column} = x.${column}`).join(', ')} FROM ${this.recordset(rows, [...key, ...set])}
       WHERE ${key.map(([column]) => `t.${column} = x.${column}`).join(' AND ')}`,
    );
  }

  /** Adds a part under `name` (unique within the statement); later parts may select from it. */
  with(name: string, sql: string): this {
    this.parts.push(`${name} AS (${sql})`);
    return this;
  }

  /** Whether any part but the guard was added: an unguarded statement without parts is not sent. */
  get hasWrites(): boolean {
    return this.parts.length > (this.guard ? 1 : 0);
  }

  /** The statement; guarded, it returns one row whose `guarded` is 1 if the guard let the writes through, else 0. */
  get sql(): string {
    const result = this.guard ? `SELECT count(*)::int AS guarded FROM ${this.guard}` : 'SELECT 1';
    return `WITH ${this.parts.join(',\n')}\n${result}`;
  }

  private placeholder(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }
}
