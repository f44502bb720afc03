import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from './config/app-config';
import { DataDirLocked, assertDataDirFree } from './database/data-dir-lock';

async function main() {
  const config = loadConfig();
  // Refused before anything starts, in one line (the database's own lock, taken as it opens, still guards a race).
  if (!config.databaseUrl) assertDataDirFree(config.dataDir, 'Stop that process first, or give this one a DATA_DIR of its own.');
  // Loaded after the check, so that a refusal comes at once.
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
  // Configuration errors and a data folder in use are the user's to fix: print them plainly, without a stack.
  console.error(error instanceof ConfigError || error instanceof DataDirLocked ? error.message : error);
  process.exit(1);
});
