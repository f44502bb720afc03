/**
 * What `npm run token` mints a bearer token from, for trying the service in
 * local mode (the command itself: src/token.cli.ts). It reads the
 * configuration exactly as the app does (loadConfig), so it signs with the same
 * secret: AUTH_JWT_SECRET, or the one generated under DATA_DIR. Refuses when
 * AUTH_JWKS_URL is set: then tokens come from the identity provider.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/app-config';
import { FORUM_IDS } from '../reference-data/forums';
import { ORGANISATIONS } from '../reference-data/organisations';
import { ROLES, ROLE_IDS, Role, isRole } from './roles';
import { Principal, TokenVerifier } from './token-verifier';

/**
 * The organisations and forums `--org` and `--forum` may name: the
 * collaboration's structure file (docs/structure.md), which the command
 * hands in; Värmland's default data when none is given.
 */
export interface TokenStructure {
  organisations: ReadonlyArray<{ id: string; name: string }>;
  forums: readonly string[];
  /** Where they come from, for a refusal's sentence. */
  source: string;
}

const DEFAULT_STRUCTURE: TokenStructure = { organisations: ORGANISATIONS, forums: FORUM_IDS, source: 'the default structure (Samverkan Värmland)' };

export function tokenUsage(structure: TokenStructure = DEFAULT_STRUCTURE): string {
  return `Usage: npm run --silent token -- --role <role> --org <organisation> [--role <another role>] [--forum <forum>] [--sub <user id>] [--name "<display name>"] [--expires 8h]
  --role     ${ROLE_IDS.join(' | ')} (repeat for several; X-Acting-Role picks one per request)
  --org      an organisation of ${structure.source}: ${structure.organisations.map((organisation) => organisation.id).join(', ')}
  --forum    a forum a secretary serves (repeat for several): ${structure.forums.join(', ')}
  --sub      the person's id (default: <role>.<org>)
  --name     display name stored on events (default: "<role label>, <organisation name>")
  --expires  lifetime, e.g. 30m, 8h, 7d (default 8h)`;
}

export class TokenCliError extends Error {}

export interface MintedToken {
  token: string;
  principal: Principal;
  expires: string;
}

export async function mintTokenFromArgs(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  structure: TokenStructure = DEFAULT_STRUCTURE,
): Promise<MintedToken> {
  const usage = tokenUsage(structure);
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
    throw new TokenCliError(`${(error as Error).message}\n${usage}`);
  }
  if (values.help) throw new TokenCliError(usage);

  const roles = values.role ?? [];
  if (roles.length === 0) throw new TokenCliError(`--role is required\n${usage}`);
  const unknownRole = roles.find((role) => !isRole(role));
  if (unknownRole !== undefined) throw new TokenCliError(`Unknown role "${unknownRole}"; roles: ${ROLE_IDS.join(', ')}`);
  const org = values.org;
  if (!org) throw new TokenCliError(`--org is required\n${usage}`);
  const organisation = structure.organisations.find((candidate) => candidate.id === org);
  if (!organisation) {
    throw new TokenCliError(`Unknown organisation "${org}" in ${structure.source}; one of: ${structure.organisations.map(({ id }) => id).join(', ')}`);
  }
  const forums = values.forum;
  const unknownForum = forums?.find((forum) => !structure.forums.includes(forum));
  if (unknownForum !== undefined) throw new TokenCliError(`Unknown forum "${unknownForum}" in ${structure.source}; one of: ${structure.forums.join(', ')}`);
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
    displayName: values.name || `${ROLES[firstRole].label}, ${organisation.name}`,
    organisationId: org,
    roles,
    ...(forums ? { forums } : {}),
  };
  const token = await TokenVerifier.create(config).mint(principal, expires);
  return { token, principal, expires };
}
