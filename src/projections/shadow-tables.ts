import { EntityManager } from 'typeorm';

/**
 * A rebuild writes into shadow copies of a projection's tables, built beside the
 * live ones; when the shadow has caught up, one transaction swaps them in. Readers
 * see the old model or the new one, never a half-built one.
 *
 * `LIKE … INCLUDING ALL` copies columns, defaults, constraints and indexes, so a
 * read model must not use `serial` columns (a copied default would share the old
 * table's sequence): use identity columns or natural keys.
 */
export const SHADOW_SUFFIX = '__rebuild';
const RETIRED_SUFFIX = '__retired';

export const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function createShadowTables(manager: EntityManager, tables: readonly string[]): Promise<void> {
  for (const table of tables) {
    await manager.query(`DROP TABLE IF EXISTS ${quoted(table + SHADOW_SUFFIX)}`);
    await manager.query(`CREATE TABLE ${quoted(table + SHADOW_SUFFIX)} (LIKE ${quoted(table)} INCLUDING ALL)`);
  }
}

export async function swapInShadowTables(manager: EntityManager, tables: readonly string[]): Promise<void> {
  for (const table of tables) {
    await manager.query(`ALTER TABLE ${quoted(table)} RENAME TO ${quoted(table + RETIRED_SUFFIX)}`);
    await manager.query(`ALTER TABLE ${quoted(table + SHADOW_SUFFIX)} RENAME TO ${quoted(table)}`);
    await manager.query(`DROP TABLE ${quoted(table + RETIRED_SUFFIX)}`);
  }
}

export async function dropShadowTables(manager: EntityManager, tables: readonly string[]): Promise<void> {
  for (const table of tables) await manager.query(`DROP TABLE IF EXISTS ${quoted(table + SHADOW_SUFFIX)}`);
}
