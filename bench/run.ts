/**
 * `npm run bench` — measures Frågespår and prints the figures beside its targets.
 * Runs against a real PostgreSQL (DATABASE_URL, else TEST_DATABASE_URL, else the
 * local test server) and against the embedded database, each in a fresh database,
 * and writes the table as JSON to bench/results/ for comparison over time.
 *
 *   npm run bench                 all sections, both targets
 *   npm run bench -- --quick      smaller counts (a smoke run)
 *   npm run bench -- --only=append,queries --targets=server
 *   npm run bench -- --only=as-of --targets=server   (follow-up as of a date; builds the 1M database)
 *   npm run bench -- --only=grid-as-of --targets=server   (the follow-up grid at a past point, both time axes)
 *   npm run bench -- --only=web --targets=server     (the web pages at 100,000 questions; builds the same database)
 *   npm run bench -- --only=as-of,web --targets=server --reuse=<url of a database a `keep` rebuild left>
 *   npm run bench -- --only=operations   start, tools, memory, port in use (embedded, through npm as a user runs them)
 *   npm run bench -- --only=forms --targets=server   (a web form post to the next page drawn, under the commands section's load)
 *   npm run bench -- --only=structure-report --targets=server   (GET /reports/structure/:year, read from its read model)
 *   npm run bench -- --only=structure-report --targets=server --sizes=20000,100000   (rebuild sizes of one's own)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../src/config/app-config';
import { execFileSync } from 'node:child_process';
import { Client } from 'pg';
import { benchAppend } from './append.bench';
import { BenchDatabase, openBenchDatabase } from './bench-database';
import { benchOperations } from './operations.bench';
import { type MachineProbe, probeMachine } from './machine-probe';

import type { Row } from './app-child';
import { DEPLOYED_NODE_FLAGS } from './deployed-node';

const args = new Map(
  process.argv.slice(2).map((arg) => {
    const [key, value] = arg.replace(/^--/, '').split('=');
    return [key, value ?? 'true'] as const;
  }),
);
const quick = args.has('quick');
const only = args.get('only')?.split(',');
const targets = (args.get('targets') ?? 'server,embedded').split(',') as Array<'server' | 'embedded'>;
const wants = (section: string) => !only || only.includes(section);
// --reuse=<database url>: run the app sections on a database kept earlier
// (`node dist-bench/bench/rebuild-child.js server <url> 1000000 keep`), skipping
// generation and rebuild, and keep it: for iterating on one query.
const reuse = args.get('reuse');
// The read-side sections share one generated database; asking for one of them runs the rebuild that builds it.
const READ_SIDE_SECTIONS = ['rebuild', 'queries', 'as-of', 'grid-as-of', 'web', 'commands', 'forms', 'structure-report'];

async function main(): Promise<void> {
  const config = loadConfig();
  const serverUrl = config.databaseUrl ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const rows: Row[] = [];
  if (wants('operations') && targets.includes('embedded')) {
    console.log('\n== operations (embedded) ==');
    await benchOperations(rows);
  }
  for (const kind of ['append', ...READ_SIDE_SECTIONS].some(wants) ? targets : []) {
    const label = kind === 'server' ? 'PostgreSQL server' : 'embedded (PGlite)';
    console.log(`\n== ${label} ==`);
    if (wants('append')) {
      const bench = await openBenchDatabase(kind, serverUrl);
      try {
        await appendSection(bench, rows);
      } finally {
        await bench.drop();
      }
    }
    if (READ_SIDE_SECTIONS.some(wants)) await readSideSections(kind, label, serverUrl, rows);
  }
  printTable(rows);
  const file = path.join('bench', 'results', `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(
    file,
    JSON.stringify(
      { at: new Date().toISOString(), machine: { cpus: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version }, quick, rows },
      null,
      2,
    ),
  );
  console.log(`\nWritten to ${file}`);
}

async function appendSection(bench: BenchDatabase, rows: Row[]): Promise<void> {
  const count = quick ? 1_000 : bench.database.kind === 'server' ? 10_000 : 3_000;
  for (const concurrency of [1, 8]) {
    const figures = await benchAppend(bench.database, concurrency, count);
    console.log(`append x${concurrency}:`, figures);
    const target = bench.label;
    rows.push({ target, section: 'append', measure: `port events/s, ${concurrency} writer(s)`, value: figures.portEventsPerSecond });
    rows.push({ target, section: 'append', measure: `raw INSERT/s, ${concurrency} writer(s)`, value: figures.rawInsertsPerSecond });
    rows.push({
      target,
      section: 'append',
      measure: `ratio, ${concurrency} writer(s)`,
      value: figures.ratio,
      target_value: '≥ 0.70',
      met: figures.ratio >= 0.7,
    });
  }
}

interface RebuildFigures {
  events: number;
  questions: number;
  rebuildSeconds: number;
  eventsPerSecond: number;
  logEventsRead: number;
  peakRssMiB: number;
  rssGrowthMiB: number;
  settings?: { databaseUrl?: string; dataDir: string };
}

/** The machine probes around a measurement, as one cell: `node / postgres` before, then after. */
function probeText(before: MachineProbe, after: MachineProbe): string {
  const one = (probe: MachineProbe) => (probe.postgresMs === null ? `${probe.nodeMs}` : `${probe.nodeMs} / ${probe.postgresMs}`);
  return `${one(before)} → ${one(after)}`;
}

/**
 * The rebuild's runners share one read of the log (shared-log-reader.ts): each
 * event is read once. A runner whose rebuild begins late may find the first
 * batches gone and read them again; at most the events the reader keeps.
 */
const LOG_READ_AGAIN_AT_MOST = 25_000;

/** (3) rebuild at two sizes, each in its own process for its own peak memory; then (2, 4, 5, 6, 7, 8, 9) on one of their databases. */
async function readSideSections(kind: 'server' | 'embedded', target: string, serverUrl: string, rows: Row[]): Promise<void> {
  if (reuse) {
    if (kind === 'server') appSections({ databaseUrl: reuse, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'fragespar-bench-')) }, target, rows);
    return;
  }
  // --sizes=20000,100000: the two rebuild sizes (the app sections run on the larger), instead of the defaults.
  const sizes = args.get('sizes')?.split(',').map(Number) ?? (quick ? [5_000, 20_000] : kind === 'server' ? [100_000, 1_000_000] : [100_000, 200_000]);
  // The embedded database's app sections run on the 100,000-event database, the smaller of its two rebuilds: the size
  // its figures have always had. Its peak RSS ratio compares 200,000 with 100,000 events because below ~7,300 questions
  // (~77,000 events) the runners' shared folded states (8,000, stream-states.ts) are not yet full, and a smaller size's
  // peak measures that rather than growth with the log (docs/performance.md, "Rebuild on the embedded database").
  const appIndex = kind === 'embedded' && !quick && !args.has('sizes') ? 0 : sizes.length - 1;
  const results: RebuildFigures[] = [];
  try {
    await rebuilds(kind, target, serverUrl, sizes, appIndex, results, rows);
    appSections(results[appIndex].settings!, target, rows);
  } finally {
    const kept = results[appIndex]?.settings;
    if (kept) await dropKept(kept, serverUrl);
  }
}

/** The rebuild at each size, in a process of its own; the one at `appIndex` keeps its database (in `results`) for the app sections. */
async function rebuilds(
  kind: 'server' | 'embedded',
  target: string,
  serverUrl: string,
  sizes: number[],
  appIndex: number,
  results: RebuildFigures[],
  rows: Row[],
): Promise<void> {
  for (const [i, size] of sizes.entries()) {
    const keep = i === appIndex ? ['keep'] : [];
    const before = await probeMachine(kind === 'server' ? serverUrl : undefined);
    // With the deployed flags: a rebuild runs in the app (POST /admin/projections/rebuild) or in `npm run projections:rebuild`, both with them.
    const childArgs = ['--expose-gc', ...DEPLOYED_NODE_FLAGS, path.join(__dirname, 'rebuild-child.js'), kind, serverUrl, String(size), ...keep];
    const output = execFileSync(process.execPath, childArgs, {
      encoding: 'utf8',
      maxBuffer: 64 * 2 ** 20,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const figures = JSON.parse(output.trim().split('\n').pop()!) as RebuildFigures;
    const after = await probeMachine(kind === 'server' ? serverUrl : undefined);
    console.log(`rebuild ${figures.events} events:`, { ...figures, settings: undefined }, 'machine probe before / after:', before, after);
    results.push(figures);
    rows.push({
      target,
      section: 'rebuild',
      measure: `events/s, ${figures.events} events (all projections)`,
      value: figures.eventsPerSecond,
      target_value: kind === 'server' ? '≥ 20000' : undefined,
      met: kind === 'server' ? figures.eventsPerSecond >= 20_000 : undefined,
    });
    rows.push({
      target,
      section: 'rebuild',
      measure: `log events read, ${figures.events} events`,
      value: figures.logEventsRead,
      target_value: `each once (≤ ${figures.events + LOG_READ_AGAIN_AT_MOST})`,
      met: figures.logEventsRead <= figures.events + LOG_READ_AGAIN_AT_MOST,
    });
    rows.push({ target, section: 'rebuild', measure: `peak RSS MiB, ${figures.events} events`, value: figures.peakRssMiB });
    rows.push({
      target,
      section: 'rebuild',
      measure: `machine probe before / after, ${figures.events} events (Node ms, PostgreSQL ms)`,
      value: probeText(before, after),
    });
  }
  const [small, large] = results;
  rows.push({
    target,
    section: 'rebuild',
    measure: `peak RSS ratio ${large.events}/${small.events} events`,
    value: round2(large.peakRssMiB / small.peakRssMiB),
    target_value: 'flat (≤ 1.5)',
    met: large.peakRssMiB / small.peakRssMiB <= 1.5,
  });
}

/**
 * (2, 4, 5, 6, 7) through the running app, in a process of its own (app-child.ts)
 * started with the deployed command line's Node flags, as a deployed app
 * runs: not in this one, whose heap the sections before
 * (the append, the rebuild children it waited on) leave behind. In this
 * process, right after the 1M rebuild, `/log` requests meet a major GC's
 * marking step (7–13 ms) every ~0.2 s, which a fresh process after the same
 * rebuild does not (docs/performance.md, "Method").
 */
function appSections(settings: { databaseUrl?: string; dataDir: string }, target: string, rows: Row[]): void {
  const output = execFileSync(
    process.execPath,
    [...DEPLOYED_NODE_FLAGS, path.join(__dirname, 'app-child.js'), JSON.stringify({ settings, target, quick, only })],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 2 ** 20,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const lines = output.trim().split('\n');
  console.log(lines.slice(0, -1).join('\n'));
  rows.push(...(JSON.parse(lines[lines.length - 1]) as Row[]));
}

async function dropKept(settings: { databaseUrl?: string; dataDir: string }, serverUrl: string): Promise<void> {
  fs.rmSync(settings.dataDir, { recursive: true, force: true });
  if (!settings.databaseUrl) return;
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${new URL(settings.databaseUrl).pathname.slice(1)} WITH (FORCE)`);
  await client.end();
}

const round2 = (value: number) => Math.round(value * 100) / 100;

function printTable(rows: Row[]): void {
  console.log('\n| target | section | measure | value | target | met |\n|---|---|---|---|---|---|');
  for (const row of rows) {
    console.log(
      `| ${row.target} | ${row.section} | ${row.measure} | ${row.value} | ${row.target_value ?? ''} | ${row.met === undefined ? '' : row.met ? 'yes' : 'NO'} |`,
    );
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
