import * as path from 'node:path';

/**
 * All configuration, read once from the environment and validated at start-up.
 * Nothing else in the code reads `process.env`. The README's configuration table
 * documents every variable listed here.
 */
export interface AppConfig {
  nodeEnv: string;
  port: number;
  /** Unset: embedded PostgreSQL (PGlite) under `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  eventStore: 'postgres' | 'eventstoredb';
  eventStoreUrl?: string;
  /** Largest accepted JSON request body, as understood by body-parser (e.g. `100kb`). */
  bodyLimit: string;
  corsOrigins: string[];
  /** Requests per minute per client before 429. */
  rateLimitPerMinute: number;
  /** Idle polling interval of the event subscription (ms); appends in this process wake it at once. */
  subscriptionPollMs: number;
  auth: {
    /** Local mode: HS256 tokens signed with this secret (generated under dataDir if unset). */
    jwtSecret?: string;
    /** Production mode: an OIDC issuer's JWKS URL; local token minting is then off. */
    jwksUrl?: string;
    issuer: string;
    audience: string;
  };
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  };

  const eventStore = (env.EVENT_STORE ?? 'postgres') as AppConfig['eventStore'];
  if (eventStore !== 'postgres' && eventStore !== 'eventstoredb') {
    problems.push(`EVENT_STORE must be "postgres" or "eventstoredb", got "${env.EVENT_STORE}"`);
  }
  const eventStoreUrl = env.EVENTSTORE_URL || undefined;
  if (eventStore === 'eventstoredb' && !eventStoreUrl) {
    problems.push('EVENTSTORE_URL is required when EVENT_STORE=eventstoredb');
  }

  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }

  const config: AppConfig = {
    nodeEnv: env.NODE_ENV ?? 'development',
    port: int('PORT', 3000, 0, 65535),
    databaseUrl,
    dataDir: path.resolve(env.DATA_DIR || 'data'),
    eventStore,
    eventStoreUrl,
    bodyLimit: env.BODY_LIMIT || '100kb',
    corsOrigins: (env.CORS_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    rateLimitPerMinute: int('RATE_LIMIT_PER_MINUTE', 600, 1, 1_000_000),
    subscriptionPollMs: int('SUBSCRIPTION_POLL_MS', 250, 5, 60_000),
    auth: {
      jwtSecret: env.AUTH_JWT_SECRET || undefined,
      jwksUrl: env.AUTH_JWKS_URL || undefined,
      issuer: env.AUTH_ISSUER || 'fragespar-local',
      audience: env.AUTH_AUDIENCE || 'fragespar',
    },
  };
  if (config.auth.jwtSecret && config.auth.jwtSecret.length < 32) {
    problems.push('AUTH_JWT_SECRET must be at least 32 characters');
  }
  if (!config.auth.jwksUrl && config.nodeEnv === 'production') {
    problems.push('NODE_ENV=production requires AUTH_JWKS_URL: local token mode is for trying the service only');
  }

  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n- ${problems.join('\n- ')}`);
  }
  return config;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
