import type { SliceDeclarations } from '../../wiring/slice-declarations';
import { EventStoreHashChain1764000000700 } from './event-store-hash-chain.migration';
import { EventStoreSchema1764000000000 } from './event-store-schema.migration';

/** The PostgreSQL event store's tables: the log, stream heads and the hash chain. */
export const EVENT_STORE_DECLARATIONS: SliceDeclarations = {
  owner: 'event-store',
  migrations: [EventStoreSchema1764000000000, EventStoreHashChain1764000000700],
  projections: [],
};
