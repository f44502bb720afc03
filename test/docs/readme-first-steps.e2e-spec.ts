import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { TestApp, startTestApp } from '../support/test-app';

const ROOT = path.resolve(__dirname, '../..');

/** The first ```bash block under "## First steps" in the README, exactly as a reader would paste it. */
export function firstStepsBlock(readme: string): string {
  const section = readme.slice(readme.indexOf('## First steps'));
  const block = /```bash\n([\s\S]*?)```/.exec(section.slice(0, section.indexOf('\n## ', 3)));
  if (!block) throw new Error('README.md has no ```bash block under "## First steps"');
  return block[1];
}

function runShell(script: string, env: Record<string, string | undefined>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // -e and pipefail: any command of the block that fails (curl -f on a 4xx, a token that cannot be minted) fails the run.
  const child = spawn('bash', ['-e', '-o', 'pipefail', '-c', script], { cwd: ROOT, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 280_000);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

/**
 * The README's "First steps" work when pasted as they stand: the block is run
 * by bash against a started server (on a port of its own, with a DATA_DIR of
 * its own holding the secret the server generated), with `BASE` and
 * `DATA_DIR` set as a reader who started the server that way would set them.
 * So the README cannot drift from the code.
 */
describe('README "First steps"', () => {
  let t: TestApp;
  let base: string;

  beforeAll(async () => {
    // No AUTH_JWT_SECRET: the server generates its secret under DATA_DIR, and the README's token command must find it there.
    t = await startTestApp({ env: { AUTH_JWT_SECRET: '' } });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  }, 120_000);
  afterAll(() => t?.close());

  it('raises a question, reads it back and finds it in the outstanding log, as pasted', async () => {
    const block = firstStepsBlock(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
    expect(block).toContain('BASE=');
    expect(block).not.toMatch(/localhost:3000\/(questions|log)/);
    const env: Record<string, string | undefined> = { ...process.env, BASE: base, DATA_DIR: t.database.settings.dataDir };
    delete env.AUTH_JWT_SECRET;
    delete env.AUTH_JWKS_URL;
    const run = await runShell(block, env);
    expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });

    const questionId = /^New question: ([0-9a-f-]{36})$/m.exec(run.stdout)?.[1];
    expect(questionId).toBeDefined();
    expect(run.stdout).toContain('"title":"Utvidgat strandskydd"');
    // The outstanding log read with the command's position shows the new question: read-your-writes, as the README says.
    expect(run.stdout.match(new RegExp(`"id":"${questionId}"`, 'g'))?.length).toBeGreaterThanOrEqual(1);
    const stored = await t
      .http()
      .get(`/questions/${questionId}`)
      .set('Authorization', `Bearer ${await t.token('chair')}`);
    expect(stored.body).toMatchObject({ title: 'Utvidgat strandskydd', stage: 'raised' });
  }, 300_000);

  it("answers /health without the data folder's path or the database's address", async () => {
    const text = JSON.stringify((await t.http().get('/health').expect(200)).body);
    expect(text).not.toContain(t.database.settings.dataDir);
    expect(text).not.toMatch(/postgres(ql)?:\/\//);
  });
});
