/**
 * Events of an assignment (uppdrag): a task given to the working group or one of
 * its members, specified in content and in time (preciserat i sak och i tid).
 * The stored contract: never change the meaning of a stored field; add a schema
 * version and an upcaster instead. Catalogued in docs/events.md and
 * docs/assignments.md. Who, when and in what capacity travel in the metadata.
 * Dates are calendar dates 'YYYY-MM-DD'; optional fields are left out, not null.
 */
import type { ForumId } from '../reference-data/forums';
import type { OrganisationId } from '../reference-data/organisations';

/**
 * The forum (body) that gives an assignment: any forum the structure register
 * knows (docs/structure.md) — in Värmland Ordföranderådet, Värmlandsrådet, or
 * the working group to one of its members. An open string: another
 * collaboration's forums give assignments with no code change.
 */
export type AssigningForum = ForumId;

/** What is to be delivered: a decision document (beslutsunderlag) for the linked questions, or another result. */
export type DeliverableKind = 'decision-document' | 'other';
export const DELIVERABLE_KINDS: readonly DeliverableKind[] = ['decision-document', 'other'];

/** The person responsible for delivering (ansvarig), and the organisation they act for. */
export interface ResponsiblePerson {
  /** The person's user id (the token's `sub`), so "my assignments" can find it. */
  userId: string;
  name: string;
  organisationId: OrganisationId;
  /** Where reminders are e-mailed; without it only the webhook is told. */
  email?: string;
}

/** The delivered document (the reference is the document's own, e.g. a diarienummer). */
export interface DeliveredDocument {
  reference: string;
  title: string;
  url?: string;
  /** Förslag till ställningstagande: required when the deliverable is a decision document. */
  proposedPosition?: string;
}

/** Uppdrag givet */
export interface AssignmentGiven {
  type: 'AssignmentGiven';
  data: {
    assignmentId: string;
    givenBy: AssigningForum;
    /** Vad som ska levereras */
    title: string;
    description: string;
    /** Varför */
    purpose: string;
    deliverable: DeliverableKind;
    questionIds: string[];
    responsible: ResponsiblePerson;
    dueDate: string;
  };
}

/** Uppdrag accepterat by the responsible person (or the working group for them). */
export interface AssignmentAccepted {
  type: 'AssignmentAccepted';
  data: { assignmentId: string };
}

/** Lägesrapport: a note on progress. */
export interface AssignmentProgressNoted {
  type: 'AssignmentProgressNoted';
  data: { assignmentId: string; note: string };
}

/** Uppdrag levererat, with the document. */
export interface AssignmentDelivered {
  type: 'AssignmentDelivered';
  data: { assignmentId: string; document: DeliveredDocument };
}

/** Leverans godkänd. */
export interface AssignmentApproved {
  type: 'AssignmentApproved';
  data: { assignmentId: string; comment?: string };
}

/** Leverans återremitterad med synpunkter: back to in progress. */
export interface AssignmentReturned {
  type: 'AssignmentReturned';
  data: { assignmentId: string; comments: string };
}

/** Förlängning: the due date moved, with a reason; the earlier date stays in history. */
export interface AssignmentDueDateExtended {
  type: 'AssignmentDueDateExtended';
  data: { assignmentId: string; previousDueDate: string; newDueDate: string; reason: string };
}

/** Uppdrag avbrutet, with a reason. */
export interface AssignmentCancelled {
  type: 'AssignmentCancelled';
  data: { assignmentId: string; reason: string };
}

/**
 * Beslutsunderlag ej bifogat frågan: a linked question refused the decision
 * document an approval attaches (withdrawn in the meantime, say). Recorded by
 * the reaction that attaches approved documents (assignment-approval.reaction.ts),
 * naming the question's rule; the approval itself stands.
 */
export interface ApprovalNotAttached {
  type: 'ApprovalNotAttached';
  data: { assignmentId: string; questionId: string; approvalEventId: string; rule: string; message: string };
}

export type AssignmentEvent =
  | AssignmentGiven
  | AssignmentAccepted
  | AssignmentProgressNoted
  | AssignmentDelivered
  | AssignmentApproved
  | AssignmentReturned
  | AssignmentDueDateExtended
  | AssignmentCancelled
  | ApprovalNotAttached;

export type AssignmentEventType = AssignmentEvent['type'];

export const ASSIGNMENT_EVENT_SCHEMA_VERSIONS: Record<AssignmentEventType, number> = {
  AssignmentGiven: 1,
  AssignmentAccepted: 1,
  AssignmentProgressNoted: 1,
  AssignmentDelivered: 1,
  AssignmentApproved: 1,
  AssignmentReturned: 1,
  AssignmentDueDateExtended: 1,
  AssignmentCancelled: 1,
  ApprovalNotAttached: 1,
};

export const ASSIGNMENT_EVENT_LABELS: Record<AssignmentEventType, { sv: string; en: string }> = {
  AssignmentGiven: { sv: 'Uppdrag givet', en: 'Assignment given' },
  AssignmentAccepted: { sv: 'Uppdrag accepterat', en: 'Assignment accepted' },
  AssignmentProgressNoted: { sv: 'Lägesrapport', en: 'Progress noted' },
  AssignmentDelivered: { sv: 'Uppdrag levererat', en: 'Assignment delivered' },
  AssignmentApproved: { sv: 'Leverans godkänd', en: 'Delivery approved' },
  AssignmentReturned: { sv: 'Leverans återremitterad', en: 'Delivery returned' },
  AssignmentDueDateExtended: { sv: 'Förlängning', en: 'Due date extended' },
  AssignmentCancelled: { sv: 'Uppdrag avbrutet', en: 'Assignment cancelled' },
  ApprovalNotAttached: { sv: 'Beslutsunderlag ej bifogat frågan', en: 'Approved document not attached to the question' },
};

export function isAssignmentEventType(type: string): type is AssignmentEventType {
  return Object.prototype.hasOwnProperty.call(ASSIGNMENT_EVENT_SCHEMA_VERSIONS, type);
}
