/**
 * `npm run token -- --role chair --org region-varmland [--sub id] [--name "…"] [--expires 8h]`
 * `npm run token -- --sub <sign-in subject> | --email <address>` (a person of the structure register)
 *
 * Prints a bearer token for trying the service in local mode
 * (src/auth/mint-token.cli.ts). `--org` and `--forum` are checked against the
 * structure register as the app reads it (every organisation and forum it
 * knows, those added through the API too), and a person it names by
 * `--sub` or `--email` takes their organisation, roles and forums from it, as
 * the app resolves a signed-in person (ROLES_FROM=register: only those).
 * Where the register cannot be read — the embedded database's folder is the
 * running server's alone — or the database holds none yet, the collaboration's
 * structure file (STRUCTURE_FILE, or Värmland's built-in one) is used, and
 * stderr says so (src/register/token-directory.ts, docs/access.md).
 * The token goes to stdout (nothing else), a summary to stderr.
 */
import { TokenCliError, mintTokenFromArgs, tokenUsage } from './auth/mint-token.cli';
import { ConfigError, loadConfig } from './config/app-config';
import { StructureFileError, tokenDirectory } from './register/contract';
import { today } from './shared-kernel/calendar';
import { systemClockIn } from './shared-kernel/clock';

async function main(): Promise<void> {
  try {
    const config = loadConfig(process.env);
    const structure = await tokenDirectory(config, today(systemClockIn(config.timeZone)));
    if (structure.note) process.stderr.write(`Checked against ${structure.source}: ${structure.note}.\n`);
    if (process.argv.includes('--help') || process.argv.includes('-h')) {
      process.stdout.write(`${tokenUsage(structure)}\n`);
      return;
    }
    const { token, principal, expires, registered } = await mintTokenFromArgs(process.argv.slice(2), process.env, structure);
    process.stdout.write(`${token}\n`);
    process.stderr.write(
      `Local token for ${principal.displayName} (sub ${principal.userId}, org ${principal.organisationId}, roles ${principal.roles.join(', ')}${principal.forums ? `, forums ${principal.forums.join(', ')}` : ''}), valid ${expires}` +
        `${registered ? '; as the structure register names them today' : ''}.\n`,
    );
  } catch (error) {
    const known = error instanceof TokenCliError || error instanceof ConfigError || error instanceof StructureFileError;
    process.stderr.write(`${known ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}

void main();
