import { Module } from '@nestjs/common';
import { registerMigrations } from '../../database/migrations';
import { IdempotencyKeyCleanup } from './idempotency-key-cleanup';
import { IdempotencyKeys1764000000100 } from './idempotency-schema.migration';
import { IdempotencyKeysScoped1764000002170 } from './idempotency-scoped.migration';

/** Idempotency keys: their table and its cleanup (the interceptor is bound per route by `@IdempotentPost()`). */
@Module({
  providers: [IdempotencyKeyCleanup, registerMigrations('idempotency', [IdempotencyKeys1764000000100, IdempotencyKeysScoped1764000002170])],
})
export class IdempotencyModule {}
