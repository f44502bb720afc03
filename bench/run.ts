/**
 * `npm run bench` — measures Frågespår and prints the figures beside its targets.
 * Runs against a real PostgreSQL (DATABASE_URL, else TEST_DATABASE_URL, else the
 * local test server) and against the embedded database, each in a fresh database,
 * and writes the table as JSON to bench/results/ for comparison over time.
 *
 *   npm run bench                 all sections, both targets
 *   npm run bench -- --quick      smaller counts (a smoke run)
 *   npm run bench -- --only=append,queries --targets=server
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../src/config/app-config';
import { benchAppend } from './append.bench';
import { BenchDatabase, openBenchDatabase } from './bench-database';

type Row = { target: string; section: string; measure: string; value: number | string; target_value?: string; met?: boolean };

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

async function main(): Promise<void> {
  const config = loadConfig();
  const serverUrl = config.databaseUrl ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const rows: Row[] = [];
  for (const kind of targets) {
    const bench = await openBenchDatabase(kind, serverUrl);
    try {
      console.log(`\n== ${bench.label} ==`);
      if (wants('append')) await appendSection(bench, rows);
    } finally {
      await bench.drop();
    }
  }
  printTable(rows);
  const file = path.join('bench', 'results', `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), machine: { cpus: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version }, quick, rows }, null, 2));
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
    rows.push({ target, section: 'append', measure: `ratio, ${concurrency} writer(s)`, value: figures.ratio, target_value: '≥ 0.70', met: figures.ratio >= 0.7 });
  }
}

function printTable(rows: Row[]): void {
  console.log('\n| target | section | measure | value | target | met |\n|---|---|---|---|---|---|');
  for (const row of rows) {
    console.log(`| ${row.target} | ${row.section} | ${row.measure} | ${row.value} | ${row.target_value ?? ''} | ${row.met === undefined ? '' : row.met ? 'yes' : 'NO'} |`);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
