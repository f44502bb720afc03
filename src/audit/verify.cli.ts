/**
 * `npm run audit:verify [-- --digest <hex> --as-of <position>] [-- --json]`
 *
 * Checks the hash chain of every stream in the event store the configuration
 * points at and prints the first broken link by stream and revision; with a
 * digest printed earlier (GET /audit/digest) and its position, also proves that
 * the log up to then is unchanged. Exit code 0 when everything holds, 2 when
 * something does not, 1 on an error. Like every tool it opens the
 * configured database and event store (tool-context.ts). On the embedded database a running
 * server holds the data folder (data-dir-lock.ts): this command then refuses
 * at once and names GET /audit/verify, which does the same in the server.
 */
import { ConfigError, loadConfig } from '../config/app-config';
import { DataDirLocked, assertDataDirFree } from '../database/data-dir-lock';
import { parsePosition } from '../event-store/event-store.port';
import { normaliseDigest } from './digest';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const index = args.indexOf(name);
    return index === -1 ? undefined : args[index + 1];
  };
  const digestText = option('--digest');
  const asOfText = option('--as-of');
  const expectedDigest = digestText === undefined ? undefined : normaliseDigest(digestText);
  if (digestText !== undefined && !expectedDigest) throw new ConfigError('--digest must be 64 hexadecimal digits, as GET /audit/digest printed it');
  const asOf = asOfText === undefined ? undefined : parsePosition(asOfText);
  if (asOfText !== undefined && !asOf) throw new ConfigError('--as-of must be a position as printed with the digest, e.g. 812.4031');

  const config = loadConfig();
  if (!config.databaseUrl) {
    assertDataDirFree(
      config.dataDir,
      'Ask the running server instead: GET /audit/verify?digest=…&asOf=… (role auditor or admin); or stop it and run this again.',
    );
  }
  // Loaded after the check, so that a refusal comes at once.
  const [{ openToolContext }, { AuditLog }] = await Promise.all([import('../tool-context'), import('./audit-log')]);
  const context = await openToolContext(config);
  try {
    const report = await new AuditLog(context.store).verify({ expectedDigest, asOf });
    if (args.includes('--json')) {
      console.log(JSON.stringify(report, null, 2));
    } else {
      const { chains } = report;
      console.log(`Checked ${chains.eventsChecked} events in ${chains.streamsChecked} streams, up to position ${report.checkedUpTo ?? '(empty log)'}.`);
      if (chains.intact) console.log('Every hash chain holds.');
      for (const broken of chains.brokenStreams) {
        console.log(`BROKEN ${broken.streamId} at revision ${broken.revision} (${broken.problem}): ${broken.detail}`);
      }
      if (report.digest) {
        const { digest } = report;
        console.log(
          digest.matches
            ? `The digest at position ${digest.asOf} matches: the log up to then is unchanged (${digest.streams} streams, ${digest.events} events).`
            : `The digest at position ${digest.asOf} does NOT match: expected ${digest.expected}, now ${digest.actual}. The log up to then was changed.`,
        );
      }
    }
    return report.intact ? 0 : 2;
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
