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
 * The organisations and forums `--org` and `--forum` may name, and the people
 * `--sub` and `--email` may name: the structure register where the command
 * could read it, else the collaboration's structure file (docs/structure.md),
 * which the command hands in (src/register/token-directory.ts); Värmland's
 * default data when none is given.
 */
export interface TokenStructure {
  organisations: ReadonlyArray<{ id: string; name: string }>;
  forums: readonly string[];
  /** Where they come from, for a refusal's sentence. */
  source: string;
  /** A person the register names, by sign-in subject or else e-mail, as the app finds a signed-in person; absent where the register was not read. */
  person?: (subject: { userId: string; email?: string }) => RegisteredPerson | undefined;
  /** The roles a token carries beside the register's (admin, auditor). */
  rolesOutsideTheRegister?: readonly string[];
}

/** Who the register says a person is on the day: the app's reading (ROLES_FROM=register). */
export interface RegisteredPerson {
  userId?: string;
  name: string;
  organisationId: string;
  roles: string[];
  forums: string[];
}

const DEFAULT_STRUCTURE: TokenStructure = { organisations: ORGANISATIONS, forums: FORUM_IDS, source: 'the default structure (Samverkan Värmland)' };
const OUTSIDE_THE_REGISTER = ['admin', 'auditor'];

export function tokenUsage(structure: TokenStructure = DEFAULT_STRUCTURE): string {
  return `Usage: npm run --silent token -- --role <role> --org <organisation> [--role <another role>] [--forum <forum>] [--sub <user id>] [--name "<display name>"] [--expires 8h]
       npm run --silent token -- --sub <sign-in subject> | --email <address>   (a person of the structure register)
  --role     ${ROLE_IDS.join(' | ')} (repeat for several; X-Acting-Role picks one per request)
  --org      an organisation of ${structure.source}: ${structure.organisations.map((organisation) => organisation.id).join(', ')}
  --forum    a forum a secretary serves (repeat for several): ${structure.forums.join(', ')}
  --sub      the person's id (default: <role>.<org>); a person the register names takes their organisation, roles and forums from it
  --email    the person's e-mail (the claim email), by which the register finds a person it knows by no subject
  --name     display name stored on events (default: the register's name, or "<role label>, <organisation name>")
  --expires  lifetime, e.g. 30m, 8h, 7d (default 8h)`;
}

export class TokenCliError extends Error {}

export interface MintedToken {
  token: string;
  principal: Principal;
  expires: string;
  /** The register's person the token is for, where it names one. */
  registered?: RegisteredPerson;
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
        email: { type: 'string' },
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

  const givenRoles = values.role ?? [];
  const unknownRole = givenRoles.find((role) => !isRole(role));
  if (unknownRole !== undefined) throw new TokenCliError(`Unknown role "${unknownRole}"; roles: ${ROLE_IDS.join(', ')}`);
  const expires = values.expires;
  if (!/^\d+\s*(s|sec|secs|second|seconds|m|min|mins|minute|minutes|h|hr|hrs|hour|hours|d|day|days|w|week|weeks)$/i.test(expires)) {
    throw new TokenCliError(`--expires must be a duration such as 30m, 8h or 7d, got "${expires}"`);
  }
  const config = loadConfig(env);
  if (config.auth.jwksUrl) {
    throw new TokenCliError('AUTH_JWKS_URL is set: tokens come from your identity provider, and this command only mints tokens in local mode.');
  }

  // A person the register names: who they are comes from it, as the app reads a signed-in person (docs/access.md).
  const email = values.email?.trim() || undefined;
  const registered = values.sub || email ? structure.person?.({ userId: values.sub ?? '', ...(email ? { email } : {}) }) : undefined;
  const outside = structure.rolesOutsideTheRegister ?? OUTSIDE_THE_REGISTER;
  const fromRegister = config.auth.rolesFrom === 'register';
  if (registered && fromRegister) {
    // The app takes the register's organisation, roles and forums for this person and only admin and auditor from the token.
    const ignored = [
      ...givenRoles.filter((role) => !outside.includes(role)).map((role) => `--role ${role}`),
      ...(values.org ? [`--org ${values.org}`] : []),
      ...(values.forum ?? []).map((forum) => `--forum ${forum}`),
    ];
    if (ignored.length > 0) {
      throw new TokenCliError(
        `ROLES_FROM=register: the structure register says who ${values.sub ?? email} is (${registered.organisationId}; ${registered.roles.join(', ')}), and the app takes no ${ignored.join(', ')} from the token; leave them out (only ${outside.join(' and ')} are taken from the token)`,
      );
    }
  }
  if (!registered && fromRegister && structure.person) {
    // The app refuses a person the register does not name, unless the token makes them admin or auditor, and then takes only those roles.
    const whom = `${structure.source} names no person with the sign-in subject ${values.sub ?? '(none given)'}${email ? ` or the e-mail ${email}` : ''}`;
    if (!givenRoles.some((role) => outside.includes(role))) {
      throw new TokenCliError(
        `ROLES_FROM=register: ${whom}, so the app would refuse the token (403). Register them (POST /register/people with userId), or give --role admin or --role auditor with --org.`,
      );
    }
    const dropped = givenRoles.filter((role) => !outside.includes(role));
    if (dropped.length > 0) {
      throw new TokenCliError(
        `ROLES_FROM=register: ${whom}, so the app takes only ${outside.join(' and ')} from the token, not ${dropped.join(', ')}; leave them out`,
      );
    }
  }

  const roles =
    givenRoles.length > 0 && !(registered && fromRegister)
      ? givenRoles
      : [...(registered?.roles ?? []), ...givenRoles.filter((role) => outside.includes(role))];
  if (roles.length === 0) throw new TokenCliError(`--role is required (or --sub / --email of a person the structure register names)\n${usage}`);
  const org = (fromRegister ? undefined : values.org) ?? registered?.organisationId ?? values.org;
  if (!org) throw new TokenCliError(`--org is required (or --sub / --email of a person the structure register names)\n${usage}`);
  const organisation = structure.organisations.find((candidate) => candidate.id === org);
  if (!organisation) {
    throw new TokenCliError(`Unknown organisation "${org}" in ${structure.source}; one of: ${structure.organisations.map(({ id }) => id).join(', ')}`);
  }
  const forums = values.forum ?? (registered && registered.forums.length > 0 ? registered.forums : undefined);
  const unknownForum = forums?.find((forum) => !structure.forums.includes(forum));
  if (unknownForum !== undefined) throw new TokenCliError(`Unknown forum "${unknownForum}" in ${structure.source}; one of: ${structure.forums.join(', ')}`);

  const firstRole = roles[0] as Role;
  const principal: Principal = {
    userId: values.sub || registered?.userId || email || `${firstRole}.${org}`,
    displayName: values.name || registered?.name || `${ROLES[firstRole].label}, ${organisation.name}`,
    organisationId: org,
    roles,
    ...(forums ? { forums } : {}),
    ...(email ? { email } : {}),
  };
  const token = await TokenVerifier.create(config).mint(principal, expires);
  return { token, principal, expires, ...(registered ? { registered } : {}) };
}
