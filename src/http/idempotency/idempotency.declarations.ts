import type { SliceDeclarations } from '../../wiring/slice-declarations';
import { IdempotencyKeys1764000000100 } from './idempotency-schema.migration';
import { IdempotencyKeysScoped1764000002170 } from './idempotency-scoped.migration';

/** The idempotency keys' table. */
export const IDEMPOTENCY_DECLARATIONS: SliceDeclarations = {
  owner: 'idempotency',
  migrations: [IdempotencyKeys1764000000100, IdempotencyKeysScoped1764000002170],
  projections: [],
};
