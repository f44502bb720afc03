import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import { EventStore } from './event-store.port';

/**
 * The configured event store adapter over the opened database: the one
 * construction the application (infrastructure.module.ts) and the command-line
 * tools (tool-context.ts) share. The chosen adapter alone is loaded: loading
 * the EventStoreDB client (gRPC) slows a start that does not use it.
 */
export async function createEventStore(config: Pick<AppConfig, 'eventStore' | 'eventStoreUrl'>, database: Database): Promise<EventStore> {
  if (config.eventStore === 'eventstoredb') {
    const { EventStoreDbEventStore } = await import('./eventstoredb/eventstoredb-event-store');
    return new EventStoreDbEventStore(config.eventStoreUrl!);
  }
  const { PostgresEventStore } = await import('./postgres/postgres-event-store');
  return new PostgresEventStore(database.pool, { singleWriter: database.singleWriter });
}
