/**
 * Commands on an assignment (uppdrag). `decide` turns each into events or refuses
 * it. Each command's type is also its action in the access matrix.
 */
import type { AssigningForum, DeliverableKind, DeliveredDocument, ResponsiblePerson } from './assignment.events';

/** Ge ett uppdrag, preciserat i sak och tid. */
export interface GiveAssignment {
  type: 'GiveAssignment';
  data: {
    assignmentId: string;
    givenBy: AssigningForum;
    title: string;
    description: string;
    purpose: string;
    deliverable: DeliverableKind;
    questionIds: string[];
    responsible: ResponsiblePerson;
    dueDate: string;
  };
}

/** Acceptera uppdraget */
export interface AcceptAssignment {
  type: 'AcceptAssignment';
  data: { assignmentId: string };
}

/** Lämna lägesrapport */
export interface NoteAssignmentProgress {
  type: 'NoteAssignmentProgress';
  data: { assignmentId: string; note: string };
}

/** Leverera uppdraget */
export interface DeliverAssignment {
  type: 'DeliverAssignment';
  data: { assignmentId: string; document: DeliveredDocument };
}

/** Godkänna leveransen */
export interface ApproveAssignment {
  type: 'ApproveAssignment';
  data: { assignmentId: string; comment?: string };
}

/** Återremittera leveransen med synpunkter */
export interface ReturnAssignment {
  type: 'ReturnAssignment';
  data: { assignmentId: string; comments: string };
}

/** Förlänga uppdraget: a later due date, with a reason. */
export interface ExtendAssignmentDueDate {
  type: 'ExtendAssignmentDueDate';
  data: { assignmentId: string; newDueDate: string; reason: string };
}

/** Avbryta uppdraget */
export interface CancelAssignment {
  type: 'CancelAssignment';
  data: { assignmentId: string; reason: string };
}

export type AssignmentCommand =
  | GiveAssignment
  | AcceptAssignment
  | NoteAssignmentProgress
  | DeliverAssignment
  | ApproveAssignment
  | ReturnAssignment
  | ExtendAssignmentDueDate
  | CancelAssignment;

export type AssignmentCommandType = AssignmentCommand['type'];

/**
 * Recorded by the reaction that attaches an approved decision document to its
 * questions (assignment-approval.reaction.ts) when a question refuses it; never
 * from a request, so it has no route and no rule in the access matrix.
 */
export interface RecordApprovalNotAttached {
  type: 'RecordApprovalNotAttached';
  data: { assignmentId: string; questionId: string; approvalEventId: string; rule: string; message: string };
}

/** Commands only the system gives (reactions), beside the people's AssignmentCommand. */
export type AssignmentSystemCommand = RecordApprovalNotAttached;
