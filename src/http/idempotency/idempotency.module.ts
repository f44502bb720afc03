import { Module } from '@nestjs/common';
import { declaredProviders } from '../../wiring/slice-declarations';
import { IDEMPOTENCY_DECLARATIONS } from './idempotency.declarations';
import { IdempotencyKeyCleanup } from './idempotency-key-cleanup';

/** Idempotency keys: their table (idempotency.declarations.ts) and its cleanup (the interceptor is bound per route by `@IdempotentPost()`). */
@Module({
  providers: [IdempotencyKeyCleanup, ...declaredProviders(IDEMPOTENCY_DECLARATIONS)],
})
export class IdempotencyModule {}
