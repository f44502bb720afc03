import { EncodedJson } from '../database/encoded-json';
import type { WriteContext } from './projection';
import type { WriteStatement } from './write-statement';

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
  addTo(statement: WriteStatement, context: Pick<WriteContext, 'table'>): void {
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
