import { Post, UseInterceptors, applyDecorators } from '@nestjs/common';
import { IdempotencyInterceptor } from './idempotency.interceptor';

/**
 * A POST route that honours Idempotency-Key (IdempotencyInterceptor). Every
 * POST route of the API is declared with it; test/http/request-lifecycle.e2e-spec.ts
 * holds them to that.
 *
 * The interceptor is bound to these routes, not to the whole app: for any
 * route with an interceptor Nest binds each step to its async context
 * (AsyncResource.bind), and the objects that makes outlive the request in V8's
 * young generation, so every scavenge would copy whole finished requests.
 * Reads have no use for the interceptor and run without one.
 */
export function IdempotentPost(path?: string): MethodDecorator {
  return applyDecorators(Post(path), UseInterceptors(IdempotencyInterceptor));
}
