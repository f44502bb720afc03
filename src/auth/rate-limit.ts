import { ThrottlerModuleOptions } from '@nestjs/throttler';
import { AppConfig } from '../config/app-config';

/**
 * Rate limiting per client (its IP address, see TRUST_PROXY): at most
 * RATE_LIMIT_PER_MINUTE requests in any minute across all routes, then 429
 * problem+json with Retry-After. `@SkipThrottle()` exempts a route (health checks).
 */
export function rateLimit(config: AppConfig): ThrottlerModuleOptions {
  return {
    throttlers: [{ ttl: 60_000, limit: config.rateLimitPerMinute }],
    // The library's default key is per route and client; one budget per client is what the limit means.
    generateKey: (_context, tracker, throttlerName) => `${throttlerName}:${tracker}`,
    errorMessage: (_context, detail) => `Too many requests: at most ${detail.limit} per minute per client; retry in ${detail.timeToBlockExpire} s`,
  };
}
