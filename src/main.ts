import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig } from './config/app-config';
import { assertDataDirFree } from './database/data-dir-lock';
import { ensurePortFree, startupFailureMessage } from './startup-failure';

async function main() {
  const config = loadConfig();
  // Refused before anything starts, in one line: a port in use first, then a data folder in use (the database's own lock, taken as it opens, still guards a race).
  await ensurePortFree(config.port);
  if (!config.databaseUrl) assertDataDirFree(config.dataDir, 'Stop that process first, or give this one a DATA_DIR of its own.');
  // Loaded after the checks, so that a refusal comes at once.
  const { createApp } = await import('./app.factory');
  const app = await createApp(config);
  const logger = new Logger('Frågespår');
  await app.listen(config.port);
  logger.log(`Listening on http://localhost:${config.port} — API docs at /docs, health at /health`);
  logger.log(config.databaseUrl ? 'Database: PostgreSQL server (DATABASE_URL)' : `Database: embedded PostgreSQL (PGlite) in ${config.dataDir}`);
  logger.log(`Event store: ${config.eventStore}`);
  if (!config.auth.jwksUrl) {
    logger.warn(
      'LOCAL TOKEN MODE: tokens are signed with a local secret. Mint one with `npm run token -- --role chair --org region-varmland`. Not for production.',
    );
  }
}

main().catch((error) => {
  // Configuration errors, a data folder or a port in use are the user's to fix: print them plainly, without a stack.
  console.error(startupFailureMessage(error) ?? error);
  process.exit(1);
});
