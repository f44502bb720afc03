/**
 * Many writes of one batch as one SQL statement: each write is a
 * data-modifying `WITH` part, and PostgreSQL runs every such part exactly once
 * and to completion whether or not anything reads its output. One round trip
 * instead of one per table matters where the runner shares its event loop with
 * HTTP load: each round trip then waits its turn (docs/performance.md,
 * freshness).
 *
 * The parts see one snapshot of the tables, so they must touch different rows:
 * a part cannot see what another part of the same statement changed.
 *
 * Rows travel as one JSON array per part, unpacked with `json_to_recordset(…::json)`,
 * not the jsonb variants: `jsonb_to_recordset` first converts the whole
 * document to jsonb and is slow to hand a nested object to a jsonb column —
 * 26–39 ms against ~11 ms for 2,000 obligation rows with their `details`
 * (measured in the server, docs/performance.md).
 *
 * A guarded statement (`guardedBy`) starts with a part that returns one row
 * when it succeeds — the runner's conditional checkpoint advance — and every
 * parameter is read through it: if the guard returns no row, each part gets
 * NULL instead of its rows and writes nothing. So a part must take the rows it
 * writes from its parameters (JSON documents: text, or EncodedJson), never from
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
    statement.with(name, sql((value) => statement.placeholder(value)));
    statement.guard = name;
    return statement;
  }

  /** A placeholder for `value` (read through the guard, if there is one). */
  param(value: unknown): string {
    const placeholder = this.placeholder(value);
    return this.guard ? `(SELECT ${placeholder}::text FROM ${this.guard})` : placeholder;
  }

  /** Adds a part under `name` (unique within the statement); later parts may select from it. */
  with(name: string, sql: string): this {
    this.parts.push(`${name} AS (${sql})`);
    return this;
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
