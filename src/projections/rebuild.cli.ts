/**
 * `npm run projections:rebuild [-- name …]`
 *
 * Rebuilds read models from zero, beside the live ones, and waits until each new
 * model has caught up and been swapped in, printing progress. Readers of a
 * running instance keep seeing the old model until the swap. Against a shared
 * server where another instance owns a projection, that instance does the work
 * and this command waits for it. On the embedded database a running server
 * holds the data folder (data-dir-lock.ts): this command then refuses at once
 * and names POST /admin/projections/rebuild, which does the same in the server.
 */
import { ConfigError, loadConfig } from '../config/app-config';
import { DataDirLocked, assertDataDirFree } from '../database/data-dir-lock';
import type { ProjectionStatus } from './projections.service';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl) {
    assertDataDirFree(
      config.dataDir,
      'Ask the running server instead: POST /admin/projections/rebuild (role admin), progress in GET /admin/projections; or stop it and run this again.',
    );
  }
  // Loaded after the check, so that a refusal comes at once.
  const { openToolContext } = await import('../tool-context');
  const context = await openToolContext(config);
  try {
    const projections = context.projections();
    const requested = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
    const unknown = requested.filter((name) => !projections.names().includes(name));
    if (unknown.length > 0) throw new ConfigError(`Unknown projection(s): ${unknown.join(', ')}. Known: ${projections.names().join(', ')}`);
    const names = requested.length > 0 ? requested : projections.names();

    const started = Date.now();
    await projections.requestRebuild(names);
    console.log(`Rebuilding ${names.join(', ')} …`);
    let done: ProjectionStatus[] = [];
    let printedAt = Date.now();
    for (;;) {
      // Checked often, so a small log's rebuild ends as soon as it is swapped in; progress is printed once a second.
      await new Promise((resolve) => setTimeout(resolve, 100));
      const statuses = (await projections.statuses()).filter((status) => names.includes(status.name));
      const failed = statuses.find((status) => status.status === 'failed');
      if (failed) throw new Error(`${failed.name} stopped at event ${failed.failedEventId}: ${failed.lastError}`);
      if (statuses.every((status) => status.rebuild === null && status.eventsBehind === 0)) {
        done = statuses;
        break;
      }
      if (Date.now() - printedAt >= 1_000) {
        printedAt = Date.now();
        for (const status of statuses.filter((s) => s.rebuild)) {
          console.log(`  ${status.name}: ${status.rebuild?.eventsApplied ?? 0} events into the new model`);
        }
      }
    }
    const seconds = (Date.now() - started) / 1000;
    for (const status of done) console.log(`  ${status.name}: swapped in at position ${status.position}, ${status.eventsApplied} events`);
    console.log(`Rebuild complete in ${seconds.toFixed(1)} s.`);
  } finally {
    await context.close();
  }
}

main().catch((error) => {
  console.error(error instanceof ConfigError || error instanceof DataDirLocked ? error.message : error);
  process.exit(1);
});
