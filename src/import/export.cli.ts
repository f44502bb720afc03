/**
 * `npm run export -- FILE.csv|FILE.xlsx [--question ID]`
 *
 * Writes every question (or one) in the import template (docs/import.md),
 * from the event store the configuration points at; the format follows the
 * file's name. Prints how many questions were written and how many of their
 * events the template has no step for. Exit code 0, or 1 on an error.
 */
import { writeFileSync } from 'node:fs';
import { ConfigError, loadConfig } from '../config/app-config';
import { DataDirLocked, assertDataDirFree } from '../database/data-dir-lock';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const index = args.indexOf('--question');
  const questionId = index === -1 ? undefined : args[index + 1];
  const path = args.find((arg, position) => !arg.startsWith('--') && args[position - 1] !== '--question');
  if (!path || !/\.(csv|xlsx)$/i.test(path)) throw new ConfigError('Name the file to write, .csv or .xlsx: npm run export -- FILE.csv [--question ID]');
  const config = loadConfig();
  if (!config.databaseUrl)
    assertDataDirFree(config.dataDir, 'Export through the running server instead: GET /imports/export (role admin); or stop it and run this again.');
  const [{ openToolContext }, { exportRecords, questionStreams }, { csvText, xlsxBytes }] = await Promise.all([
    import('../tool-context'),
    import('./export'),
    import('./import-file'),
  ]);
  const context = await openToolContext(config);
  try {
    const { records, questions, omitted } = exportRecords(await questionStreams(context.store, questionId));
    writeFileSync(path, /\.xlsx$/i.test(path) ? await xlsxBytes(records) : csvText(records));
    console.log(
      `Wrote ${questions} questions (${records.length - 1} rows) to ${path}; ${omitted.length} events have no step in the template and were left out.`,
    );
    return 0;
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
