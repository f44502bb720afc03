#!/usr/bin/env node
// Test runner behind `npm test` (plain Node ESM, no dependencies).
//
// Runs the unit project first, then the two integration runs side by side (TEST_PARALLEL=0:
// one after the other), each line of their output led by [postgres] or [embedded]:
//   1. jest project `unit`
//   2. jest project `integration` against a real PostgreSQL server
//        DATABASE_URL = $TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test),
//        EMBEDDED_DB unset, TEST_DB_KIND=postgres.
//      If that server is not reachable the run is SKIPPED (counts nothing), unless
//      REQUIRE_REAL_POSTGRES=1, in which case that is a failure (.ci/run sets it).
//   3. jest project `integration` against the embedded database (PGlite)
//        DATABASE_URL deleted from the environment, EMBEDDED_DB=1, TEST_DB_KIND=embedded.
//
// Extra arguments (`npm test -- <args>`) are passed to every jest run, e.g. a path filter.
// Jest runs under `node --experimental-vm-modules` (needed by PGlite's dynamic imports).
// A run with no matching test files counts as 0 tests and does not fail (--passWithNoTests).
// The slowest suites of each run and per-run summary lines are printed, then exactly one closing line:
//   N passed, N failed, N skipped
// "failed" also counts test suites that failed to run at all (e.g. a compile error),
// a jest run that crashed without writing its JSON report (1 each) and an unreachable
// PostgreSQL under REQUIRE_REAL_POSTGRES=1 (1), so a failing run never closes on "0 failed".
// Exit code: 0 if every run succeeded, 1 otherwise.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const JEST = join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';
const WORKER_MEMORY_LIMIT = process.env.TEST_WORKER_MEMORY_LIMIT || '2048MB';

const extraArgs = process.argv.slice(2);
const pgUrl = process.env.TEST_DATABASE_URL || DEFAULT_PG_URL;
const requireRealPg = process.env.REQUIRE_REAL_POSTGRES === '1';

/** Hide any password in a connection URL before printing it. */
function redact(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparseable URL>';
  }
}

function banner(text) {
  const line = '='.repeat(Math.max(60, text.length + 8));
  console.log(`\n${line}\n${text}\n${line}`);
}

/** Checks in a child process that a pg Client can connect (3 s timeout). */
function postgresReachable(url) {
  const probe = `
    const { Client } = require('pg');
    const c = new Client({ connectionString: process.env.PROBE_URL, connectionTimeoutMillis: 3000 });
    const t = setTimeout(() => { console.error('timeout'); process.exit(2); }, 3500);
    c.connect()
      .then(() => c.query('SELECT 1'))
      .then(() => c.end())
      .then(() => { clearTimeout(t); process.exit(0); })
      .catch((e) => { console.error(e && e.message ? e.message : String(e)); process.exit(1); });
  `;
  const r = spawnSync(process.execPath, ['-e', probe], {
    cwd: ROOT,
    env: { ...process.env, PROBE_URL: url },
    encoding: 'utf8',
    timeout: 6000,
  });
  const reason = (r.stderr || '').trim().split('\n').pop() || (r.error ? r.error.message : `exit ${r.status}`);
  return { ok: r.status === 0, reason };
}

/** Runs one jest project in a child process; resolves to { name, passed, failed, skipped, ok, note, slowest }. */
async function runJest(name, project, env, extra = extraArgs, prefix = '') {
  if (!prefix) banner(`${name}`);
  else console.log(`${prefix}started: ${name}`);
  const outDir = mkdtempSync(join(tmpdir(), 'fragespar-jest-'));
  const outFile = join(outDir, 'results.json');
  const args = [
    // PGlite loads its WASM/extension modules with dynamic import(); inside jest's vm
    // sandbox that throws ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG without this flag.
    '--experimental-vm-modules',
    '--disable-warning=ExperimentalWarning',
    JEST,
    '--selectProjects',
    project,
    '--json',
    '--outputFile',
    outFile,
    // Integration suites run one at a time in a worker that jest replaces once its heap
    // passes the limit after a suite: each suite's NestJS app, ORM and drivers leave
    // ~50 MB behind in jest's module registries, and one process for every suite reached
    // V8's heap limit and aborted (SIGABRT) before the end (docs/testing.md).
    ...(project === 'integration' ? ['--maxWorkers=1', `--workerIdleMemoryLimit=${WORKER_MEMORY_LIMIT}`] : ['--runInBand']),
    '--passWithNoTests',
    '--forceExit',
    // Integration suites start real databases (PGlite start-up alone can take seconds on a busy 2-core machine).
    ...(project === 'integration' ? ['--testTimeout=60000'] : []),
    ...extra,
  ];
  const started = Date.now();
  const r = await new Promise((resolveRun) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: prefix ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    if (prefix) {
      prefixLines(child.stdout, prefix, process.stdout);
      prefixLines(child.stderr, prefix, process.stdout);
    }
    child.on('error', (error) => resolveRun({ status: null, signal: null, error }));
    child.on('close', (status, signal) => resolveRun({ status, signal, error: null }));
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);

  let json = null;
  if (existsSync(outFile)) {
    try {
      json = JSON.parse(readFileSync(outFile, 'utf8'));
    } catch {
      json = null;
    }
  }
  rmSync(outDir, { recursive: true, force: true });

  if (!json) {
    const why = r.error ? r.error.message : r.signal ? `signal ${r.signal}` : `exit code ${r.status}`;
    return { name, passed: 0, failed: 1, skipped: 0, ok: false, note: `jest crashed, no JSON report (${why}); ${seconds}s`, slowest: [] };
  }
  const passed = json.numPassedTests ?? 0;
  const runtimeErrors = json.numRuntimeErrorTestSuites ?? 0;
  const failed = (json.numFailedTests ?? 0) + runtimeErrors;
  const skipped = (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
  const ok = r.status === 0 && json.success === true && failed === 0;
  const notes = [];
  if (runtimeErrors) notes.push(`${runtimeErrors} suite(s) failed to run`);
  if (!ok && failed === 0) notes.push(`jest exit code ${r.status}`);
  if ((json.numTotalTestSuites ?? 0) === 0) notes.push('no test files');
  notes.push(`${seconds}s`);
  return { name, passed, failed, skipped, ok, note: notes.join('; '), slowest: slowestSuites(json), failures: failuresOf(json) };
}

/**
 * Each failed test (or suite that failed to run) with the first lines of its message,
 * from jest's JSON report: printed beside the summary, since CI often keeps only the
 * end of the output and the failure itself scrolled past long before.
 */
function failuresOf(json, lines = 6) {
  const failures = [];
  for (const suite of json.testResults ?? []) {
    const file = relative(ROOT, suite.name ?? suite.testFilePath ?? '');
    const failedTests = (suite.assertionResults ?? []).filter((test) => test.status === 'failed');
    for (const test of failedTests) {
      failures.push({ file, title: test.fullName ?? test.title, message: firstLines((test.failureMessages ?? []).join('\n'), lines) });
    }
    if (failedTests.length === 0 && suite.status === 'failed')
      failures.push({ file, title: '(the suite failed to run)', message: firstLines(suite.message ?? '', lines) });
  }
  return failures;
}

function firstLines(text, count) {
  // eslint-disable-next-line no-control-regex
  const plain = text.replace(/\u001b\[[0-9;]*m/g, '');
  const kept = [];
  let where = false;
  for (const line of plain.split('\n').map((each) => each.trimEnd())) {
    const frame = /^\s*at /.test(line);
    // The message, and of the stack only the first frame outside node_modules: the test's own line.
    if (line.trim() === '' || (frame && (where || line.includes('node_modules')))) continue;
    if (frame) where = true;
    kept.push(line);
  }
  return kept.slice(0, count).join('\n');
}

/** Writes a child's output line by line, each line led by `prefix`, so two runs side by side stay readable. */
function prefixLines(stream, prefix, out) {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop();
    for (const line of lines) out.write(`${prefix}${line}\n`);
  });
  stream.on('end', () => {
    if (rest) out.write(`${prefix}${rest}\n`);
  });
}

/** The suites that took longest, from jest's JSON report: where CI time goes. */
function slowestSuites(json, count = 8) {
  return (json.testResults ?? [])
    .map((suite) => ({ file: relative(ROOT, suite.name ?? suite.testFilePath ?? ''), seconds: ((suite.endTime ?? 0) - (suite.startTime ?? 0)) / 1000 }))
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, count);
}

const results = [];

// Suites that load an ES-module-only library with a real dynamic import() (openid-client,
// oidc-provider): jest caches a file's compiled script per process with the import hook of
// the first test file that ran it, so after another suite has loaded the same source such
// an import fails with "Test environment has been torn down". Each runs in a jest of its own.
const ISOLATED = ['test/web/oidc-sign-in.e2e-spec.ts'];

/** The integration project: the isolated suites apart, the rest in one run. Resolves to its results. */
async function runIntegration(name, env, prefix) {
  const own = [await runJest(name, 'integration', env, [...extraArgs, ...ISOLATED.map((file) => `--testPathIgnorePatterns=${file}`)], prefix)];
  for (const file of ISOLATED) {
    // With a path filter given, an isolated suite runs only when the filter names it.
    if (extraArgs.length > 0 && !extraArgs.some((arg) => file.includes(arg))) continue;
    own.push(await runJest(`${name}: ${file}`, 'integration', env, [file], prefix));
  }
  return own;
}

// 1. unit
results.push(await runJest('unit', 'unit', { ...process.env }));

// 2. and 3. The two integration runs share nothing (each test file makes a database of its own,
// on the server or in a folder of its own) and one waits on a PostgreSQL server while the other
// computes in PGlite, so they run side by side: TEST_PARALLEL=0 runs them one after the other.
const integrationRuns = [];
const parallel = process.env.TEST_PARALLEL !== '0';

// 2. integration against real PostgreSQL
const probe = postgresReachable(pgUrl);
if (probe.ok) {
  const env = { ...process.env, DATABASE_URL: pgUrl, TEST_DB_KIND: 'postgres' };
  delete env.EMBEDDED_DB;
  integrationRuns.push(() => runIntegration('integration (postgres)', env, parallel ? '[postgres] ' : ''));
} else {
  const msg = `real PostgreSQL at ${redact(pgUrl)} is not reachable (set TEST_DATABASE_URL or run .ci/run)`;
  if (requireRealPg) {
    banner(`FAILED: ${msg} [REQUIRE_REAL_POSTGRES=1]`);
    console.log(`   reason: ${probe.reason}`);
    results.push({ name: 'integration (postgres)', passed: 0, failed: 1, skipped: 0, ok: false, note: `unreachable, required: ${probe.reason}` });
  } else {
    banner(`SKIPPED: ${msg}`);
    console.log(`   reason: ${probe.reason}`);
    results.push({ name: 'integration (postgres)', passed: 0, failed: 0, skipped: 0, ok: true, note: 'SKIPPED: PostgreSQL not reachable', skippedRun: true });
  }
}

// 3. integration against embedded PGlite
{
  const env = { ...process.env, EMBEDDED_DB: '1', TEST_DB_KIND: 'embedded' };
  delete env.DATABASE_URL;
  integrationRuns.push(() => runIntegration('integration (embedded)', env, parallel ? '[embedded] ' : ''));
}

if (parallel && integrationRuns.length > 1) {
  banner('integration (postgres) and integration (embedded), side by side');
  for (const own of await Promise.all(integrationRuns.map((run) => run()))) results.push(...own);
} else {
  for (const run of integrationRuns) results.push(...(await run()));
}

// Where the time went
console.log('\n---- slowest suites ----');
for (const r of results) {
  for (const suite of r.slowest ?? []) console.log(`${r.name}: ${suite.seconds.toFixed(1)}s ${suite.file}`);
}

// What failed, again, where the end of the output shows it
const failures = results.flatMap((r) => (r.failures ?? []).map((failure) => ({ run: r.name, ...failure })));
if (failures.length) {
  console.log('\n---- failed tests ----');
  for (const failure of failures) console.log(`${failure.run}: ${failure.file}: ${failure.title}\n${failure.message.replace(/^/gm, '    ')}`);
}

// Summary
console.log('\n---- test summary ----');
const total = { passed: 0, failed: 0, skipped: 0 };
for (const r of results) {
  total.passed += r.passed;
  total.failed += r.failed;
  total.skipped += r.skipped;
  const status = r.skippedRun ? 'SKIPPED' : r.ok ? 'ok' : 'FAILED';
  console.log(`${r.name}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped  [${status}; ${r.note}]`);
}
const allOk = results.every((r) => r.ok);
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exitCode = allOk ? 0 : 1;
