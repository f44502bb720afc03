/**
 * `npm run backup [-- <file>]`
 *
 * Writes a consistent copy of the embedded database under DATA_DIR to <file>
 * (default: fragespar-backup-<time>.tar.gz in the current folder). Stop the app
 * first: the embedded database is opened by one process. With DATABASE_URL set
 * it prints how to back up a server with pg_dump instead. docs/operations.md.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError, loadConfig } from '../config/app-config';
import { EmbeddedPool } from '../database/embedded-pool';
import { BackupError, PG_DUMP_ADVICE, backupEmbedded, embeddedFolder } from './backup';

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.databaseUrl) throw new ConfigError(PG_DUMP_ADVICE);
  const folder = embeddedFolder(config.dataDir);
  if (!fs.existsSync(path.join(folder, 'PG_VERSION'))) throw new BackupError(`No embedded database in ${folder} (DATA_DIR=${config.dataDir}).`);
  const requested = process.argv.slice(2).find((arg) => !arg.startsWith('-'));
  const file = path.resolve(requested ?? `fragespar-backup-${new Date().toISOString().replace(/[:.]/g, '-')}.tar.gz`);
  const started = Date.now();
  const pool = await EmbeddedPool.open(folder, config.embeddedSharedBuffers);
  try {
    const { bytes } = await backupEmbedded(pool, file);
    console.log(`Backed up ${folder} to ${file} (${(bytes / 1e6).toFixed(1)} MB) in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  } finally {
    await pool.end();
  }
}

main().catch((error) => {
  console.error(error instanceof ConfigError || error instanceof BackupError ? error.message : error);
  process.exit(1);
});
