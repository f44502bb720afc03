import { Module } from '@nestjs/common';
import { registerMigrations } from '../../database/migrations';
import { EventStoreHashChain1764000000700 } from './event-store-hash-chain.migration';
import { EventStoreSchema1764000000000 } from './event-store-schema.migration';

/** The PostgreSQL event store's tables: the log, stream heads and the hash chain. */
@Module({ providers: [registerMigrations('event-store', [EventStoreSchema1764000000000, EventStoreHashChain1764000000700])] })
export class PostgresSchemaModule {}
