/**
 * `npm run import -- FILE [--dry-run] [--user ID] [--name "Full Name"] [--organisation ID] [--json]`
 *
 * Imports a file of the template (docs/import.md), CSV or XLSX, into the
 * event store the configuration points at: through the question decider like
 * every command, whole or not at all. With --dry-run it only reports what
 * would be created and every refused row (row, column, rule). The events are
 * attributed to the person who runs the import, as admin: --user (default: the
 * login name), --name, --organisation (default region-varmland); their
 * metadata names the file and its SHA-256. Exit code 0 when imported (or a
 * clean dry run), 2 when rows were refused, 1 on an error.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { userInfo } from 'node:os';
import { ConfigError, loadConfig } from '../config/app-config';
import { DataDirLocked, assertDataDirFree } from '../database/data-dir-lock';
import { systemClockIn } from '../shared-kernel/clock';
import type { ImportReport } from './importer';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const index = args.indexOf(name);
    return index === -1 ? undefined : args[index + 1];
  };
  const valued = new Set(['--user', '--name', '--organisation']);
  const path = args.find((arg, index) => !arg.startsWith('--') && !valued.has(args[index - 1]));
  if (!path) throw new ConfigError('Name the file to import: npm run import -- FILE [--dry-run]');
  const dryRun = args.includes('--dry-run');
  const userId = option('--user') ?? userInfo().username;
  const actor = { userId, displayName: option('--name') ?? userId, role: 'admin', organisationId: option('--organisation') ?? 'region-varmland' };

  const config = loadConfig();
  if (!config.databaseUrl)
    assertDataDirFree(config.dataDir, 'Import through the running server instead: POST /imports (role admin); or stop it and run this again.');
  const [{ openToolContext }, { importFile }] = await Promise.all([import('../tool-context'), import('./importer')]);
  const context = await openToolContext(config);
  try {
    const report = await importFile(context.store, systemClockIn(config.timeZone), { name: basename(path), bytes: readFileSync(path) }, actor, { dryRun });
    console.log(args.includes('--json') ? JSON.stringify(report, null, 2) : summary(report));
    return report.refusals.length > 0 ? 2 : 0;
  } finally {
    await context.close();
  }
}

function summary(report: ImportReport): string {
  const lines = [`${report.file.name} (${report.file.kind}, SHA-256 ${report.file.sha256}): ${report.rows} rows.`];
  for (const created of report.created) lines.push(`  row ${created.row}: ${created.question} ${created.step} → ${created.events.join(', ')}`);
  if (report.alreadyImported.length > 0) lines.push(`  ${report.alreadyImported.length} rows were imported before; nothing is appended for them.`);
  for (const refusal of report.refusals) lines.push(`  REFUSED row ${refusal.row}, column ${refusal.column} (${refusal.rule}): ${refusal.message}`);
  if (report.refusals.length > 0) lines.push('Nothing was imported: a file imports whole or not at all.');
  else if (report.dryRun) lines.push(`Dry run: would append ${report.events} events to ${report.questions} questions.`);
  else lines.push(report.imported ? `Imported ${report.events} events to ${report.questions} questions.` : 'Nothing new to import.');
  return lines.join('\n');
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof ConfigError || error instanceof DataDirLocked ? error.message : error);
    process.exit(1);
  },
);
