import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { loadConfig } from './config/app-config';
import { ensurePortFree, startupFailureMessage } from './startup-failure';

async function main() {
  const config = loadConfig();
  await ensurePortFree(config.port);
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
  // Configuration errors and a port in use are the user's to fix: print them plainly, without a stack.
  console.error(startupFailureMessage(error) ?? error);
  process.exit(1);
});
