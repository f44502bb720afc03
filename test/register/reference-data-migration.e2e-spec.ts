import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { TokenVerifier } from '../../src/auth/token-verifier';
import { loadConfig } from '../../src/config/app-config';
import { DEMO_ACTORS, DemoResult, DemoTransport, addDays, loadDemoYear, registrarOf } from '../../src/demo/demo-year';
import { Actor, EVENT_STORE, EventStore, formatPosition } from '../../src/event-store/event-store.port';
import { FORUM_IDS } from '../../src/reference-data/forums';
import { ORGANISATION_IDS } from '../../src/reference-data/organisations';
import { demoOverHttp, demoToken } from '../support/demo-over-http';
import { TEST_JWT_SECRET } from '../support/test-app';
import { TestDatabase, createTestDatabase } from '../support/test-database';

/**
 * The migration from the fixed reference data (docs/structure.md, "First
 * start"): a database holding the demo year as the release before the
 * register stored it — its events name today's organisation and forum ids, its
 * register is empty — is started with the default settings. The start loads
 * Värmland's structure file once, under the migration lock: the register then
 * answers for every id those events name, the year reads exactly as before,
 * commands naming today's ids still work, and a restart appends nothing.
 */
describe('first start on a database holding the demo year from before the register', () => {
  let database: TestDatabase;
  let app: INestApplication | undefined;
  let demo: DemoResult;
  let before: Awaited<ReturnType<typeof answers>>;

  const start = async (env: Record<string, string> = {}) => {
    const config = loadConfig({
      ...process.env,
      DATABASE_URL: database.settings.databaseUrl ?? '',
      DATA_DIR: database.settings.dataDir,
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      EVENT_STORE: 'postgres',
      RATE_LIMIT_PER_MINUTE: '100000',
      OUTBOX_POLL_MS: '0',
      ...env,
    });
    const started = await createApp(config, {}, ['error']);
    await started.init();
    return started;
  };
  const stop = async () => {
    await app?.close();
    app = undefined;
  };
  const tokenFor = (actor: Actor) => demoToken({ app: app! }, actor);
  const post = async (actor: Actor, path: string, body: object) =>
    request(app!.getHttpServer())
      .post(path)
      .set('Authorization', `Bearer ${await tokenFor(actor)}`)
      .send(body);
  const ok = async (actor: Actor, path: string, body: object) => {
    const response = await post(actor, path, body);
    expect({ path, refused: response.status >= 300 ? (response.body as unknown) : undefined }).toEqual({ path, refused: undefined });
    return response.body as { questionId: string };
  };
  const get = async (path: string) => {
    const response = await request(app!.getHttpServer())
      .get(path)
      .set('Authorization', `Bearer ${await tokenFor(DEMO_ACTORS.chair)}`);
    expect({ path, status: response.status }).toEqual({ path, status: 200 });
    return response.body as unknown;
  };
  const answers = async () => {
    const after = `afterPosition=${demo.lastPosition}`;
    return {
      questions: await get(`/questions?limit=500&${after}`),
      matrix: await get(`/follow-up?${after}`),
      karlstad: await get(`/organisations/karlstad/follow-up?asOf=${addDays(demo.anchor, 60)}&${after}`),
      timeline: await get(`/questions/${demo.questions.strandskydd}/timeline?limit=500&${after}`),
    };
  };
  const registerEvents = () => app!.get<EventStore>(EVENT_STORE).readStream('register-structure');

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await start({ STRUCTURE_SEED: 'off' });
    // The release before the register had no /register routes: the demo's register steps are left out, so its events name only today's ids.
    const http = demoOverHttp({
      get app() {
        return app!;
      },
    });
    const withoutRegister: DemoTransport = {
      post: (actor, key, path, body) =>
        path.startsWith('/register') ? Promise.resolve({ position: '0.0', personId: 'none' } as never) : http.post(actor, key, path, body),
      get: (actor, path) => (path.startsWith('/register') ? Promise.resolve({ loaded: true, forums: [] }) : http.get(actor, path)),
    };
    demo = await loadDemoYear(withoutRegister);
    expect(await registerEvents()).toEqual([]);
    before = await answers();
    await stop();
    // The demo year on the embedded database under a shared machine's load takes minutes.
  }, 900_000);
  afterAll(async () => {
    await stop();
    await database?.drop();
  });

  it('the first start with the default settings loads Värmland’s structure once, by the system, and the register answers for every id the year names', async () => {
    app = await start();
    const events = await registerEvents();
    // 17 organisations, 7 forums and the chairs' council's renaming, in one append.
    expect(events).toHaveLength(25);
    expect(new Set(events.map((event) => event.metadata.commandId)).size).toBe(1);
    expect(events[0].metadata.actor.userId).toBe('system');

    const register = (await get(`/register?asOf=${demo.anchor}&afterPosition=${formatPosition(events[24].position)}`)) as {
      loaded: boolean;
      organisations: Array<{ id: string }>;
      forums: Array<{ id: string }>;
    };
    expect(register.loaded).toBe(true);
    expect(register.organisations.map((organisation) => organisation.id).sort()).toEqual([...ORGANISATION_IDS].sort());
    expect(register.forums.map((forum) => forum.id).sort()).toEqual([...FORUM_IDS].sort());
    // Every answer is as before, but for what only a register can say: the forum each timeline step names, as named then.
    const now = await answers();
    const withoutForumNames = (answer: Awaited<ReturnType<typeof answers>>) => ({
      ...answer,
      timeline: {
        ...(answer.timeline as object),
        items: (answer.timeline as { items: Array<Record<string, unknown>> }).items.map(({ forums: _forums, ...entry }) => entry),
      },
    });
    expect(withoutForumNames(now)).toEqual(withoutForumNames(before));
    const beforeNames = (before.timeline as { items: Array<{ forums: unknown[] }> }).items.flatMap((entry) => entry.forums);
    const namesNow = (now.timeline as { items: Array<{ forums: Array<{ id: string; nameThen: string }> }> }).items.flatMap((entry) => entry.forums);
    expect(beforeNames).toEqual([]);
    expect(namesNow.length).toBeGreaterThan(0);
    expect(namesNow.every((forum) => FORUM_IDS.includes(forum.id as never) && forum.nameThen.length > 0)).toBe(true);
  }, 120_000);

  it('commands naming today’s ids keep working: an overdue party records its decision on the year’s position, a new position names member organisations', async () => {
    await ok(registrarOf('filipstad'), `/questions/${demo.questions.strandskydd}/decisions`, {
      organisationId: 'filipstad',
      body: 'municipal-executive-board',
      decidedOn: addDays(demo.anchor, -5),
      reference: 'KS § 12',
      outcome: 'adopted',
    });

    const { questionId } = await ok(DEMO_ACTORS.chair, '/questions', {
      title: 'Efter uppgraderingen',
      description: 'En ny fråga på en uppgraderad databas.',
      raisedBy: { kind: 'forum', id: 'chairs-council' },
      topicArea: 'Samhällsplanering',
    });
    await ok(DEMO_ACTORS.chair, `/questions/${questionId}/accept`, {
      forum: 'chairs-council',
      logic: 'decision',
      responsible: { givenName: 'Karin', familyName: 'Berg', organisationId: 'region-varmland' },
    });
    await ok(DEMO_ACTORS.workingGroup, `/questions/${questionId}/decision-documents`, {
      reference: 'OR 2026/1',
      title: 'Beslutsunderlag',
      proposedPosition: 'Att ställa sig bakom',
    });
    await ok(DEMO_ACTORS.chair, `/questions/${questionId}/position`, {
      text: 'Ordföranderådet ställer sig bakom',
      organisationsToDecide: ['kil', 'karlstad'],
      decideBy: addDays(demo.anchor, 400),
    });
    const outsider = await post(DEMO_ACTORS.chair, `/questions/${questionId}/position`, {
      text: 'Ordföranderådet ställer sig bakom',
      organisationsToDecide: ['oslo'],
      decideBy: addDays(demo.anchor, 400),
    });
    expect(outsider.status).toBeGreaterThanOrEqual(400);
    expect(outsider.status).toBeLessThan(500);
  }, 120_000);

  it('a restart appends nothing to the register', async () => {
    const count = (await registerEvents()).length;
    await stop();
    app = await start();
    expect(await registerEvents()).toHaveLength(count);
  }, 120_000);
});

/**
 * Instances started at the same moment on a database with events and no
 * register: the migration lock lets one load the structure, the other finds it
 * loaded. A server database only: the embedded one is opened by one process.
 */
const onServer = process.env.TEST_DB_KIND === 'embedded' ? describe.skip : describe;
onServer('two instances starting together on a database from before the register', () => {
  let database: TestDatabase;
  const apps: INestApplication[] = [];
  const start = async (env: Record<string, string> = {}) => {
    const started = await createApp(
      loadConfig({
        ...process.env,
        DATABASE_URL: database.settings.databaseUrl ?? '',
        DATA_DIR: database.settings.dataDir,
        AUTH_JWT_SECRET: TEST_JWT_SECRET,
        EVENT_STORE: 'postgres',
        OUTBOX_POLL_MS: '0',
        ...env,
      }),
      {},
      ['error'],
    );
    apps.push(started);
    await started.init();
    return started;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    for (const started of apps) await started.close();
    await database?.drop();
  });

  it('load the structure once', async () => {
    const first = await start({ STRUCTURE_SEED: 'off' });
    const chair = await first.get(TokenVerifier).mint({ userId: 'ordf', displayName: 'Ordförande', organisationId: 'region-varmland', roles: ['chair'] });
    await request(first.getHttpServer())
      .post('/questions')
      .set('Authorization', `Bearer ${chair}`)
      .send({ title: 'Före registret', description: 'Beskrivning', raisedBy: { kind: 'organisation', id: 'kil' }, topicArea: 'Kultur' })
      .expect(201);
    await first.close();
    apps.length = 0;

    const [one] = await Promise.all([start(), start()]);
    const events = await one.get<EventStore>(EVENT_STORE).readStream('register-structure');
    expect(events).toHaveLength(25);
    expect(new Set(events.map((event) => event.metadata.commandId)).size).toBe(1);
  }, 120_000);
});
