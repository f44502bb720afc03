import * as fs from 'node:fs';
import * as path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { EmbeddedPool } from '../database/embedded-pool';

/** The embedded database's folder under DATA_DIR, as openDatabase() uses it. */
export const embeddedFolder = (dataDir: string) => path.join(dataDir, 'pglite');

export class BackupError extends Error {}

/** What `npm run backup` / `restore` say when DATABASE_URL points at a server. */
export const PG_DUMP_ADVICE = `DATABASE_URL is set: back up the PostgreSQL server with its own tools, e.g.
  pg_dump --format=custom --file=fragespar.dump "$DATABASE_URL"
and restore into an empty database with
  pg_restore --no-owner --dbname="$DATABASE_URL" fragespar.dump
pg_dump takes one consistent snapshot, so the app may keep running.`;

/**
 * Writes a consistent copy of the embedded database to `file` (a gzip'd tar of
 * its folder). It holds the database's single connection meanwhile, so no
 * transaction is half-written in the copy, and checkpoints first, so the copy
 * needs no recovery when it is opened.
 */
export async function backupEmbedded(pool: EmbeddedPool, file: string): Promise<{ bytes: number }> {
  const client = await pool.connect();
  try {
    await client.query('CHECKPOINT');
    const archive = await pool.db.dumpDataDir('gzip');
    const bytes = Buffer.from(await archive.arrayBuffer());
    const partial = `${file}.partial`;
    fs.writeFileSync(partial, bytes);
    // Renamed once complete: a backup that stopped halfway never looks like a finished one.
    fs.renameSync(partial, file);
    return { bytes: bytes.length };
  } finally {
    client.release();
  }
}

/** Brings a copy written by backupEmbedded back into `dataDir`, which must not hold a database yet. */
export async function restoreEmbedded(file: string, dataDir: string): Promise<void> {
  if (!fs.existsSync(file)) throw new BackupError(`No backup at ${file}`);
  const folder = embeddedFolder(dataDir);
  if (fs.existsSync(folder) && fs.readdirSync(folder).length > 0) {
    throw new BackupError(`${folder} already holds a database: restore into an empty DATA_DIR (move the old folder aside first).`);
  }
  fs.mkdirSync(folder, { recursive: true });
  const db = await PGlite.create(folder, { loadDataDir: new Blob([fs.readFileSync(file)]) });
  try {
    await db.query('SELECT 1');
  } finally {
    await db.close();
  }
}
