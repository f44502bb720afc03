/**
 * The rules of an assignment (uppdrag): `decide` turns a command into events or
 * refuses it with the rule it breaks. Pure: time and actor arrive in the context.
 * State and `evolve` live in assignment.state.ts and are re-exported here.
 */
import type { Actor } from '../event-store/event-store.port';
import { AggregateNotFound, DomainRuleViolation } from '../shared-kernel/domain-errors';
import { knownIds, type KnownIds } from '../reference-data/organisations';
import type { AssignmentCommand, AssignmentSystemCommand } from './assignment.commands';
import { ASSIGNMENT_EVENT_SCHEMA_VERSIONS, DELIVERABLE_KINDS, type AssignmentEvent, type DeliveredDocument, type ResponsiblePerson } from './assignment.events';
import { type AssignmentState, type AssignmentStatus, type ExistingAssignmentState, evolve, initialState } from './assignment.state';

export { evolve, initialState } from './assignment.state';
export type { AssignmentState } from './assignment.state';

export interface AssignmentCommandContext {
  actor: Actor;
  /** ISO-8601 instant at which the command was received. */
  now: string;
  /**
   * The organisations and forums the structure register knows, and the forums
   * it has ended (absent while it is empty: the default data's, none ended).
   */
  structure?: {
    organisations?: Readonly<Record<string, { kind: 'region' | 'municipality' | 'other' }>>;
    forums?: readonly string[];
    endedForums?: Readonly<Record<string, { on: string; how: 'merged' | 'discontinued'; intoForumId?: string }>>;
  };
}

/** Every rule `decide` can refuse a command with; stable ids. */
export type AssignmentRule =
  | 'assignment-already-exists'
  | 'required-field-blank'
  | 'invalid-date'
  | 'invalid-url'
  | 'unknown-organisation'
  | 'unknown-assigning-forum'
  | 'forum-not-open'
  | 'unknown-deliverable'
  | 'question-required-for-decision-document'
  | 'duplicate-question'
  | 'due-date-in-the-past'
  | 'assignment-not-given'
  | 'assignment-not-in-progress'
  | 'assignment-not-delivered'
  | 'assignment-closed'
  | 'reason-required'
  | 'comments-required'
  | 'extension-not-later'
  | 'proposed-position-required';

type Data<C extends AssignmentCommand['type']> = Extract<AssignmentCommand, { type: C }>['data'];
type Assignment = ExistingAssignmentState;

export function decide(command: AssignmentCommand | AssignmentSystemCommand, state: AssignmentState, context: AssignmentCommandContext): AssignmentEvent[] {
  if (command.type === 'GiveAssignment') return [give(command.data, state, context)];
  if (!state.exists) throw new AggregateNotFound('Assignment', command.data.assignmentId);
  if (command.type === 'RecordApprovalNotAttached') {
    // A fact about the question's refusal, recorded on the approved assignment; once per approval and question.
    const { questionId, approvalEventId, rule, message } = command.data;
    if ((state.notAttached ?? []).some((entry) => entry.approvalEventId === approvalEventId && entry.questionId === questionId)) return [];
    return [{ type: 'ApprovalNotAttached', data: { assignmentId: state.id, questionId, approvalEventId, rule, message } }];
  }
  if (state.status === 'approved' || state.status === 'cancelled') {
    refuse('assignment-closed', `Assignment ${state.id} is ${state.status}; nothing more can be done with it`);
  }
  const assignmentId = state.id;
  switch (command.type) {
    case 'AcceptAssignment':
      requireStatus(state, 'given', 'assignment-not-given', 'accepted');
      return [{ type: 'AssignmentAccepted', data: { assignmentId } }];
    case 'NoteAssignmentProgress':
      requireStatus(state, 'in-progress', 'assignment-not-in-progress', 'given a progress note');
      requireText(command.data.note, 'note');
      return [{ type: 'AssignmentProgressNoted', data: { assignmentId, note: command.data.note } }];
    case 'DeliverAssignment':
      requireStatus(state, 'in-progress', 'assignment-not-in-progress', 'delivered');
      return [{ type: 'AssignmentDelivered', data: { assignmentId, document: deliveredDocument(command.data.document, state) } }];
    case 'ApproveAssignment':
      requireStatus(state, 'delivered', 'assignment-not-delivered', 'approved');
      return [{ type: 'AssignmentApproved', data: { assignmentId, ...(command.data.comment ? { comment: command.data.comment } : {}) } }];
    case 'ReturnAssignment':
      requireStatus(state, 'delivered', 'assignment-not-delivered', 'returned');
      if (!command.data.comments?.trim()) refuse('comments-required', 'Returning a delivery needs comments saying what is to be changed');
      return [{ type: 'AssignmentReturned', data: { assignmentId, comments: command.data.comments } }];
    case 'ExtendAssignmentDueDate':
      return [extend(command.data, state)];
    case 'CancelAssignment':
      requireReason(command.data.reason, 'cancel an assignment');
      return [{ type: 'AssignmentCancelled', data: { assignmentId, reason: command.data.reason } }];
  }
}

function give(data: Data<'GiveAssignment'>, state: AssignmentState, context: AssignmentCommandContext): AssignmentEvent {
  if (state.exists) refuse('assignment-already-exists', `Assignment ${data.assignmentId} has already been given`);
  requireText(data.assignmentId, 'assignmentId');
  const known = knownIds(context.structure);
  givingForum(data.givenBy, known, context);
  requireText(data.title, 'title');
  requireText(data.purpose, 'purpose');
  if (!DELIVERABLE_KINDS.includes(data.deliverable)) {
    refuse('unknown-deliverable', `deliverable must be one of ${DELIVERABLE_KINDS.join(', ')}, got "${String(data.deliverable)}"`);
  }
  data.questionIds.forEach((id, index) => requireText(id, `questionIds[${index}]`));
  if (new Set(data.questionIds).size !== data.questionIds.length) refuse('duplicate-question', 'questionIds names a question more than once');
  if (data.deliverable === 'decision-document' && data.questionIds.length === 0) {
    refuse('question-required-for-decision-document', 'A decision document (beslutsunderlag) is prepared for a question: name at least one in questionIds');
  }
  const responsible = responsiblePerson(data.responsible, known);
  requireDate(data.dueDate, 'dueDate');
  // The date part of `now` in UTC: lenient by the time-zone offset around midnight, never strict.
  if (data.dueDate < context.now.slice(0, 10)) refuse('due-date-in-the-past', `dueDate ${data.dueDate} has already passed`);
  const { assignmentId, givenBy, title, description, purpose, deliverable, dueDate } = data;
  return {
    type: 'AssignmentGiven',
    data: { assignmentId, givenBy, title, description: description ?? '', purpose, deliverable, questionIds: [...data.questionIds], responsible, dueDate },
  };
}

/**
 * Any forum the register knows gives assignments (docs/structure.md): in
 * Värmland usually Ordföranderådet, Värmlandsrådet or the working group, in
 * another collaboration its own forums. One the register has ended (merged or
 * discontinued by today) gives none.
 */
function givingForum(givenBy: string, known: KnownIds, context: AssignmentCommandContext): void {
  if (typeof givenBy !== 'string' || !known.isForum(givenBy)) {
    refuse('unknown-assigning-forum', `givenBy "${String(givenBy)}" is no forum in ${known.source}`);
  }
  const ended = context.structure?.endedForums?.[givenBy];
  // The date part of `now` in UTC, as for the due date below.
  if (ended && ended.on <= context.now.slice(0, 10)) {
    const how = ended.how === 'merged' ? `merged into ${ended.intoForumId ?? 'another forum'}` : 'discontinued';
    refuse('forum-not-open', `givenBy "${givenBy}" was ${how} on ${ended.on}; an open forum gives the assignment (see GET /forums)`);
  }
}

function extend(data: Data<'ExtendAssignmentDueDate'>, assignment: Assignment): AssignmentEvent {
  if (assignment.status === 'delivered') {
    refuse('assignment-not-in-progress', `Assignment ${assignment.id} has been delivered; return it before moving its due date`);
  }
  requireReason(data.reason, 'extend an assignment (förlängning)');
  requireDate(data.newDueDate, 'newDueDate');
  if (data.newDueDate <= assignment.dueDate) {
    refuse('extension-not-later', `An extension moves the due date later than ${assignment.dueDate}; ${data.newDueDate} is not`);
  }
  return {
    type: 'AssignmentDueDateExtended',
    data: { assignmentId: assignment.id, previousDueDate: assignment.dueDate, newDueDate: data.newDueDate, reason: data.reason },
  };
}

function responsiblePerson(person: ResponsiblePerson, known: KnownIds): ResponsiblePerson {
  requireText(person.userId, 'responsible.userId');
  requireText(person.name, 'responsible.name');
  if (known.organisationKind(person.organisationId) === undefined) {
    refuse('unknown-organisation', `responsible.organisationId "${String(person.organisationId)}" is no organisation in ${known.source}`);
  }
  if (person.email !== undefined && !/^[^\s@]+@[^\s@]+$/.test(person.email)) refuse('required-field-blank', 'responsible.email must be an e-mail address');
  return { userId: person.userId, name: person.name.trim(), organisationId: person.organisationId, ...(person.email ? { email: person.email } : {}) };
}

function deliveredDocument(document: DeliveredDocument, assignment: Assignment): DeliveredDocument {
  requireText(document.reference, 'document.reference');
  requireText(document.title, 'document.title');
  if (document.url !== undefined && !isUrl(document.url)) refuse('invalid-url', `document.url must be an http(s) URL, got "${document.url}"`);
  if (assignment.deliverable === 'decision-document' && !document.proposedPosition?.trim()) {
    refuse('proposed-position-required', 'A decision document (beslutsunderlag) carries a proposed position: document.proposedPosition is required');
  }
  const { reference, title, url, proposedPosition } = document;
  return { reference, title, ...(url !== undefined ? { url } : {}), ...(proposedPosition !== undefined ? { proposedPosition } : {}) };
}

function requireStatus(assignment: Assignment, status: AssignmentStatus, rule: AssignmentRule, verb: string): void {
  if (assignment.status !== status) {
    refuse(rule, `Assignment ${assignment.id} is ${assignment.status}; it can be ${verb} only when ${status}`);
  }
}

function requireText(value: string | undefined, field: string): void {
  if (typeof value !== 'string' || value.trim() === '') refuse('required-field-blank', `${field} must not be blank`);
}

function requireReason(reason: string | undefined, what: string): void {
  if (typeof reason !== 'string' || reason.trim() === '') refuse('reason-required', `A reason is required to ${what}`);
}

function requireDate(value: string, field: string): void {
  const date = new Date(`${value}T00:00:00Z`);
  const valid = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  if (!valid) refuse('invalid-date', `${field} must be a date written YYYY-MM-DD, got "${String(value)}"`);
}

function isUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

function refuse(rule: AssignmentRule, message: string): never {
  throw new DomainRuleViolation(rule, message);
}

/**
 * The assignment's decider as the shared write path sees it. Streams are
 * named `assignment-<id>`.
 */
export const assignmentDecider = {
  aggregateName: 'Assignment',
  streamPrefix: 'assignment',
  initialState,
  evolve,
  decide,
  schemaVersionOf: (type: AssignmentEvent['type']): number => ASSIGNMENT_EVENT_SCHEMA_VERSIONS[type],
};
