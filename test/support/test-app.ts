import { INestApplication, LogLevel } from '@nestjs/common';
import { DestinationStream } from 'pino';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { TokenVerifier } from '../../src/auth/token-verifier';
import { EVENT_STORE, EventStore, formatPosition } from '../../src/event-store/event-store.port';
import { ProjectionsService } from '../../src/projections/projections.service';
import { loadConfig } from '../../src/config/app-config';
import { Clock } from '../../src/shared-kernel/clock';
import { TestDatabase, createTestDatabase } from './test-database';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-signing';

/** A real application on a database of its own, reached through supertest. */
export interface TestApp {
  app: INestApplication;
  database: TestDatabase;
  http: () => ReturnType<typeof request>;
  /** `forums`: the forums a secretary serves (the token's `forums` claim). */
  token(role: string, organisationId?: string, userId?: string, forums?: string[]): Promise<string>;
  /** Waits until every projection has applied `position` (a command's), or the log's head when none is given: for reads made without afterPosition. */
  caughtUp(position?: string): Promise<void>;
  close(): Promise<void>;
}

export async function startTestApp(
  options: { clock?: Clock; env?: Record<string, string>; logDestination?: DestinationStream; logLevels?: LogLevel[] } = {},
): Promise<TestApp> {
  const database = await createTestDatabase({ migrated: true });
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: database.settings.databaseUrl ?? '',
    DATA_DIR: database.settings.dataDir,
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
    EVENT_STORE: 'postgres',
    // A test's log holds what the test did: the structure file is loaded at start only where a test asks (docs/testing.md).
    STRUCTURE_SEED: 'off',
    // A response carries the second step once its reaction has run; on a loaded CI machine
    // that can take longer than the 2 s a deployment waits, and the test would see it later.
    REACTION_WAIT_MS: '20000',
    ...options.env,
  });
  const app = await createApp(config, { clock: options.clock, logDestination: options.logDestination }, options.logLevels ?? ['error']);
  await app.init();
  const verifier = app.get(TokenVerifier);
  return {
    app,
    database,
    http: () => request(app.getHttpServer()),
    token: (role, organisationId = 'region-varmland', userId = `${role}-${organisationId}`, forums?: string[]) =>
      verifier.mint({ userId, displayName: `Test ${role} (${organisationId})`, organisationId, roles: [role], ...(forums ? { forums } : {}) }),
    caughtUp: async (position) => {
      const head = position === undefined ? await app.get<EventStore>(EVENT_STORE).headPosition() : undefined;
      const projections = app.get(ProjectionsService);
      await projections.waitFor(projections.names(), position ?? (head && formatPosition(head)));
    },
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}
