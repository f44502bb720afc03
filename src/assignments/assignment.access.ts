/**
 * Who may give each assignment command: the assignment slice's rows of the
 * access matrix (docs/access.md), registered with auth when this file is
 * loaded (the assignment's command handler and controller import it).
 */
import { type AccessRule, PROCESS, command, registerAccessRules } from '../auth/access-policy';
import type { AssignmentCommandType } from './assignment.commands';

declare module '../auth/access-policy' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: names the slice's command types as actions
  interface CommandActions extends Record<AssignmentCommandType, true> {}
}

/** `satisfies Record<AssignmentCommandType, …>`: a command type without a rule here does not compile. */
export const ASSIGNMENT_ACCESS = {
  // Assignments (uppdrag), see docs/assignments.md. Scoped ones are done for the responsible person's organisation.
  GiveAssignment: command('Ge ett uppdrag', PROCESS),
  AcceptAssignment: command('Acceptera ett uppdrag', ['admin', 'working-group', 'member'], true),
  NoteAssignmentProgress: command('Lämna lägesrapport om ett uppdrag', ['admin', 'working-group', 'member'], true),
  DeliverAssignment: command('Leverera ett uppdrag', ['admin', 'working-group', 'member'], true),
  ApproveAssignment: command('Godkänna en leverans', PROCESS),
  ReturnAssignment: command('Återremittera en leverans med synpunkter', PROCESS),
  ExtendAssignmentDueDate: command('Förlänga ett uppdrag (ny tidpunkt, med skäl)', PROCESS),
  CancelAssignment: command('Avbryta ett uppdrag', PROCESS),
} as const satisfies Record<AssignmentCommandType, AccessRule>;

registerAccessRules(ASSIGNMENT_ACCESS);
