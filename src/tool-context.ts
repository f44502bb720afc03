import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DECLARED_MIGRATIONS, DECLARED_PROJECTIONS } from './app-declarations';
import { AppConfig } from './config/app-config';
import { Database, openDatabase } from './database/database';
import { initialiseUnderMigrationLock } from './database/migration-lock';
import { typeOrmOptions } from './database/typeorm-options';
import { createEventStore } from './event-store/create-event-store';
import { AppendSignal, EventStore } from './event-store/event-store.port';
import { NestPinoLogger, createRootLogger } from './observability/logger';
import { ProjectionsService } from './projections/projections.service';

/**
 * What the command-line tools (`audit:*`, `projections:rebuild`) need of the
 * application, without starting it: the configured database, migrated under
 * the same lock as a start, its event store adapter, and on request the
 * registered projections' runners. The wiring is the functions the
 * application's modules call (openDatabase, typeOrmOptions,
 * initialiseUnderMigrationLock, createEventStore, ProjectionsService), so the
 * tools read and fold exactly as the server does; what they leave out is the
 * HTTP application, its controllers, guards, reactions and the OpenAPI
 * document, which would be most of a tool's start (docs/performance.md,
 * "What limits each target").
 */
export interface ToolContext {
  config: AppConfig;
  database: Database;
  dataSource: DataSource;
  store: EventStore;
  /** The registered projections' runners, started on first use and stopped by `close`. */
  projections(): ProjectionsService;
  close(): Promise<void>;
}

export async function openToolContext(config: AppConfig): Promise<ToolContext> {
  // The tools print their own answers; the library's lines only when something is wrong, in the server's format.
  Logger.overrideLogger(new NestPinoLogger(createRootLogger({ log: { ...config.log, level: 'warn' } }), ['warn', 'error']));
  const database = await openDatabase(config);
  let dataSource: DataSource | undefined;
  let store: EventStore | undefined;
  try {
    dataSource = await initialiseUnderMigrationLock(typeOrmOptions(database, DECLARED_MIGRATIONS));
    store = await createEventStore(config, database);
  } catch (error) {
    await dataSource?.destroy();
    await database.close();
    throw error;
  }
  const opened = { dataSource, store };
  let projections: ProjectionsService | undefined;
  return {
    config,
    database,
    ...opened,
    projections() {
      if (!projections) {
        projections = new ProjectionsService(DECLARED_PROJECTIONS, opened.store, database, config, opened.dataSource, new AppendSignal());
        projections.onApplicationBootstrap();
      }
      return projections;
    },
    async close() {
      // In the order the application stops: the runners, then TypeORM's connections, the event store and the database.
      try {
        await projections?.onModuleDestroy();
        await opened.dataSource.destroy();
        await opened.store.close();
      } finally {
        await database.close();
      }
    },
  };
}
