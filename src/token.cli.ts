/**
 * `npm run token -- --role chair --org region-varmland [--sub id] [--name "…"] [--expires 8h]`
 *
 * Prints a bearer token for trying the service in local mode
 * (src/auth/mint-token.cli.ts). `--org` and `--forum` are checked against the
 * collaboration's structure file, the one the register is loaded from
 * (STRUCTURE_FILE, or Värmland's built-in file; docs/structure.md), read
 * without opening the database, so it answers while the server runs: another
 * collaboration's ids work with no code change.
 * The token goes to stdout (nothing else), a summary to stderr.
 */
import { TokenCliError, mintTokenFromArgs, tokenUsage } from './auth/mint-token.cli';
import { ConfigError, loadConfig } from './config/app-config';
import { StructureFileError, structureFileDirectory } from './register/contract';

async function main(): Promise<void> {
  try {
    const file = structureFileDirectory(loadConfig(process.env));
    const structure = { organisations: file.organisations, forums: file.forums, source: `the structure file ${file.source} (${file.collaboration})` };
    if (process.argv.includes('--help') || process.argv.includes('-h')) {
      process.stdout.write(`${tokenUsage(structure)}\n`);
      return;
    }
    const { token, principal, expires } = await mintTokenFromArgs(process.argv.slice(2), process.env, structure);
    process.stdout.write(`${token}\n`);
    process.stderr.write(
      `Local token for ${principal.displayName} (sub ${principal.userId}, org ${principal.organisationId}, roles ${principal.roles.join(', ')}), valid ${expires}.\n`,
    );
  } catch (error) {
    const known = error instanceof TokenCliError || error instanceof ConfigError || error instanceof StructureFileError;
    process.stderr.write(`${known ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}

void main();
