/**
 * `npm run token -- --role chair --org region-varmland [--sub id] [--name "…"] [--expires 8h]`
 *
 * Prints a bearer token for trying the service in local mode. It reads the
 * configuration exactly as the app does (loadConfig), so it signs with the same
 * secret: AUTH_JWT_SECRET, or the one generated under DATA_DIR. Refuses when
 * AUTH_JWKS_URL is set: then tokens come from the identity provider.
 * The token goes to stdout (nothing else), a summary to stderr.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/app-config';
import { FORUM_IDS } from '../reference-data/forums';
import { ORGANISATION_IDS, findOrganisation, isOrganisationId } from '../reference-data/organisations';
import { ROLES, ROLE_IDS, Role, isRole } from './roles';
import { Principal, TokenVerifier } from './token-verifier';

export const TOKEN_USAGE = `Usage: npm run --silent token -- --role <role> --org <organisation> [--role <another role>] [--forum <forum>] [--sub <user id>] [--name "<display name>"] [--expires 8h]
  --role     ${ROLE_IDS.join(' | ')} (repeat for several; X-Acting-Role picks one per request)
  --org      one of the 17 parties: ${ORGANISATION_IDS.join(', ')}
  --forum    a forum a secretary serves (repeat for several): ${FORUM_IDS.join(', ')}
  --sub      the person's id (default: <role>.<org>)
  --name     display name stored on events (default: "<role label>, <organisation name>")
  --expires  lifetime, e.g. 30m, 8h, 7d (default 8h)`;

export class TokenCliError extends Error {}

export interface MintedToken {
  token: string;
  principal: Principal;
  expires: string;
}

export async function mintTokenFromArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<MintedToken> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        role: { type: 'string', multiple: true },
        org: { type: 'string' },
        forum: { type: 'string', multiple: true },
        sub: { type: 'string' },
        name: { type: 'string' },
        expires: { type: 'string', default: '8h' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new TokenCliError(`${(error as Error).message}\n${TOKEN_USAGE}`);
  }
  if (values.help) throw new TokenCliError(TOKEN_USAGE);

  const roles = values.role ?? [];
  if (roles.length === 0) throw new TokenCliError(`--role is required\n${TOKEN_USAGE}`);
  const unknownRole = roles.find((role) => !isRole(role));
  if (unknownRole !== undefined) throw new TokenCliError(`Unknown role "${unknownRole}"; roles: ${ROLE_IDS.join(', ')}`);
  const org = values.org;
  if (!org) throw new TokenCliError(`--org is required\n${TOKEN_USAGE}`);
  if (!isOrganisationId(org)) throw new TokenCliError(`Unknown organisation "${org}"; one of: ${ORGANISATION_IDS.join(', ')}`);
  const forums = values.forum;
  const unknownForum = forums?.find((forum) => !(FORUM_IDS as readonly string[]).includes(forum));
  if (unknownForum !== undefined) throw new TokenCliError(`Unknown forum "${unknownForum}"; one of: ${FORUM_IDS.join(', ')}`);
  const expires = values.expires;
  if (!/^\d+\s*(s|sec|secs|second|seconds|m|min|mins|minute|minutes|h|hr|hrs|hour|hours|d|day|days|w|week|weeks)$/i.test(expires)) {
    throw new TokenCliError(`--expires must be a duration such as 30m, 8h or 7d, got "${expires}"`);
  }

  const config = loadConfig(env);
  if (config.auth.jwksUrl) {
    throw new TokenCliError('AUTH_JWKS_URL is set: tokens come from your identity provider, and this command only mints tokens in local mode.');
  }
  const firstRole = roles[0] as Role;
  const principal: Principal = {
    userId: values.sub || `${firstRole}.${org}`,
    displayName: values.name || `${ROLES[firstRole].label}, ${findOrganisation(org).name}`,
    organisationId: org,
    roles,
    ...(forums ? { forums } : {}),
  };
  const token = await TokenVerifier.create(config).mint(principal, expires);
  return { token, principal, expires };
}

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(`${TOKEN_USAGE}\n`);
    return;
  }
  try {
    const { token, principal, expires } = await mintTokenFromArgs(process.argv.slice(2));
    process.stdout.write(`${token}\n`);
    process.stderr.write(
      `Local token for ${principal.displayName} (sub ${principal.userId}, org ${principal.organisationId}, roles ${principal.roles.join(', ')}), valid ${expires}.\n`,
    );
  } catch (error) {
    process.stderr.write(`${error instanceof TokenCliError || error instanceof ConfigError ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}

if (require.main === module) void main();
