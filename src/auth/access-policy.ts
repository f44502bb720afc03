/**
 * Who may do what: THE access matrix, as data. Every command type and every
 * query action has one rule; docs/access.md shows the same table and a test
 * (test/auth/access-doc.spec.ts) keeps the two equal. The query actions'
 * rules are here; each slice owns its commands' rules, written in the
 * command handler that checks them (exhaustive there: `satisfies
 * Record<…CommandType, AccessRule>`), and adds them with `registerAccessRules`
 * when that file is loaded — auth knows no slice. An action nobody registered is refused, as any unknown action.
 *
 * Enforced in two places, both reading this table:
 * - the application layer: the question command handler calls `authorize` with
 *   the organisation the command is for, so HTTP, scripts and loaders alike are
 *   checked (role and organisation scope);
 * - the HTTP guard: every route names its action with `@Allow(action)` and the
 *   guard refuses a role that may not do it before anything else runs (role only:
 *   the organisation is in the body, which the handler checks).
 *
 * Pure: no framework imports, so the rules can be read and tested on their own.
 */
import type { Actor } from '../event-store/event-store.port';
import { ROLES, ROLE_IDS, Role, isRole } from './roles';

/** Read actions, used by query routes through `@Allow(...)`. */
export const QUERY_ACTIONS = [
  'questions.read',
  'questions.history',
  'log.read',
  'follow-up.read',
  'follow-up.as-of',
  'reference.read',
  'projections.admin',
  'audit.read',
  'assignments.read',
  'meetings.read',
  'register.read',
  'questions.import',
  'reports.read',
] as const;

export type QueryAction = (typeof QUERY_ACTIONS)[number];

/**
 * The command actions, one key per command type: each slice's command
 * handler adds its command types here (`declare module '…/auth/access-policy'`), so
 * `Action` names every command without this file importing a slice.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the slices' declaration merging
export interface CommandActions {}

/** A command's type is its action: `RaiseQuestion`, `TakePosition`, … */
export type CommandAction = keyof CommandActions & string;
export type Action = CommandAction | QueryAction;

export interface AccessRule {
  kind: 'command' | 'query';
  /** Swedish name of the action, as in docs/access.md. */
  label: string;
  /** The roles that may do it. */
  roles: readonly Role[];
  /**
   * Done for one member organisation, named in the command (`organisationId`,
   * or the organisation a question is raised by). A role whose scope is
   * `own-organisation` (member) may then do it only for the token's `org`.
   */
  organisationScoped: boolean;
  /**
   * Done in one forum's meeting (the meeting's forum). A forum-scoped role
   * (secretary) may then do it only in the forums its token names (`forums`).
   */
  forumScoped: boolean;
}

export const command = (label: string, roles: readonly Role[], organisationScoped = false): AccessRule => ({
  kind: 'command',
  label,
  roles,
  organisationScoped,
  forumScoped: false,
});
/** A command on a meeting, done in the meeting's forum. */
export const meetingCommand = (label: string, roles: readonly Role[]): AccessRule => ({ ...command(label, roles), forumScoped: true });
const query = (label: string, roles: readonly Role[], organisationScoped = false): AccessRule => ({
  kind: 'query',
  label,
  roles,
  organisationScoped,
  forumScoped: false,
});

/**
 * Roles that serve particular forums: a secretary keeps the minutes of the
 * forums it serves, named in its token's `forums` claim until a structure
 * register exists. Other roles act for the collaboration as a whole.
 */
export const FORUM_SCOPED_ROLES: readonly Role[] = ['secretary'];

/** Those who run the collaboration's processes: the working group and the chairs. */
export const PROCESS = ['admin', 'working-group', 'chair'] as const;
/** Those who record what a party did: the party itself (own organisation), or a secretary / the working group on its behalf. */
export const ON_BEHALF_OF_A_PARTY = ['admin', 'working-group', 'secretary', 'member'] as const;

/**
 * The query actions' rules. Commands' rules are the slices' (in their
 * command handlers); together they are ACCESS_POLICY.
 */
const QUERY_ACCESS = {
  'questions.read': query('Läsa frågor och deras aktuella läge', ROLE_IDS),
  'questions.history': query('Läsa en frågas historik (vem, när, i vilken roll, varför)', ['admin', 'working-group', 'chair', 'secretary', 'auditor']),
  'log.read': query('Läsa utestående logg', ['admin', 'working-group', 'chair', 'secretary', 'auditor']),
  'follow-up.read': query('Läsa uppföljning (vad varje part har kvar att göra)', ROLE_IDS),
  'follow-up.as-of': query('Läsa en parts uppföljning vid ett tidigare datum', ROLE_IDS, true),
  'reference.read': query('Läsa referensdata (parter, forum)', ROLE_IDS),
  'projections.admin': query('Underhålla läsmodeller (projektioner)', ['admin']),
  'audit.read': query('Revision: hela händelseloggen, läget vid valfri tidpunkt', ['admin', 'auditor']),
  'assignments.read': query('Läsa uppdrag (vad, vem, till när, försenade)', ROLE_IDS),
  'meetings.read': query('Läsa sammanträden, dagordningar, protokoll och årshjul', ROLE_IDS),
  'questions.import': query('Importera frågor med datum ur en fil (CSV, XLSX)', ['admin']),
  'register.read': query('Läsa strukturregistret (parter, forum, personer och uppdrag vid ett datum)', ROLE_IDS),
  'reports.read': query('Läsa årsrapporten om samverkansstrukturen', ROLE_IDS),
} as const satisfies Record<QueryAction, AccessRule>;

/** The whole matrix: the query actions' rules and every rule a slice registered. */
export const ACCESS_POLICY = { ...QUERY_ACCESS } as Record<Action, AccessRule>;

/** Every action with a rule, in the order the rules were registered (the query actions first). */
export const ACTIONS: Action[] = [...QUERY_ACTIONS];

/**
 * Adds a slice's command rules to the matrix. A slice's command handler calls
 * it once, with a rule for each of its command types; an action that
 * already has a rule is a mistake in the wiring and fails at load.
 */
export function registerAccessRules(rules: Partial<Record<CommandAction, AccessRule>>): void {
  for (const [action, rule] of Object.entries(rules) as Array<[CommandAction, AccessRule]>) {
    if (Object.prototype.hasOwnProperty.call(ACCESS_POLICY, action)) throw new Error(`The access rule for ${action} is registered twice`);
    ACCESS_POLICY[action] = rule;
    ACTIONS.push(action);
  }
}

export function isAction(value: unknown): value is Action {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ACCESS_POLICY, value);
}

/** Refusal by access control: answered with 403 and a sentence naming role, action and, for scope, the organisation. */
export class AccessDenied extends Error {
  constructor(
    message: string,
    readonly details: { role: string; action?: string; organisationId?: string; forum?: string },
  ) {
    super(message);
    this.name = 'AccessDenied';
  }
}

/** May this role do this action at all (ignoring organisation scope)? */
export function roleMay(role: string, action: Action): boolean {
  return isRole(role) && (ACCESS_POLICY[action].roles as readonly string[]).includes(role);
}

/** Role check only: used where the organisation is not known yet (the HTTP guard, before the body is read). */
export function authorizeRole(actor: Actor, action: Action): void {
  const rule: AccessRule | undefined = isAction(action) ? ACCESS_POLICY[action] : undefined;
  if (!rule) throw new AccessDenied(`"${String(action)}" is not a known action; nothing is allowed by default`, { role: actor.role, action });
  if (!isRole(actor.role)) {
    throw new AccessDenied(`"${actor.role}" is not a role of Frågespår (${ROLE_IDS.join(', ')}), so it may not ${action}`, { role: actor.role, action });
  }
  if (!roleMay(actor.role, action)) {
    throw new AccessDenied(
      `The role ${actor.role} (${ROLES[actor.role].label}) may not ${action} (${rule.label}); it is allowed for: ${rule.roles.join(', ')}`,
      { role: actor.role, action },
    );
  }
}

/**
 * Throws AccessDenied unless the actor's role may do the action and, for an
 * organisation-scoped action, an own-organisation role (member) does it for its
 * own organisation. `organisationId`: the organisation the command is for, if any.
 */
export function authorize(actor: Actor, action: Action, organisationId?: string): void {
  authorizeRole(actor, action);
  const role = actor.role as Role;
  if (!ACCESS_POLICY[action].organisationScoped || ROLES[role].scope === 'any-organisation') return;
  if (organisationId === actor.organisationId) return;
  const who = `The role ${role} (${ROLES[role].label}) acts for its own organisation (${actor.organisationId}) only`;
  throw new AccessDenied(
    organisationId === undefined
      ? `${who}; this ${action} is not for an organisation (e.g. raised in a forum's name), so ${role} may not do it`
      : `${who}, so it may not ${action} for ${organisationId}`,
    { role, action, ...(organisationId !== undefined ? { organisationId } : {}) },
  );
}

/**
 * Throws AccessDenied unless the actor may act in `forum`: a forum-scoped role
 * (secretary) only in the forums its token names (`forums`; none when absent),
 * for a forum-scoped action (a meeting command). Other roles pass.
 */
export function authorizeForum(actor: Actor, action: Action, forum: string, forums: readonly string[] | undefined): void {
  if (!ACCESS_POLICY[action].forumScoped || !(FORUM_SCOPED_ROLES as readonly string[]).includes(actor.role)) return;
  if (forums?.includes(forum)) return;
  const role = actor.role as Role;
  throw new AccessDenied(
    `The role ${role} (${ROLES[role].label}) serves the forums its token names (${forums?.length ? forums.join(', ') : 'none'}), so it may not ${action} in a meeting of ${forum}`,
    { role, action, forum },
  );
}

/** Whether the actor's role is limited to particular forums (so a meeting's forum must be known before its command runs). */
export function isForumScoped(actor: Actor): boolean {
  return (FORUM_SCOPED_ROLES as readonly string[]).includes(actor.role);
}
