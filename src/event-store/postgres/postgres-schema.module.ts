import { Module } from '@nestjs/common';
import { declaredProviders } from '../../wiring/slice-declarations';
import { EVENT_STORE_DECLARATIONS } from './postgres-schema.declarations';

/** The PostgreSQL event store's tables: the log, stream heads and the hash chain (postgres-schema.declarations.ts). */
@Module({ providers: declaredProviders(EVENT_STORE_DECLARATIONS) })
export class PostgresSchemaModule {}
