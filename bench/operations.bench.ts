/**
 * The operator's figures (issue "Ready for a municipality's IT to run"): how fast
 * `npm start` and the tools answer once built, how much memory an idle instance
 * holds on an empty embedded database, what a port in use prints. Each is
 * measured as a user runs it: `npm …` in a fresh process, on a fresh DATA_DIR.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Row } from './app-child';
import { DEPLOYED_NODE_FLAGS } from './deployed-node';

const ROOT = path.resolve(__dirname, '..', '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

export async function benchOperations(rows: Row[]): Promise<void> {
  const target = 'embedded (PGlite)';
  const push = (measure: string, value: number, targetValue?: string, met?: boolean) =>
    rows.push({ target, section: 'operations', measure, value, target_value: targetValue, met });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fragespar-ops-bench-'));
  const env = { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'development' };
  try {
    // Built once (the first `npm start` after a change compiles); then the check alone.
    run(process.execPath, ['scripts/build.cjs'], env);
    const check = run(process.execPath, ['scripts/build.cjs'], env);
    push('build check when built, s', check.seconds);

    const port = await freePort();
    // `npm start`'s own command line (package.json), without its build check.
    const first = await startApp([...DEPLOYED_NODE_FLAGS, 'dist/main.js'], { ...env, PORT: String(port) }, process.execPath);
    push('first start to /health/ready (initdb + migrations), s', first.seconds);
    push('RSS MiB after first start, empty embedded database', first.rssMiB, '≤ 350', first.rssMiB <= 350);

    const inUse = run(process.execPath, ['dist/main.js'], { ...env, PORT: String(port) });
    const lines = inUse.stderr.trim().split('\n').filter(Boolean);
    console.log(`port in use: exit ${inUse.status}, stderr: ${inUse.stderr.trim()}`);
    push('port in use: lines printed (one, naming PORT)', lines.length, '1', lines.length === 1 && /PORT/.test(lines[0]));
    await stopApp(first.child);

    const second = await startApp(['start'], { ...env, PORT: String(port) }, NPM);
    push('second `npm start` to /health/ready, s', second.seconds, '≤ 5', second.seconds <= 5);
    push('RSS MiB after second start, empty embedded database', second.rssMiB, '≤ 350', second.rssMiB <= 350);
    const demo = run(NPM, ['run', '--silent', 'demo'], { ...env, DEMO_URL: `http://127.0.0.1:${port}` });
    push('`npm run demo` (a year through the API), s', demo.seconds, '≤ 3', demo.status === 0 && demo.seconds <= 3);
    await stopApp(second.child);

    // The tools open the embedded database themselves: the app is stopped, as their usage says.
    const tools: Array<[string, string[]]> = [
      ['`npm run token`', ['run', '--silent', 'token', '--', '--role', 'chair', '--org', 'region-varmland']],
      ['`npm run audit:verify`', ['run', '--silent', 'audit:verify']],
      ['`npm run audit:replay`', ['run', '--silent', 'audit:replay']],
      ['`npm run projections:rebuild`', ['run', '--silent', 'projections:rebuild']],
    ];
    for (const [name, args] of tools) {
      const tool = run(NPM, args, env);
      if (tool.status !== 0) console.log(`${name} failed: ${tool.stderr}`);
      push(`${name} on the demo year, s`, tool.seconds, '≤ 3', tool.status === 0 && tool.seconds <= 3);
    }
    const file = path.join(dataDir, 'backup.tar.gz');
    const backup = run(NPM, ['run', '--silent', 'backup', '--', file], env);
    push('`npm run backup` of the demo year, s', backup.seconds);
    push('backup size of the demo year, MiB', Math.round((fs.statSync(file).size / 2 ** 20) * 10) / 10);
    const restore = run(NPM, ['run', '--silent', 'restore', '--', file], { ...env, DATA_DIR: path.join(dataDir, 'restored') });
    push('`npm run restore` into an empty folder, s', restore.seconds);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  const seconds = round(Number(process.hrtime.bigint() - started) / 1e9);
  return { seconds, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts the app (node or npm), waits for /health/ready, then 2 s more, and reads its resident memory. */
async function startApp(args: string[], env: NodeJS.ProcessEnv, command: string) {
  const started = process.hrtime.bigint();
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'], detached: true });
  const url = `http://127.0.0.1:${env.PORT}/health/ready`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode} before it was ready`);
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const seconds = round(Number(process.hrtime.bigint() - started) / 1e9);
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  return { child, seconds, rssMiB: rssOfNodeIn(child.pid!) };
}

/** RSS of the node process serving (npm start runs it as a child of npm's shell). */
function rssOfNodeIn(pid: number): number {
  const all = [pid, ...descendants(pid)];
  // By its command line: Node.js 24 names its main thread `MainThread`, which /proc shows as the process's name.
  const node = all.filter((candidate) => {
    const [program = '', ...args] = readCmdline(candidate);
    return path.basename(program) === 'node' && args.some((arg) => /dist\/main\.js$/.test(arg));
  });
  const rss = node.map((candidate) => readStatus(candidate)?.rssKiB ?? 0);
  if (rss.length === 0) throw new Error(`no node process serving dist/main.js under ${pid}`);
  return Math.round(Math.max(...rss) / 1024);
}

function descendants(pid: number): number[] {
  const children = fs.existsSync(`/proc/${pid}/task/${pid}/children`)
    ? fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
    : [];
  return children.flatMap((child) => [child, ...descendants(child)]);
}

function readCmdline(pid: number): string[] {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

function readStatus(pid: number): { rssKiB: number } | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return { rssKiB: Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0) };
  } catch {
    return undefined;
  }
}

/** SIGTERM to the app's process group (npm and the node it started), then wait for it to end. */
async function stopApp(child: ChildProcess): Promise<void> {
  const ended = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid!, 'SIGTERM');
  await ended;
  // npm may end before its child: give the app's own shutdown a moment to close the database.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const round = (value: number) => Math.round(value * 100) / 100;
