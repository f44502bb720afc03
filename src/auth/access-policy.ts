/**
 * Who may do what: THE access matrix, as data. Every command type and every
 * query action has one rule; docs/access.md shows the same table and a test
 * (test/auth/access-doc.spec.ts) keeps the two equal.
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
import type { AssignmentCommandType } from '../assignments/assignment.commands';
import type { MeetingCommandType } from '../meetings/meeting.commands';
import type { YearWheelCommandType } from '../meetings/year-wheel.commands';
import type { QuestionCommandType } from '../questions/question.commands';
import type { RegisterCommandType } from '../register/register.commands';
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

/** A command's type is its action: `RaiseQuestion`, `TakePosition`, … */
export type Action = QuestionCommandType | AssignmentCommandType | MeetingCommandType | YearWheelCommandType | RegisterCommandType | QueryAction;

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

const command = (label: string, roles: readonly Role[], organisationScoped = false): AccessRule => ({
  kind: 'command',
  label,
  roles,
  organisationScoped,
  forumScoped: false,
});
/** A command on a meeting, done in the meeting's forum. */
const meetingCommand = (label: string, roles: readonly Role[]): AccessRule => ({ ...command(label, roles), forumScoped: true });
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
const PROCESS = ['admin', 'working-group', 'chair'] as const;
/** Those who prepare and run meetings: the working group, the chairs and the secretaries. */
const MEETINGS = ['admin', 'working-group', 'chair', 'secretary'] as const;
/** Those who record what a party did: the party itself (own organisation), or a secretary / the working group on its behalf. */
const ON_BEHALF_OF_A_PARTY = ['admin', 'working-group', 'secretary', 'member'] as const;

/** Those who keep the structure register: the administrator and the working group, which organises the structure's processes. */
const REGISTER = ['admin', 'working-group'] as const;

/**
 * `satisfies Record<Action, …>`: adding a command type to question.commands.ts
 * without a rule here does not compile.
 */
export const ACCESS_POLICY = {
  RaiseQuestion: command('Väcka en fråga', ['admin', 'working-group', 'chair', 'secretary', 'member'], true),
  AcceptQuestion: command('Bereda (ta in) en fråga', PROCESS),
  DeclineQuestion: command('Avvisa en fråga', PROCESS),
  MoveQuestionToForum: command('Flytta frågan till ett annat forum', PROCESS),
  RecordDialogue: command('Registrera förd dialog', ['admin', 'working-group', 'chair', 'secretary']),
  // Issued by a meeting's outcome (a continued item on a question), under the outcome's actor.
  TableQuestion: command('Bordlägga frågan (sammanträdets punkt fortsätter)', ['admin', 'chair', 'secretary']),
  SubmitInput: command('Lämna inspel', ON_BEHALF_OF_A_PARTY, true),
  OpenConsultation: command('Skicka ut på remiss', PROCESS),
  AnswerConsultation: command('Lämna remissvar', ON_BEHALF_OF_A_PARTY, true),
  CloseConsultation: command('Avsluta remiss', PROCESS),
  AttachDecisionDocument: command('Bifoga beslutsunderlag', ['admin', 'working-group']),
  TakePosition: command('Ta ställning', ['admin', 'chair']),
  SendBackToDialogue: command('Återförvisa ställningstagandet till dialog', ['admin', 'chair']),
  RecordMemberDecision: command('Registrera beslut i medlemsorganisation', ON_BEHALF_OF_A_PARTY, true),
  CorrectMemberDecision: command('Rätta registrerat beslut', ON_BEHALF_OF_A_PARTY, true),
  RecordFeedbackAtHome: command('Registrera återkoppling på hemmaplan', ON_BEHALF_OF_A_PARTY, true),
  CloseQuestion: command('Avsluta frågan', PROCESS),
  WithdrawQuestion: command('Återkalla frågan', PROCESS),
  ReopenQuestion: command('Återöppna frågan', PROCESS),

  // Assignments (uppdrag), see docs/assignments.md. Scoped ones are done for the responsible person's organisation.
  GiveAssignment: command('Ge ett uppdrag', PROCESS),
  AcceptAssignment: command('Acceptera ett uppdrag', ['admin', 'working-group', 'member'], true),
  NoteAssignmentProgress: command('Lämna lägesrapport om ett uppdrag', ['admin', 'working-group', 'member'], true),
  DeliverAssignment: command('Leverera ett uppdrag', ['admin', 'working-group', 'member'], true),
  ApproveAssignment: command('Godkänna en leverans', PROCESS),
  ReturnAssignment: command('Återremittera en leverans med synpunkter', PROCESS),
  ExtendAssignmentDueDate: command('Förlänga ett uppdrag (ny tidpunkt, med skäl)', PROCESS),
  CancelAssignment: command('Avbryta ett uppdrag', PROCESS),

  // Meetings (sammanträden) and the annual wheel (årshjul), see docs/meetings.md.
  ScheduleMeeting: meetingCommand('Utlysa ett sammanträde', MEETINGS),
  RescheduleMeeting: meetingCommand('Flytta ett sammanträde (med skäl)', MEETINGS),
  CancelMeeting: meetingCommand('Ställa in ett sammanträde (med skäl)', MEETINGS),
  ProposeAgenda: meetingCommand('Föreslå dagordning ur utestående logg', MEETINGS),
  SetAgenda: meetingCommand('Fastställa dagordning', ['admin', 'chair']),
  PublishAgenda: meetingCommand('Publicera dagordning', MEETINGS),
  AmendAgenda: meetingCommand('Ändra publicerad dagordning (med skäl)', ['admin', 'chair']),
  RecordAttendance: meetingCommand('Registrera närvaro', ['admin', 'chair', 'secretary']),
  RecordItemOutcome: meetingCommand('Registrera utfall av en punkt', ['admin', 'chair', 'secretary']),
  DraftMinutes: meetingCommand('Upprätta protokoll', ['admin', 'chair', 'secretary']),
  // Whoever the minutes name as adjuster, in any role but auditor; the meeting's decider refuses anyone not named (not-a-named-adjuster).
  ApproveMinutes: meetingCommand('Justera protokoll', ['admin', 'working-group', 'chair', 'secretary', 'member']),
  PublishMinutes: meetingCommand('Publicera protokoll', ['admin', 'chair', 'secretary']),
  CorrectMinutes: meetingCommand('Rätta justerat protokoll', ['admin', 'chair', 'secretary']),
  ProposeYearWheel: command('Föreslå årshjul', ['admin', 'working-group']),
  AdoptYearWheel: command('Fastställa årshjul', ['admin', 'chair']),

  // The structure register (strukturregistret), see docs/structure.md: kept by the administrator and the working group.
  JoinOrganisation: command('Registrera en ny part (organisation ansluten)', REGISTER),
  LeaveOrganisation: command('Registrera att en part utträtt (med skäl)', REGISTER),
  EstablishForum: command('Registrera ett inrättat forum', REGISTER),
  RenameForum: command('Registrera ett forums nya namn', REGISTER),
  ChangeForumRole: command('Registrera ett forums nya roll', REGISTER),
  MergeForum: command('Registrera att forum slagits samman (med skäl)', REGISTER),
  DiscontinueForum: command('Registrera att ett forum avvecklats (med skäl)', REGISTER),
  RegisterPerson: command('Registrera en person', REGISTER),
  BeginPersonRole: command('Registrera en persons uppdrag (ordförande, ledamot, sekreterare, registrator)', REGISTER),
  EndPersonRole: command('Registrera att en persons uppdrag upphört', REGISTER),
  SeedStructure: command('Läsa in strukturen från strukturfilen (tomt register)', ['admin']),

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
} as const satisfies Record<Action, AccessRule>;

export const ACTIONS = Object.keys(ACCESS_POLICY) as Action[];

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
