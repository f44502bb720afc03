import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown, Provider } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DestinationStream } from 'pino';
import { DataSource } from 'typeorm';
import { TokenVerifier } from './auth/token-verifier';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { DATABASE, Database, openDatabase } from './database/database';
import { READ_SQL, readSqlOver } from './database/read-sql';
import { initialiseUnderMigrationLock } from './database/migration-lock';
import type { MigrationClass } from './database/migrations';
import { typeOrmOptions } from './database/typeorm-options';
import { createEventStore } from './event-store/create-event-store';
import { AppendSignal, EVENT_STORE, EventStore, signallingEventStore } from './event-store/event-store.port';
import { Metrics, timedEventStore } from './observability/metrics';
import { CLOCK, Clock, systemClockIn } from './shared-kernel/clock';

/** Closes the event store and the database when the application stops. */
@Injectable()
class InfrastructureShutdown implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DATABASE) private readonly database: Database,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    await this.database.close();
  }
}

export interface InfrastructureOverrides {
  clock?: Clock;
  /** Where the log lines go instead of stdout (tests read them). */
  logDestination?: DestinationStream;
}

/**
 * The shared mechanics every slice injects: configuration, the database, the
 * configured event store adapter, the clock and token verification.
 */
@Global()
@Module({})
export class InfrastructureModule {
  static register(config: AppConfig, migrations: readonly MigrationClass[], overrides: InfrastructureOverrides = {}): DynamicModule {
    const providers: Provider[] = [
      { provide: APP_CONFIG, useValue: config },
      { provide: CLOCK, useValue: overrides.clock ?? systemClockIn(config.timeZone) },
      { provide: DATABASE, useFactory: () => openDatabase(config) },
      { provide: TokenVerifier, useFactory: () => TokenVerifier.create(config) },
      {
        provide: EVENT_STORE,
        // Depends on the DataSource so migrations (the event store's schema) have run first.
        inject: [DATABASE, DataSource, AppendSignal, Metrics],
        useFactory: async (database: Database, _: DataSource, signal: AppendSignal, metrics: Metrics): Promise<EventStore> =>
          signallingEventStore(timedEventStore(await createEventStore(config, database), metrics), signal),
      },
      { provide: READ_SQL, inject: [DATABASE], useFactory: (database: Database) => readSqlOver(database.pool) },
      AppendSignal,
      Metrics,
      InfrastructureShutdown,
    ];
    return {
      module: InfrastructureModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [DATABASE],
          useFactory: (database: Database) => typeOrmOptions(database, migrations),
          // Migrations run under a lock, so instances started together on an empty database all come up.
          dataSourceFactory: (options) => initialiseUnderMigrationLock(options!),
        }),
      ],
      providers,
      exports: [APP_CONFIG, AppendSignal, CLOCK, DATABASE, EVENT_STORE, Metrics, READ_SQL, TokenVerifier],
    };
  }
}
