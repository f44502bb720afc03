import { EncodedJson } from '../database/encoded-json';
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
/** Where a table's rows go in this batch (a projection's `WriteContext` is one): its own name, or its shadow's in a rebuild. */
export interface TableNames {
  table(name: string): string;
}

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

/** A tally table's columns (name, SQL type) in table order, the count last, and the key its groups are stored under. */
export interface TallyShape {
  readonly table: string;
  readonly columns: ReadonlyArray<readonly [string, string]>;
  readonly key: readonly string[];
}

/**
 * What a batch changes in one tally: each touched stream takes back what its
 * state before the batch contributed (-1) and adds what its state after
 * contributes (+1), so only net changes are written. Groups that empty are
 * deleted, so a tally is the same whatever the batch sizes were.
 */
export class Tally {
  /** Net change per group, under the group's parts joined by a separator no id or date contains (cheaper than JSON keys). */
  private readonly counts = new Map<string, { key: unknown[]; n: number }>();
  private sealed: EncodedJson | null | undefined;

  constructor(
    /** Names the tally's parts in the batch's statement. */
    private readonly name: string,
    readonly shape: TallyShape,
  ) {}

  /** Adds `delta` to the group `key` (the values of every column but the count, in order). */
  bump(key: unknown[], delta: number): void {
    const text = key.join('\u0001');
    const group = this.counts.get(text);
    if (group) group.n += delta;
    else this.counts.set(text, { key, n: delta });
  }

  /** The net changes as the statement's parameter (null: nothing changed); called while the batch is planned, so writing only sends. */
  seal(): EncodedJson | null {
    if (this.sealed !== undefined) return this.sealed;
    const names = this.shape.columns.map(([column]) => column);
    const rows: Array<Record<string, unknown>> = [];
    for (const { key, n } of this.counts.values()) {
      if (n === 0) continue;
      const row: Record<string, unknown> = {};
      key.forEach((value, i) => (row[names[i]] = value));
      row[names[names.length - 1]] = n;
      rows.push(row);
    }
    return (this.sealed = EncodedJson.ofItems(rows));
  }

  /**
   * The tally's parts of the batch's statement: for each group its new count
   * (what is stored plus the change), deleted where that is zero and written
   * where it is not. Computed from the stored count rather than added on
   * conflict, so that the emptied groups go in the same statement.
   */
  addTo(statement: WriteStatement, context: TableNames): void {
    const changes = this.seal();
    if (!changes) return;
    const table = context.table(this.shape.table);
    const { name } = this;
    const names = this.shape.columns.map(([column]) => column);
    const count = names[names.length - 1];
    const matches = (alias: string, other: string) => this.shape.key.map((column) => `${alias}.${column} = ${other}.${column}`).join(' AND ');
    statement
      .with(`${name}_change`, `SELECT * FROM ${statement.recordset(changes, this.shape.columns)}`)
      .with(
        `${name}_new`,
        `SELECT ${names
          .slice(0, -1)
          .map((column) => `c.${column}`)
          .join(', ')}, coalesce(t.${count}, 0) + c.${count} AS ${count}
         FROM ${name}_change c LEFT JOIN ${table} t ON ${matches('t', 'c')}`,
      )
      .with(`${name}_emptied`, `DELETE FROM ${table} t USING ${name}_new n WHERE ${matches('t', 'n')} AND n.${count} = 0`)
      .with(
        `${name}_counted`,
        `INSERT INTO ${table} (${names.join(', ')}) SELECT ${names.join(', ')} FROM ${name}_new WHERE ${count} <> 0
         ON CONFLICT (${this.shape.key.join(', ')}) DO UPDATE SET ${count} = EXCLUDED.${count}`,
      );
  }
}
