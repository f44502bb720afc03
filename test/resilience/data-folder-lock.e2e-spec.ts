import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { TokenVerifier } from '../../src/auth/token-verifier';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { DataDirLocked, LOCK_FILE, lockDataDir } from '../../src/database/data-dir-lock';
import { openDatabase } from '../../src/database/database';
import { TEST_JWT_SECRET } from '../support/test-app';
import { TestDatabase, createTestDatabase } from '../support/test-database';

const ROOT = path.resolve(__dirname, '../..');

/** Runs a TypeScript entry point in a process of its own (test/support/transpile-register.mjs), as `npm run …` runs its build. */
function runTs(file: string, env: Record<string, string>, timeoutMs = 120_000): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  const child = spawn(
    process.execPath,
    ['--import', path.join(ROOT, 'test/support/transpile-register.mjs'), '-e', "require(require('node:path').resolve(process.argv[1]))", file],
    { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    }),
  );
}

/**
 * The embedded database's data folder is used by one process at a time. With
 * the server running on a folder, the server started again, and each script
 * that opens the database (projections:rebuild, audit:verify, audit:replay),
 * refuse at once with one line saying what to do — and nothing of the running
 * server's data is damaged: it answers the same before and after, and after a
 * restart. A lock left by a killed process is taken over. Embedded only: a
 * PostgreSQL server serves many processes.
 */
describe('One process per data folder (embedded database)', () => {
  const embedded = !process.env.DATABASE_URL;
  let testDatabase: TestDatabase;
  let config: AppConfig;
  let app: INestApplication | undefined;
  let chair: string;

  const start = async () => {
    app = await createApp(config, {}, ['error']);
    await app.init();
    chair = await app.get(TokenVerifier).mint({ userId: 'anna.chair', displayName: 'Anna', organisationId: 'region-varmland', roles: ['chair'] });
  };
  const get = (url: string) => request(app!.getHttpServer()).get(url).set('Authorization', `Bearer ${chair}`);
  /** What the read models answer: the outstanding log, the follow-up matrix, the meetings. */
  const readModels = async (afterPosition: string) => ({
    log: (await get(`/log?afterPosition=${afterPosition}`).expect(200)).body,
    followUp: (await get(`/follow-up?afterPosition=${afterPosition}`).expect(200)).body,
    meetings: (await get(`/meetings?afterPosition=${afterPosition}`).expect(200)).body,
  });

  let position: string;
  let questionId: string;
  let before: Awaited<ReturnType<typeof readModels>>;

  beforeAll(async () => {
    if (!embedded) return;
    testDatabase = await createTestDatabase();
    config = loadConfig({
      ...process.env,
      DATABASE_URL: '',
      DATA_DIR: testDatabase.settings.dataDir,
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      EVENT_STORE: 'postgres',
    });
    await start();
    const post = (url: string, body: object) => request(app!.getHttpServer()).post(url).set('Authorization', `Bearer ${chair}`).send(body);
    const raised = await post('/questions', {
      title: 'Gemensam avfallsplan',
      description: 'En avfallsplan för hela länet.',
      raisedBy: { kind: 'organisation', id: 'kil' },
      topicArea: 'Miljö',
    }).expect(201);
    questionId = raised.body.questionId;
    await post(`/questions/${questionId}/accept`, {
      forum: 'council',
      logic: 'process',
      responsible: { name: 'Karin Berg', organisationId: 'region-varmland' },
    }).expect(200);
    const secretary = await app!
      .get(TokenVerifier)
      .mint({ userId: 'sara', displayName: 'Sara', organisationId: 'region-varmland', roles: ['secretary'], forums: ['council'] });
    const planned = await request(app!.getHttpServer())
      .post('/meetings')
      .set('Authorization', `Bearer ${secretary}`)
      .send({
        forum: 'council',
        title: 'Värmlandsrådet mars',
        startsAt: '2027-03-11T09:00:00+01:00',
        agendaDeadline: '2027-02-25T16:00:00+01:00',
        place: 'Karlstad',
      })
      .expect(201);
    position = planned.body.position;
    before = await readModels(position);
    expect(before.log.items?.length ?? before.log.length).toBeGreaterThan(0);
  });
  afterAll(async () => {
    await app?.close();
    await testDatabase?.drop();
  });

  it('refuses the server and every script started on the folder while the server runs, at once and in one line; the server is unharmed', async () => {
    if (!embedded) return;
    const env = { DATABASE_URL: '', DATA_DIR: testDatabase.settings.dataDir, AUTH_JWT_SECRET: TEST_JWT_SECRET, PORT: '0' };
    const entries = ['src/main.ts', 'src/projections/rebuild.cli.ts', 'src/audit/verify.cli.ts', 'src/audit/replay.cli.ts'];
    // Each checks the folder before it loads the application, so it answers in about the time Node takes to start.
    const results = await Promise.all(entries.map((entry) => runTs(entry, env)));
    for (const [i, result] of results.entries()) {
      const message = result.stderr.trim();
      expect({ entry: entries[i], code: result.code, stdout: result.stdout }).toEqual({ entry: entries[i], code: 1, stdout: '' });
      expect(message.split('\n')).toHaveLength(1);
      expect(message).toContain(`The data folder ${testDatabase.settings.dataDir} is in use by node`);
      expect(message).toContain(`process ${process.pid}`);
    }
    expect(results[0].stderr).toContain('give this one a DATA_DIR of its own');
    expect(results[1].stderr).toContain('POST /admin/projections/rebuild');
    expect(results[2].stderr).toContain('GET /audit/verify');
    expect(results[3].stderr).toContain('Stop the server and run this again');

    // Still this process's folder, and its answers are what they were.
    expect(JSON.parse(fs.readFileSync(path.join(testDatabase.settings.dataDir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    expect(await readModels(position)).toEqual(before);
    expect((await request(app!.getHttpServer()).get('/health/ready')).body).toEqual({ ready: true, notReady: [] });
  });

  it('refuses a second open of the folder in the same process too', async () => {
    if (!embedded) return;
    await expect(openDatabase({ dataDir: testDatabase.settings.dataDir })).rejects.toThrow(DataDirLocked);
  });

  it('after a restart on the same folder, every answer is the same', async () => {
    if (!embedded) return;
    await app!.close();
    app = undefined;
    expect(fs.existsSync(path.join(testDatabase.settings.dataDir, LOCK_FILE))).toBe(false);
    await start();
    expect(await readModels(position)).toEqual(before);
    await get(`/questions/${questionId}`).expect(200);
  });

  it('takes over a lock left by a process that was killed', async () => {
    if (!embedded) return;
    const folder = fs.mkdtempSync(path.join(path.dirname(testDatabase.settings.dataDir), 'fragespar-lock-'));
    try {
      const script = path.join(folder, 'hold.ts');
      fs.writeFileSync(
        script,
        `import { lockDataDir } from ${JSON.stringify(path.join(ROOT, 'src/database/data-dir-lock'))};\n` +
          `lockDataDir(${JSON.stringify(folder)}, 'a holder');\nprocess.kill(process.pid, 'SIGKILL');\n`,
      );
      const killed = await runTs(script, {});
      expect(killed.code).toBeNull();
      const left = JSON.parse(fs.readFileSync(path.join(folder, LOCK_FILE), 'utf8'));
      expect(left.purpose).toBe('a holder');

      const lock = lockDataDir(folder, 'the next process');
      expect(lock.tookOverFrom?.pid).toBe(left.pid);
      expect(JSON.parse(fs.readFileSync(path.join(folder, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
      lock.release();
      expect(fs.existsSync(path.join(folder, LOCK_FILE))).toBe(false);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
