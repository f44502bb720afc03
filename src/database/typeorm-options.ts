import { DataSourceOptions } from 'typeorm';
import { Database } from './database';
import type { MigrationClass } from './migrations';

/** Every TypeORM entity (read models and bookkeeping tables). */
export const ENTITIES: DataSourceOptions['entities'] = [];

/** Migrations run on start (those the modules declare, src/app-modules.ts); `synchronize` is never used. */
export function typeOrmOptions(database: Database, migrations: readonly MigrationClass[]): DataSourceOptions {
  return {
    type: 'postgres',
    ...database.typeorm,
    entities: ENTITIES,
    migrations: [...migrations],
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error'],
  } as DataSourceOptions;
}
