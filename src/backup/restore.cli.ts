/**
 * `npm run restore -- <file>`
 *
 * Brings a copy written by `npm run backup` back into DATA_DIR, which must not
 * hold an embedded database yet. Then start the app on it (`npm start`) and,
 * to be sure, `npm run audit:verify`. With DATABASE_URL set it prints how to
 * restore a server with pg_restore instead. docs/operations.md.
 */
import * as path from 'node:path';
import { ConfigError, loadConfig } from '../config/app-config';
import { BackupError, PG_DUMP_ADVICE, embeddedFolder, restoreEmbedded } from './backup';

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.databaseUrl) throw new ConfigError(PG_DUMP_ADVICE);
  const file = process.argv.slice(2).find((arg) => !arg.startsWith('-'));
  if (!file) throw new BackupError('Usage: npm run restore -- <backup file>   (into an empty DATA_DIR)');
  await restoreEmbedded(path.resolve(file), config.dataDir);
  console.log(`Restored ${path.resolve(file)} into ${embeddedFolder(config.dataDir)}. Start the app, then check it with npm run audit:verify.`);
}

main().catch((error) => {
  console.error(error instanceof ConfigError || error instanceof BackupError ? error.message : error);
  process.exit(1);
});
