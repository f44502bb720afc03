import * as fs from 'node:fs';
import * as path from 'node:path';
import { isTimeZone } from '../shared-kernel/calendar';
import { DEFAULT_TIME_ZONE } from '../shared-kernel/clock';

/**
 * All configuration, read once from the environment and validated at start-up.
 * Nothing else in the code reads `process.env`. The README's configuration table
 * documents every variable listed here.
 */
export interface AppConfig {
  nodeEnv: string;
  port: number;
  log: {
    /** The least severe level written: fatal, error, warn, info (one line per request), debug, trace or silent. */
    level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
    /** `json`: one JSON object per line; `pretty`: coloured text for people; `auto`: pretty on a terminal, JSON otherwise. */
    format: 'auto' | 'json' | 'pretty';
  };
  /** Unset: embedded PostgreSQL (PGlite) under `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  /**
   * The embedded database's PostgreSQL buffer cache (`shared_buffers`, `32MB` unless set):
   * resident from the start, so it sets most of the memory an idle instance holds.
   */
  embeddedSharedBuffers: string;
  eventStore: 'postgres' | 'eventstoredb';
  eventStoreUrl?: string;
  /** Largest accepted JSON request body, as understood by body-parser (e.g. `100kb`). */
  bodyLimit: string;
  corsOrigins: string[];
  /** Requests per minute per client (IP address) before 429; /health is exempt. */
  rateLimitPerMinute: number;
  /**
   * Where people and clients reach the service (PUBLIC_BASE_URL, e.g. `https://fragespar.samverkanvarmland.se`):
   * links in public feeds and the OpenAPI document's server are built from it, never from a request's Host header.
   */
  publicBaseUrl: string;
  /**
   * Express `trust proxy`: behind a reverse proxy, which hops to trust for the
   * client's address (X-Forwarded-For), so that rate limiting is per client and
   * not per proxy. `false` (default): use the connection's address.
   */
  trustProxy: boolean | number | string;
  /** IANA time zone in which calendar dates are read from instants (a meeting's day, today, overdue): TIME_ZONE. */
  timeZone: string;
  projections: {
    /** The most events a live runner reads and writes in one batch (PROJECTION_BATCH_SIZE). */
    batchSize: number;
    /**
     * The most events a batch holds while a runner builds a read model in
     * shadow tables: a requested rebuild, or a first build on a backlog
     * (PROJECTION_REBUILD_BATCH_SIZE). Nobody reads those tables until they
     * are swapped in, so larger batches cost no freshness (docs/performance.md, "Rebuild").
     */
    rebuildBatchSize: number;
    idlePollMs: number;
    retryDelayMs: number;
    /** How long a read with `afterPosition` waits for the read model before answering 503. */
    readYourWritesTimeoutMs: number;
  };
  /**
   * The annual wheel's rhythm (årshjulets rytm), as months 1–12: the working
   * group proposes next year's wheel (November, in the year before), the
   * chairs' council adopts it (December; a month before the proposal's falls in
   * the wheel's own year), and a revision is proposed in the wheel's own year
   * (June).
   */
  annualWheel: { proposalMonth: number; adoptionMonth: number; revisionMonth: number };
  reactions: {
    /**
     * How long a command whose move spans two aggregates (a meeting item's
     * outcome, an assignment's approval, the annual wheel's adoption) waits for
     * its second step before answering; the step follows either way.
     */
    waitMs: number;
  };
  idempotency: {
    /**
     * An Idempotency-Key's claim by a request still running expires after this
     * long (ms): a retry then takes it over, so a key whose request died with its
     * process is not answered "still being processed" for ever.
     */
    claimTimeoutMs: number;
    /** How long a key and its response are kept (hours); older keys are deleted. */
    retentionHours: number;
    /** How often expired keys are deleted (ms), in small batches off the request path; 0: never. */
    cleanupIntervalMs: number;
  };
  /** The structure register (docs/structure.md). */
  structure: {
    /** The structure file loaded into an empty register: STRUCTURE_FILE, or the built-in Värmland file when unset. */
    file?: string;
    /** `on-start` (default): load it at start-up when the register is empty (on a database with events, the migration from the reference data); `off`: only on `POST /register/seed`. */
    seed: 'on-start' | 'off';
  };
  /** `npm run demo`: the running instance the demo loader sends its commands to. */
  demo: { url: string };
  /** How the outboxes deliver (src/outbox/): the same channels and retry rules for every slice's e-mails. */
  outbox: {
    /** E-mail through this SMTP server (smtp:// or smtps:// URL), if set. */
    smtpUrl?: string;
    /** The From address of the e-mails. */
    mailFrom: string;
    /** POST each notification as JSON to this URL, if set (for a row without an e-mail address, or without SMTP). */
    webhookUrl?: string;
    /** First retry delay after a failed delivery (ms); doubled on each further failure. */
    retryBaseMs: number;
    /** Attempts before a notification is marked failed and left for an operator. */
    maxAttempts: number;
    /** How long rows claimed by an instance stay its own before another may claim them (ms): an instance that died holding a claim. */
    leaseMs: number;
  };
  assignments: {
    /** An open assignment due within this many days (today included) is "due soon". */
    dueSoonDays: number;
    /** How often the reminder outbox scans for due-soon/overdue assignments and delivers pending reminders (ms); 0: off. */
    outboxPollMs: number;
  };
  /** Word to each organisation's registrar (docs/structure.md). */
  registrars: {
    /** How often the registrars' outbox looks for obligations nearing or past their due date and delivers pending word (ms); 0: off. */
    outboxPollMs: number;
    /** A decision or answer owed within this many days (today included) "nears" its due date. */
    dueNearsDays: number;
  };
  auth: {
    /** Local mode: HS256 tokens signed with this secret (generated under dataDir if unset). */
    jwtSecret?: string;
    /** Production mode: an OIDC issuer's JWKS URL; local token minting is then off. */
    jwksUrl?: string;
    issuer: string;
    audience: string;
    /** Who a signed-in person is: the token's claims (`org`, `roles`, `forums`), or the structure register (docs/access.md). */
    rolesFrom: 'claims' | 'register';
  };
  /** The web pages (src/web/, docs/web.md). */
  web: {
    /** How long a browser session lasts after sign-in (hours). */
    sessionHours: number;
    /** Sign-in with OpenID Connect (authorization code + PKCE), if an issuer is set. */
    oidc?: {
      issuer: string;
      clientId: string;
      /** Unset: a public client (PKCE only, no client secret). */
      clientSecret?: string;
      /** Unset: this server's `/web/sign-in/oidc/callback` as the request reached it. */
      redirectUrl?: string;
      scopes: string;
      /** The claims that carry the person's roles (an array or a space-separated string), organisation and name. */
      roleClaim: string;
      organisationClaim: string;
      nameClaim: string;
    };
  };
}

export class ConfigError extends Error {}

/** PROJECTION_REBUILD_BATCH_SIZE unless set: measured on a rebuild of 1M events (docs/performance.md, "Rebuild"). */
export const DEFAULT_REBUILD_BATCH_SIZE = 5_000;

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
  if (env.PUBLIC_BASE_URL && !/^https?:\/\/[^/\s]+(\/[^\s]*)?$/.test(env.PUBLIC_BASE_URL)) {
    problems.push('PUBLIC_BASE_URL must be an http:// or https:// URL');
  }
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }

  const config: AppConfig = {
    nodeEnv: env.NODE_ENV ?? 'development',
    port: int('PORT', 3000, 0, 65535),
    log: { level: (env.LOG_LEVEL || 'info') as AppConfig['log']['level'], format: (env.LOG_FORMAT || 'auto') as AppConfig['log']['format'] },
    databaseUrl,
    dataDir: path.resolve(env.DATA_DIR || 'data'),
    embeddedSharedBuffers: env.EMBEDDED_SHARED_BUFFERS || '32MB',
    eventStore,
    eventStoreUrl,
    bodyLimit: env.BODY_LIMIT || '100kb',
    corsOrigins: (env.CORS_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    rateLimitPerMinute: int('RATE_LIMIT_PER_MINUTE', 600, 1, 1_000_000),
    publicBaseUrl: (env.PUBLIC_BASE_URL || `http://localhost:${int('PORT', 3000, 0, 65535)}`).replace(/\/+$/, ''),
    trustProxy: trustProxy(env.TRUST_PROXY),
    timeZone: env.TIME_ZONE || DEFAULT_TIME_ZONE,
    projections: {
      batchSize: int('PROJECTION_BATCH_SIZE', 2_000, 1, 10_000),
      rebuildBatchSize: int('PROJECTION_REBUILD_BATCH_SIZE', DEFAULT_REBUILD_BATCH_SIZE, 1, 50_000),
      idlePollMs: int('PROJECTION_IDLE_POLL_MS', 50, 5, 60_000),
      retryDelayMs: int('PROJECTION_RETRY_MS', 5_000, 10, 600_000),
      readYourWritesTimeoutMs: int('READ_YOUR_WRITES_TIMEOUT_MS', 2_000, 0, 60_000),
    },
    annualWheel: {
      proposalMonth: int('WHEEL_PROPOSAL_MONTH', 11, 1, 12),
      adoptionMonth: int('WHEEL_ADOPTION_MONTH', 12, 1, 12),
      revisionMonth: int('WHEEL_REVISION_MONTH', 6, 1, 12),
    },
    reactions: { waitMs: int('REACTION_WAIT_MS', 2_000, 0, 60_000) },
    idempotency: {
      claimTimeoutMs: int('IDEMPOTENCY_CLAIM_TIMEOUT_MS', 30_000, 100, 3_600_000),
      retentionHours: int('IDEMPOTENCY_RETENTION_HOURS', 24, 1, 8_760),
      cleanupIntervalMs: int('IDEMPOTENCY_CLEANUP_INTERVAL_MS', 600_000, 0, 86_400_000),
    },
    structure: {
      file: env.STRUCTURE_FILE ? path.resolve(env.STRUCTURE_FILE) : undefined,
      seed: (env.STRUCTURE_SEED || 'on-start') as AppConfig['structure']['seed'],
    },
    demo: { url: (env.DEMO_URL || 'http://localhost:3000').replace(/\/+$/, '') },
    outbox: {
      smtpUrl: env.SMTP_URL || undefined,
      mailFrom: env.MAIL_FROM || 'fragespar@localhost',
      webhookUrl: env.WEBHOOK_URL || undefined,
      retryBaseMs: int('OUTBOX_RETRY_BASE_MS', 30_000, 1, 86_400_000),
      maxAttempts: int('OUTBOX_MAX_ATTEMPTS', 8, 1, 100),
      leaseMs: int('OUTBOX_LEASE_MS', 60_000, 1_000, 86_400_000),
    },
    assignments: {
      dueSoonDays: int('ASSIGNMENT_DUE_SOON_DAYS', 7, 0, 365),
      outboxPollMs: int('OUTBOX_POLL_MS', 30_000, 0, 86_400_000),
    },
    registrars: {
      outboxPollMs: int('REGISTRAR_OUTBOX_POLL_MS', 30_000, 0, 86_400_000),
      dueNearsDays: int('REGISTRAR_DUE_NEARS_DAYS', 7, 0, 365),
    },
    auth: {
      jwtSecret: env.AUTH_JWT_SECRET || undefined,
      jwksUrl: env.AUTH_JWKS_URL || undefined,
      issuer: env.AUTH_ISSUER || 'fragespar-local',
      audience: env.AUTH_AUDIENCE || 'fragespar',
      rolesFrom: (env.ROLES_FROM || 'claims') as AppConfig['auth']['rolesFrom'],
    },
    web: {
      sessionHours: int('WEB_SESSION_HOURS', 8, 1, 24 * 30),
      oidc: env.WEB_OIDC_ISSUER
        ? {
            issuer: env.WEB_OIDC_ISSUER,
            clientId: env.WEB_OIDC_CLIENT_ID ?? '',
            clientSecret: env.WEB_OIDC_CLIENT_SECRET || undefined,
            redirectUrl: env.WEB_OIDC_REDIRECT_URL || undefined,
            scopes: env.WEB_OIDC_SCOPES || 'openid profile',
            roleClaim: env.WEB_OIDC_ROLE_CLAIM || 'roles',
            organisationClaim: env.WEB_OIDC_ORGANISATION_CLAIM || 'org',
            nameClaim: env.WEB_OIDC_NAME_CLAIM || 'name',
          }
        : undefined,
    },
  };
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(config.log.level)) {
    problems.push(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "${env.LOG_LEVEL}"`);
  }
  if (!['auto', 'json', 'pretty'].includes(config.log.format)) {
    problems.push(`LOG_FORMAT must be auto, json or pretty, got "${env.LOG_FORMAT}"`);
  }
  if (!/^\d+(kB|MB|GB)$/.test(config.embeddedSharedBuffers)) {
    problems.push(`EMBEDDED_SHARED_BUFFERS must be a size such as 32MB, 64MB or 1GB, got "${env.EMBEDDED_SHARED_BUFFERS}"`);
  }
  if (!['on-start', 'off'].includes(config.structure.seed)) {
    problems.push(`STRUCTURE_SEED must be on-start or off, got "${env.STRUCTURE_SEED}"`);
  }
  if (!['claims', 'register'].includes(config.auth.rolesFrom)) {
    problems.push(`ROLES_FROM must be claims or register, got "${env.ROLES_FROM}"`);
  }
  if (config.structure.file && !fs.existsSync(config.structure.file)) {
    problems.push(`STRUCTURE_FILE names ${config.structure.file}, which does not exist`);
  }
  if (!/^https?:\/\/[^/\s]+/.test(config.demo.url)) {
    problems.push(`DEMO_URL must be an http:// or https:// URL, got "${env.DEMO_URL}"`);
  }
  if (config.outbox.smtpUrl && !/^smtps?:\/\/[^/\s]+/.test(config.outbox.smtpUrl)) {
    problems.push(`SMTP_URL must be an smtp:// or smtps:// URL, got "${env.SMTP_URL}"`);
  }
  if (config.outbox.webhookUrl && !/^https?:\/\/[^/\s]+/.test(config.outbox.webhookUrl)) {
    problems.push(`WEBHOOK_URL must be an http:// or https:// URL, got "${env.WEBHOOK_URL}"`);
  }
  if (!isTimeZone(config.timeZone)) {
    problems.push(`TIME_ZONE must be an IANA time zone such as Europe/Stockholm, got "${env.TIME_ZONE}"`);
  }
  if (config.idempotency.claimTimeoutMs > config.idempotency.retentionHours * 3_600_000) {
    problems.push('IDEMPOTENCY_CLAIM_TIMEOUT_MS must not exceed IDEMPOTENCY_RETENTION_HOURS: a claim must expire before its key is deleted');
  }
  if (config.auth.jwtSecret && config.auth.jwtSecret.length < 32) {
    problems.push('AUTH_JWT_SECRET must be at least 32 characters');
  }
  if (config.web.oidc && !/^https?:\/\/[^/\s]+/.test(config.web.oidc.issuer)) {
    problems.push(`WEB_OIDC_ISSUER must be an http:// or https:// URL, got "${env.WEB_OIDC_ISSUER}"`);
  }
  if (config.web.oidc && !config.web.oidc.clientId) {
    problems.push('WEB_OIDC_CLIENT_ID is required when WEB_OIDC_ISSUER is set');
  }
  if (config.web.oidc?.redirectUrl && !/^https?:\/\/[^/\s]+/.test(config.web.oidc.redirectUrl)) {
    problems.push(`WEB_OIDC_REDIRECT_URL must be an http:// or https:// URL, got "${env.WEB_OIDC_REDIRECT_URL}"`);
  }
  if (!config.auth.jwksUrl && config.nodeEnv === 'production') {
    problems.push('NODE_ENV=production requires AUTH_JWKS_URL: local token mode is for trying the service only');
  }

  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n- ${problems.join('\n- ')}`);
  }
  return config;
}

/** TRUST_PROXY: unset/`false`, `true`, a hop count (`1`), or addresses/subnets as Express takes them (`loopback, 10.0.0.0/8`). */
function trustProxy(raw: string | undefined): boolean | number | string {
  const value = (raw ?? '').trim();
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
