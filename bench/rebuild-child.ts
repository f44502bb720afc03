/**
 * One rebuild measurement in a process of its own, so its peak memory is its own:
 * loads `events` realistic events into a fresh database, then runs every
 * registered projection from zero until caught up, sampling RSS throughout the
 * rebuild. Prints one JSON line. With --keep it leaves the database for the
 * query benchmark and prints its settings.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { DataSource } from 'typeorm';
import { AuditLog } from '../src/audit/audit-log';
import { PostgresEventStore } from '../src/event-store/postgres/postgres-event-store';
import { ProjectionRunner } from '../src/projections/projection-runner';
import { APP_PROJECTIONS } from '../src/app-modules';
import { checkpoints } from '../src/projections/checkpoint-store';
import { SharedLogReaders } from '../src/projections/shared-log-reader';
import { StreamStates } from '../src/projections/stream-states';
import { loadConfig } from '../src/config/app-config';
import { countQuestions, forgetReadModels, openBenchDatabase, reopenBenchDatabase } from './bench-database';
import { loadQuestions } from './generate';
import { type PostgresCpu, samplePostgresCpu } from './postgres-cpu';

/**
 * A rebuild reads an event table that has been in use for a while: vacuumed
 * (hint bits set, visibility map) and its pages written out. Right after the
 * bulk load the server would instead vacuum and checkpoint the fresh million
 * rows during the rebuild, on the same two cores, and the figure would be the
 * load's aftermath. As before the app sections (run.ts), the server database
 * is settled first; BENCH_SETTLE=0 measures without it.
 */
async function settle(bench: Awaited<ReturnType<typeof openBenchDatabase>>): Promise<number | undefined> {
  if (bench.database.kind !== 'server' || process.env.BENCH_SETTLE === '0') return undefined;
  const started = Date.now();
  await bench.database.pool.query('VACUUM (ANALYZE) event_store_events');
  await bench.database.pool.query('CHECKPOINT');
  return (Date.now() - started) / 1000;
}

/**
 * The loaded log passes the audit's verification (every stream's hash chain
 * recomputed, as `npm run audit:verify` does), so the bulk load is a log the
 * product could have written; BENCH_VERIFY=0 skips it.
 */
async function verifyChains(store: PostgresEventStore, total: number): Promise<{ intact: boolean; eventsChecked: number; seconds: number }> {
  const started = Date.now();
  const { chains } = await new AuditLog(store).verify();
  if (!chains.intact || chains.eventsChecked !== total) throw new Error(`the loaded log does not verify: ${JSON.stringify(chains.firstBroken)}`);
  return { intact: chains.intact, eventsChecked: chains.eventsChecked, seconds: (Date.now() - started) / 1000 };
}

async function main() {
  const [kind, serverUrl, eventsText, keep] = process.argv.slice(2);
  const events = Number(eventsText);
  // `reuse <url>`: rebuild again on a database a `keep` run left, without loading anew (profiling).
  const bench = kind === 'reuse' ? await reopenBenchDatabase(serverUrl) : await openBenchDatabase(kind as 'server' | 'embedded', serverUrl);
  const store = new PostgresEventStore(bench.database.pool, { singleWriter: bench.database.singleWriter });
  const logReads = countingLogReads(store);
  const loadStart = Date.now();
  // BENCH_REBUILD=requested (reuse only): the read models stay, and a rebuild beside them is asked for, as `npm run projections:rebuild` does.
  const requested = kind === 'reuse' && process.env.BENCH_REBUILD === 'requested';
  const questions = requested ? await countQuestions(bench) : kind === 'reuse' ? await forgetReadModels(bench) : await loadQuestions(store, events);
  const loadSeconds = (Date.now() - loadStart) / 1000;
  const total = await store.countEventsAfter(undefined, 100_000_000);
  const verified = kind === 'reuse' || process.env.BENCH_VERIFY === '0' ? undefined : await verifyChains(store, total);
  const settleSeconds = await settle(bench);

  global.gc?.();
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  // BENCH_PROFILE=file.cpuprofile records a CPU profile of the rebuild alone (open it in Chrome DevTools).
  const profiler = process.env.BENCH_PROFILE ? new Session() : undefined;
  if (profiler) {
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
  }
  // BENCH_ALLOCATIONS=file.heapprofile samples where the rebuild allocates, garbage included (open it in Chrome DevTools, Memory).
  const allocations = process.env.BENCH_ALLOCATIONS ? new Session() : undefined;
  if (allocations) {
    allocations.connect();
    await allocations.post('HeapProfiler.startSampling', {
      samplingInterval: 32_768,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  }
  // Both sides of the rebuild: Node's own CPU, and the server's on this database (postgres-cpu.ts).
  const databaseUrl = bench.settings.databaseUrl;
  const postgres = databaseUrl ? await samplePostgresCpu(adminUrlOf(databaseUrl), new URL(databaseUrl).pathname.slice(1)) : undefined;
  const cpuAtStart = process.cpuUsage();
  const start = Date.now();
  const eventsReadBefore = logReads.eventsRead();
  // BENCH_PROJECTIONS=question-views,assignments limits the run to some projections (profiling one at a time).
  const only = process.env.BENCH_PROJECTIONS?.split(',');
  const projections = APP_PROJECTIONS.filter((projection) => !only || only.includes(projection.name));
  // As the app runs them: one shared read of the log per batch size (BENCH_SHARED_READ=0 reads per runner, for comparison).
  const logReader = process.env.BENCH_SHARED_READ === '0' ? undefined : new SharedLogReaders(logReads.store);
  // The product's batch sizes (PROJECTION_BATCH_SIZE, PROJECTION_REBUILD_BATCH_SIZE, defaults unless set); BENCH_BATCH sets the rebuild's.
  const { batchSize, rebuildBatchSize } = loadConfig({
    PROJECTION_BATCH_SIZE: process.env.PROJECTION_BATCH_SIZE,
    PROJECTION_REBUILD_BATCH_SIZE: process.env.BENCH_BATCH ?? process.env.PROJECTION_REBUILD_BATCH_SIZE,
  }).projections;
  // As the app runs them: projections that follow the same streams share their folded states.
  const states = new StreamStates();
  const runners = projections.map(
    (projection) =>
      new ProjectionRunner(projection, logReads.store, bench.dataSource as DataSource, {
        batchSize,
        rebuildBatchSize,
        idlePollMs: 20,
        retryDelayMs: 1000,
        lockRetryMs: 100,
        logReader,
        states,
      }),
  );
  if (requested) for (const projection of projections) await checkpoints.requestRebuild(bench.dataSource.manager, projection.name);
  runners.forEach((runner) => runner.start());
  for (;;) {
    const rows = await Promise.all(projections.map((p) => checkpoints.load(bench.dataSource.manager, p.name)));
    if (rows.every((row) => row && row.eventsApplied >= total && row.rebuildRequestedAt === null)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const seconds = (Date.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuAtStart);
  const postgresCpu: PostgresCpu | undefined = await postgres?.stop();
  clearInterval(sampler);
  if (profiler) writeFileSync(process.env.BENCH_PROFILE!, JSON.stringify((await profiler.post('Profiler.stop')).profile));
  if (allocations) writeFileSync(process.env.BENCH_ALLOCATIONS!, JSON.stringify((await allocations.post('HeapProfiler.stopSampling')).profile));
  await Promise.all(runners.map((runner) => runner.stop()));
  const result = {
    events: total,
    questions,
    loadSeconds,
    verified,
    settleSeconds,
    rebuild: requested ? 'requested, beside the live read models' : 'from zero',
    rebuildSeconds: seconds,
    eventsPerSecond: Math.round(total / seconds),
    logEventsRead: logReads.eventsRead() - eventsReadBefore,
    nodeCpuSeconds: Math.round((cpu.user + cpu.system) / 1e5) / 10,
    postgresCpu,
    peakRssMiB: Math.round(peak / 2 ** 20),
    rssGrowthMiB: Math.round((peak - baseline) / 2 ** 20),
    batchSize,
    rebuildBatchSize,
    settings: keep ? bench.settings : undefined,
  };
  if (keep || kind === 'reuse') {
    await bench.dataSource.destroy();
    await bench.database.close();
  } else {
    await bench.drop();
  }
  console.log(JSON.stringify(result));
}

/**
 * The store, counting the events its reads of the global log give. Runners
 * that share their reads (shared-log-reader.ts) read each event once; more
 * means batches were dropped while a runner still needed them and read again.
 */
function countingLogReads(store: PostgresEventStore): { store: PostgresEventStore; eventsRead: () => number } {
  let eventsRead = 0;
  const counted = Object.create(store) as PostgresEventStore;
  counted.readAll = async (options) => {
    const events = await store.readAll(options);
    eventsRead += events.length;
    return events;
  };
  return { store: counted, eventsRead: () => eventsRead };
}

/** The same server's maintenance database, to watch a bench database from outside it. */
function adminUrlOf(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  return url.toString();
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
