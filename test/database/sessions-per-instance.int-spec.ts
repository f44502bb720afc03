import { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { TokenVerifier } from '../../src/auth/token-verifier';
import { loadConfig } from '../../src/config/app-config';
import { ProjectionsService } from '../../src/projections/projections.service';
import { ReactionsService } from '../../src/reactions/reactions.service';
import { TEST_JWT_SECRET } from '../support/test-app';
import { TestDatabase, createTestDatabase } from '../support/test-database';

// Several instances on one PostgreSQL server; the embedded database is opened by one process only.
const onServer = Boolean(loadConfig().databaseUrl);

const INSTANCES = Number(process.env.SESSIONS_TEST_INSTANCES ?? 3);
/** docs/operations.md: the query pool (10), TypeORM's pool (10) and the one session holding every advisory lock. */
const SESSIONS_PER_INSTANCE_AT_MOST = 21;

/**
 * Three instances on one database, started at once, each under a session
 * name of its own (`application_name` in its DATABASE_URL), driven with
 * commands and reads in parallel while `pg_stat_activity` is watched: every
 * instance comes up, none opens more sessions than docs/operations.md
 * budgets, and one session per instance holds every lock it owns — so three
 * instances fit under PostgreSQL's default `max_connections` of 100.
 */
(onServer ? describe : describe.skip)('sessions per instance on one PostgreSQL database', () => {
  let database: TestDatabase;
  let admin: Client;
  let apps: INestApplication[] = [];
  const name = (i: number) => `fragespar-sessions-test-${i}`;

  beforeAll(async () => {
    database = await createTestDatabase();
    admin = new Client({ connectionString: database.settings.databaseUrl });
    await admin.connect();
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await admin?.end();
    await database?.drop();
  });

  /** Sessions of the test database per instance, as PostgreSQL counts them. */
  const sessions = async (): Promise<Map<string, number>> => {
    const { rows } = await admin.query<{ application_name: string; sessions: number }>(
      `SELECT application_name, count(*)::int AS sessions FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() GROUP BY 1`,
    );
    return new Map(rows.map((row) => [row.application_name, row.sessions]));
  };

  it(`${INSTANCES} instances come up together and each holds at most ${SESSIONS_PER_INSTANCE_AT_MOST} sessions, one of them for every lock`, async () => {
    const errors: string[] = [];
    apps = await Promise.all(
      Array.from({ length: INSTANCES }, async (_, i) => {
        const url = new URL(database.settings.databaseUrl!);
        url.searchParams.set('application_name', name(i));
        const config = loadConfig({
          ...process.env,
          DATABASE_URL: url.toString(),
          DATA_DIR: database.settings.dataDir,
          AUTH_JWT_SECRET: TEST_JWT_SECRET,
          EVENT_STORE: 'postgres',
          STRUCTURE_SEED: 'off',
          RATE_LIMIT_PER_MINUTE: '100000',
        });
        const app = await createApp(config, { logDestination: { write: (line: string) => errors.push(line) } }, ['error']);
        await app.init();
        return app;
      }),
    );

    // The most sessions each instance held at once, sampled while it works.
    const peak = new Map<string, number>();
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        for (const [application, count] of await sessions()) peak.set(application, Math.max(peak.get(application) ?? 0, count));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();

    // Every instance answers commands and reads that wait for their own writes, 12 at a time: more than either pool holds.
    const work = Promise.all(
      apps.map(async (app, i) => {
        const chair = await app.get(TokenVerifier).mint({
          userId: `chair-${i}`,
          displayName: 'Test chair',
          organisationId: 'region-varmland',
          roles: ['chair'],
        });
        const http = () => request(app.getHttpServer());
        await Promise.all(
          Array.from({ length: 12 }, async (_, worker) => {
            for (let n = 0; n < 4; n++) {
              const raised = await http()
                .post('/questions')
                .set('Authorization', `Bearer ${chair}`)
                .send({ title: `Fråga ${i}-${worker}-${n}`, description: 'Sessioner.', raisedBy: { kind: 'organisation', id: 'kil' }, topicArea: 'Drift' })
                .expect(201);
              await http().get(`/questions?limit=5&afterPosition=${raised.body.position}`).set('Authorization', `Bearer ${chair}`).expect(200);
            }
          }),
        );
      }),
    );
    try {
      await work;
      for (const app of apps) await request(app.getHttpServer()).get('/health/ready').expect(200);
    } finally {
      sampling = false;
      await sampler;
    }

    const measured = Object.fromEntries([...peak].filter(([application]) => application.startsWith('fragespar-sessions-test-')));
    // Shown in the test's output: docs/operations.md quotes these figures.
    console.log(`peak sessions per instance: ${JSON.stringify(measured)}`);
    expect(Object.keys(measured).sort()).toEqual(Array.from({ length: INSTANCES }, (_, i) => name(i)).sort());
    for (const count of Object.values(measured)) expect(count).toBeLessThanOrEqual(SESSIONS_PER_INSTANCE_AT_MOST);

    // Every projection's and reaction's lock is held once, and each instance holds all it owns on one session.
    const { rows: locks } = await admin.query<{ application_name: string; pid: number; locks: number }>(
      `SELECT a.application_name, l.pid, count(*)::int AS locks FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        GROUP BY 1, 2`,
    );
    const runners = apps[0].get(ProjectionsService).names().length + (await apps[0].get(ReactionsService).statuses()).length;
    expect(locks.reduce((sum, row) => sum + row.locks, 0)).toBe(runners);
    expect(new Set(locks.map((row) => row.application_name)).size).toBe(locks.length);
    expect(errors).toEqual([]);
  }, 240_000);
});
