/**
 * `npm run audit:replay [-- --json]`
 *
 * Rebuilds every registered read model from the stored events into scratch
 * tables (a schema of its own, dropped afterwards; the live tables are only
 * read), compares them row by row with the live read models at their
 * checkpoints, and folds every aggregate stream. Prints every difference found.
 * Exit code 0 when the live models equal the replay, 2 when they do not, 1 on
 * an error. On the embedded database a running server holds the data folder
 * (data-dir-lock.ts): this command then refuses at once; stop the server first.
 */
import type { Decider, DomainEvent } from '../command-handling/decider';
import { ConfigError, loadConfig } from '../config/app-config';
import { DataDirLocked, assertDataDirFree } from '../database/data-dir-lock';

async function main(): Promise<number> {
  const config = loadConfig();
  if (!config.databaseUrl) assertDataDirFree(config.dataDir, 'Stop the server and run this again (the replay builds scratch tables beside the live ones).');
  // Loaded after the check, so that a refusal comes at once.
  const [{ openToolContext }, { DECLARED_PROJECTIONS }, { questionDecider }, { registerDecider }, { runReplayCheck }] = await Promise.all([
    import('../tool-context'),
    import('../app-declarations'),
    import('../questions/index'),
    import('../register/contract'),
    import('./replay-check'),
  ]);
  /** Every aggregate whose streams the replay folds. */
  const aggregates = [questionDecider, registerDecider] as unknown as ReadonlyArray<Decider<unknown, DomainEvent, unknown>>;
  // The live read models are compared at their checkpoints; no runner is started here, so they hold still unless a server on PostgreSQL moves them.
  const context = await openToolContext(config);
  try {
    const report = await runReplayCheck({
      store: context.store,
      dataSource: context.dataSource,
      projections: DECLARED_PROJECTIONS,
      deciders: aggregates,
    });
    if (process.argv.includes('--json')) {
      console.log(JSON.stringify(report, null, 2));
      return report.identical ? 0 : 2;
    }
    for (const projection of report.projections) {
      console.log(`${projection.projection}: ${projection.eventsReplayed} events replayed up to its checkpoint ${projection.position}`);
      for (const table of projection.tables) {
        console.log(
          `  ${table.table}: ${table.liveRows} live rows, ${table.replayedRows} replayed, ${table.differingRows === 0 ? 'identical' : `${table.differingRows} differing`}`,
        );
        for (const sample of table.samples) {
          const columns = sample.columns ? ` in ${sample.columns.join(', ')}` : '';
          console.log(`    ${sample.kind} ${JSON.stringify(sample.key)}${columns}`);
        }
      }
    }
    if (report.projections.length === 0) console.log('No read models are registered.');
    for (const aggregate of report.aggregates) {
      console.log(`${aggregate.aggregate}: ${aggregate.streams} streams, ${aggregate.events} events folded, ${aggregate.failures.length} failed`);
      for (const failure of aggregate.failures) console.log(`  ${failure.streamId} at revision ${failure.revision}: ${failure.error}`);
    }
    console.log(report.identical ? 'The live read models equal the replay of the events.' : 'DIFFERENCES FOUND between the live read models and the events.');
    return report.identical ? 0 : 2;
  } finally {
    await context.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof ConfigError || error instanceof DataDirLocked ? error.message : error);
    process.exit(1);
  },
);
