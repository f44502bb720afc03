import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import { openDatabase } from '../../src/database/database';
import { APP_MIGRATIONS } from '../../src/app-modules';
import { DEMO_ACTORS, DemoResult, addDays, loadDemoYear } from '../../src/demo/demo-year';
import { demoOverHttp, demoToken } from '../support/demo-over-http';
import { TEST_JWT_SECRET } from '../support/test-app';
import { TestDatabase, createTestDatabase, openMigratedDatabase } from '../support/test-database';
import { runTs } from '../support/run-ts';

/** The migrations the release before the newest did not have: undone, they leave that release's schema. */
const NEWEST = 3;

/**
 * Upgrades (docs/operations.md "Upgrades") on a database holding a realistic
 * year, the demo: brought back to the previous release's schema by undoing the
 * newest migrations (their `down`; the application itself only migrates
 * forward), a new start migrates it forward under the lock, answers exactly as
 * before, and the tools, each in a process of its own as an operator runs
 * them, find every hash chain intact and the read models equal to a replay of
 * the events, and answer the same after a rebuild.
 */
describe('an upgrade on a database holding the demo year', () => {
  let database: TestDatabase;
  let app: INestApplication | undefined;
  let demo: DemoResult;
  let before: Record<string, unknown>;

  const env = () => ({
    DATABASE_URL: database.settings.databaseUrl ?? '',
    DATA_DIR: database.settings.dataDir,
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
    EVENT_STORE: 'postgres',
    RATE_LIMIT_PER_MINUTE: '100000',
    LOG_LEVEL: 'warn',
  });
  const start = async () => {
    app = await createApp(loadConfig({ ...process.env, ...env() }), {}, ['error']);
    await app.init();
  };
  const stop = async () => {
    await app?.close();
    app = undefined;
  };
  const get = async (path: string) => {
    const response = await request(app!.getHttpServer())
      .get(path)
      .set('Authorization', `Bearer ${await demoToken({ app: app! }, DEMO_ACTORS.chair)}`);
    expect({ path, status: response.status }).toEqual({ path, status: 200 });
    return response.body as unknown;
  };
  /** What people read of the year: every list a read model answers, each once caught up with the last command. */
  const answers = async () => {
    const after = `afterPosition=${demo.lastPosition}`;
    return {
      log: await get(`/log?limit=500&${after}`),
      questions: await get(`/questions?limit=500&${after}`),
      matrix: await get(`/follow-up?${after}`),
      karlstad: await get(`/organisations/karlstad/follow-up?${after}`),
      karlstadAsOf: await get(`/organisations/karlstad/follow-up?asOf=${addDays(demo.anchor, 60)}&${after}`),
      timeline: await get(`/questions/${demo.questions.strandskydd}/timeline?limit=500&${after}`),
    };
  };
  const migrationsRun = async () => {
    const opened = await openDatabase(database.settings);
    try {
      return (await opened.pool.query<{ name: string }>(`SELECT name FROM migrations ORDER BY id`)).rows.map((row) => row.name);
    } finally {
      await opened.close();
    }
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    await start();
    demo = await loadDemoYear(demoOverHttp({ app: app! }));
    before = await answers();
    await stop();
  }, 300_000);
  afterAll(async () => {
    await stop();
    await database?.drop();
  });

  it('from the previous release schema, a start migrates forward under the lock and answers as before', async () => {
    const { database: opened, dataSource } = await openMigratedDatabase(database);
    try {
      for (let i = 0; i < NEWEST; i++) await dataSource.undoLastMigration({ transaction: 'each' });
    } finally {
      await dataSource.destroy();
      await opened.close();
    }
    const names = APP_MIGRATIONS.map((migration) => migration.name);
    expect(await migrationsRun()).toEqual(names.slice(0, -NEWEST));

    await start();
    try {
      expect(await answers()).toEqual(before);
    } finally {
      await stop();
    }
    expect(await migrationsRun()).toEqual(names);
  }, 300_000);

  it('the tools, each a process of its own: verify is clean, the read models equal a replay, a rebuild answers the same', async () => {
    // On the embedded database the tools need the folder to themselves: the app is stopped (it is, after each test).
    const verify = await runTs('src/audit/verify.cli.ts', env());
    expect({ code: verify.code, stderr: verify.stderr }).toEqual({ code: 0, stderr: '' });
    // The demo's streams: 12 questions, 8 meetings (3 of its own, 5 the annual wheel scheduled), 2 assignments, 1 annual wheel, 1 structure register.
    expect(verify.stdout).toMatch(/Checked \d+ events in 24 streams/);
    expect(verify.stdout).toContain('Every hash chain holds.');

    const replay = await runTs('src/audit/replay.cli.ts', env());
    expect({ code: replay.code, stderr: replay.stderr }).toEqual({ code: 0, stderr: '' });
    expect(replay.stdout).toContain('The live read models equal the replay of the events.');
    expect(replay.stdout).toMatch(/Question: 12 streams, \d+ events folded, 0 failed/);
    expect(replay.stdout).toMatch(/Register: 1 streams, \d+ events folded, 0 failed/);

    const rebuild = await runTs('src/projections/rebuild.cli.ts', env());
    expect({ code: rebuild.code, stderr: rebuild.stderr }).toEqual({ code: 0, stderr: '' });
    expect(rebuild.stdout).toMatch(/Rebuild complete in [\d.]+ s\./);

    // The rebuilt models answer as the ones built event by event did.
    await start();
    try {
      expect(await answers()).toEqual(before);
    } finally {
      await stop();
    }
  }, 600_000);
});
