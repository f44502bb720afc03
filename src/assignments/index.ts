/**
 * The assignment slice's write side, for the callers that give its commands
 * besides its own controller (the web forms, src/web/): the bus command, the
 * command and state types, the request shapes the API validates, the rule
 * ids and labels, and how a giving command names its assignment.
 */
import { foldEvents, idCreatedBy, streamIdOf } from '../command-handling/execute-with-decider';
import type { RecordedEvent } from '../event-store/event-store.port';
import { assignmentDecider } from './assignment.decider';
import type { AssignmentState } from './assignment.state';

export { ExecuteAssignmentCommand } from './execute-assignment-command';
export type { AssignmentCommand } from './assignment.commands';
export type { AssignmentRule } from './assignment.decider';
export { ASSIGNMENT_STATUS_LABELS, type ExistingAssignmentState } from './assignment.state';
export { ASSIGNMENT_EVENT_LABELS, DELIVERABLE_KINDS, type AssigningForum, type DeliverableKind } from './assignment.events';
export {
  ApproveAssignmentDto,
  CancelAssignmentDto,
  DeliverAssignmentDto,
  ExtendAssignmentDto,
  GiveAssignmentDto,
  ProgressNoteDto,
  ReturnAssignmentDto,
} from './assignment.dto';
export { assignmentsProjection } from './assignment.projection';

/** The stream an assignment's events are stored in. */
export function assignmentStreamId(assignmentId: string): string {
  return streamIdOf(assignmentDecider, assignmentId);
}

/** The state an assignment's stored events fold to. */
export function foldAssignment(events: RecordedEvent[]): AssignmentState {
  return foldEvents(assignmentDecider, events);
}

/** The id a GiveAssignment command gives its new assignment (as POST /assignments does). */
export function assignmentIdCreatedBy(commandId: string): string {
  return idCreatedBy(commandId, 'assignment');
}
