import { EntityManager } from 'typeorm';

/**
 * A rebuild writes into shadow copies of a projection's tables, built beside the
 * live ones; when the shadow has caught up, one transaction swaps them in. Readers
 * see the old model or the new one, never a half-built one.
 *
 * `LIKE … INCLUDING ALL EXCLUDING INDEXES` copies columns, defaults and check
 * constraints, so a read model must not use `serial` columns (a copied default
 * would share the old table's sequence): use identity columns or natural keys.
 * The indexes are then copied one by one under names of our own, so that at the
 * swap each takes back its live name: left to `LIKE … INCLUDING ALL`, PostgreSQL
 * named them after the shadow table, and after a rebuild a migration naming an
 * index (`DROP INDEX rm_question_obligation_owed`) found none.
 *
 * While the shadow is filled it has only the indexes a write needs: those
 * that back a constraint or are unique (the keys `ON CONFLICT` and the
 * writes' lookups use). The others are built once it has caught up, in the
 * swap's transaction (`completeShadowIndexes`): one sorted build per index
 * instead of an entry per row written, each at a random place of an index
 * larger than the server's buffers, which is the larger part of a rebuild's
 * PostgreSQL time for the histories and the question list's search column
 * (docs/performance.md, "Rebuild").
 */
export const SHADOW_SUFFIX = '__rebuild';
const RETIRED_SUFFIX = '__retired';
/** PostgreSQL's longest identifier (NAMEDATALEN - 1). */
const MAX_IDENTIFIER = 63;

export const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** An index of a table as PostgreSQL defines it; `constraint` is the definition of the constraint it backs, if any. */
interface TableIndex {
  name: string;
  definition: string;
  constraint: string | null;
  unique: boolean;
}

/** An index a write may need while the shadow is filled: a key (`ON CONFLICT`'s arbiter, the rows a write looks up). */
const neededWhileWriting = (index: TableIndex) => index.constraint !== null || index.unique;

const IDENTIFIER = String.raw`(?:"(?:[^"]|"")+"|\S+)`;
/** `CREATE [UNIQUE] INDEX <name> ON [ONLY] <table> USING …` (pg_get_indexdef) split around its name and table. */
const INDEX_DEFINITION = new RegExp(String.raw`^(CREATE (?:UNIQUE )?INDEX) ${IDENTIFIER} ON (?:ONLY )?${IDENTIFIER} (USING .*)$`, 's');

function parts(index: TableIndex): { create: string; rest: string } {
  const match = INDEX_DEFINITION.exec(index.definition);
  if (!match) throw new Error(`cannot read the definition of index ${index.name}: ${index.definition}`);
  return { create: match[1], rest: match[2] };
}

/** What an index is, whatever its name and table: how a shadow's index is matched with the live one. */
function shape(index: TableIndex): string {
  const { create, rest } = parts(index);
  return `${create} ${rest}`;
}

/** The shadow's name for a live index (names are unique per schema, so both exist side by side until the swap). */
function shadowIndexName(name: string): string {
  return name.slice(0, MAX_IDENTIFIER - SHADOW_SUFFIX.length) + SHADOW_SUFFIX;
}

async function indexesOf(manager: EntityManager, table: string): Promise<TableIndex[]> {
  return manager.query(
    `SELECT i.relname AS name, pg_get_indexdef(x.indexrelid) AS definition,
            pg_get_constraintdef(c.oid) AS constraint, x.indisunique AS unique
     FROM pg_index x
     JOIN pg_class i ON i.oid = x.indexrelid
     LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid AND c.conrelid = x.indrelid
     WHERE x.indrelid = $1::regclass
     ORDER BY i.relname`,
    [quoted(table)],
  );
}

async function createOnShadow(manager: EntityManager, table: string, index: TableIndex): Promise<void> {
  const shadow = quoted(table + SHADOW_SUFFIX);
  const name = quoted(shadowIndexName(index.name));
  if (index.constraint) {
    await manager.query(`ALTER TABLE ${shadow} ADD CONSTRAINT ${name} ${index.constraint}`);
    return;
  }
  const { create, rest } = parts(index);
  await manager.query(`${create} ${name} ON ${shadow} ${rest}`);
}

/** Empty shadow tables with the live ones' columns, constraints and the indexes a write needs (the rest: `completeShadowIndexes`). */
export async function createShadowTables(manager: EntityManager, tables: readonly string[]): Promise<void> {
  for (const table of tables) {
    await manager.query(`DROP TABLE IF EXISTS ${quoted(table + SHADOW_SUFFIX)}`);
    await manager.query(`CREATE TABLE ${quoted(table + SHADOW_SUFFIX)} (LIKE ${quoted(table)} INCLUDING ALL EXCLUDING INDEXES)`);
    for (const index of await indexesOf(manager, table)) if (neededWhileWriting(index)) await createOnShadow(manager, table, index);
  }
}

/**
 * Builds on each shadow table every index of the live one it lacks (matched
 * by definition): once the shadow is filled, before it is analysed and
 * swapped in. A rebuild that went on after a crash finds the ones already
 * built and builds the rest.
 */
export async function completeShadowIndexes(manager: EntityManager, tables: readonly string[]): Promise<void> {
  for (const table of tables) {
    const built = new Set((await indexesOf(manager, table + SHADOW_SUFFIX)).map(shape));
    for (const index of await indexesOf(manager, table)) if (!built.has(shape(index))) await createOnShadow(manager, table, index);
  }
}

/** Swaps the shadow tables in (within the caller's transaction), with every index of the live ones; their indexes take the live ones' names. */
export async function swapInShadowTables(manager: EntityManager, tables: readonly string[]): Promise<void> {
  await completeShadowIndexes(manager, tables);
  for (const table of tables) {
    const liveNames = (await indexesOf(manager, table)).map((index) => ({ shape: shape(index), name: index.name }));
    await manager.query(`ALTER TABLE ${quoted(table)} RENAME TO ${quoted(table + RETIRED_SUFFIX)}`);
    await manager.query(`ALTER TABLE ${quoted(table + SHADOW_SUFFIX)} RENAME TO ${quoted(table)}`);
    await manager.query(`DROP TABLE ${quoted(table + RETIRED_SUFFIX)}`);
    for (const index of await indexesOf(manager, table)) {
      const at = liveNames.findIndex((live) => live.shape === shape(index));
      if (at < 0) continue;
      const [{ name }] = liveNames.splice(at, 1);
      // Renaming an index that backs a constraint renames the constraint with it.
      if (name !== index.name) await manager.query(`ALTER INDEX ${quoted(index.name)} RENAME TO ${quoted(name)}`);
    }
  }
}

export async function dropShadowTables(manager: EntityManager, tables: readonly string[]): Promise<void> {
  for (const table of tables) await manager.query(`DROP TABLE IF EXISTS ${quoted(table + SHADOW_SUFFIX)}`);
}
