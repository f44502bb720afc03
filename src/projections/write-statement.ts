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
 */
export class WriteStatement {
  private readonly parts: string[] = [];
  readonly params: unknown[] = [];

  /** A placeholder for `value`. */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** Adds a part under `name` (unique within the statement); later parts may select from it. */
  with(name: string, sql: string): this {
    this.parts.push(`${name} AS (${sql})`);
    return this;
  }

  get sql(): string {
    return `WITH ${this.parts.join(',\n')}\nSELECT 1`;
  }
}
