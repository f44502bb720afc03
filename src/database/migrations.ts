import type { MigrationInterface } from 'typeorm';
import { contribute, contributionKind } from '../wiring/contributions';

export type MigrationClass = new () => MigrationInterface;

/**
 * Migrations, declared by the module that owns the tables they create. TypeORM
 * runs them in the order of the timestamp in each class name, wherever they are
 * declared; a migration that has run keeps its name, so a database that ran it
 * never runs it again.
 */
export const MIGRATIONS = contributionKind<MigrationClass>('migrations');

/** The migrations in the order they run: by the timestamp that ends each class name. */
export function inMigrationOrder(migrations: readonly MigrationClass[]): MigrationClass[] {
  const timestampOf = (migration: MigrationClass) => Number(/(\d{13})$/.exec(migration.name)?.[1]);
  return [...migrations].sort((a, b) => timestampOf(a) - timestampOf(b));
}

export function registerMigrations(owner: string, migrations: readonly MigrationClass[]) {
  return contribute(MIGRATIONS, owner, migrations);
}
