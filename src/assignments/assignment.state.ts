/**
 * The state of one assignment, folded from its events: what `decide` checks and
 * what `GET /assignments/:id` shows. It keeps history (every earlier due date,
 * every delivery and return) instead of overwriting it. Plain JSON only.
 */
import type { Actor } from '../event-store/event-store.port';
import type { AssigningForum, AssignmentEvent, DeliverableKind, DeliveredDocument, ResponsiblePerson } from './assignment.events';

/** given → in-progress (accepted; also after a return) → delivered → approved; cancelled from any open status. */
export type AssignmentStatus = 'given' | 'in-progress' | 'delivered' | 'approved' | 'cancelled';

export const ASSIGNMENT_STATUSES: readonly AssignmentStatus[] = ['given', 'in-progress', 'delivered', 'approved', 'cancelled'];

export const ASSIGNMENT_STATUS_LABELS: Record<AssignmentStatus, { sv: string; en: string }> = {
  given: { sv: 'Givet', en: 'Given' },
  'in-progress': { sv: 'Pågår', en: 'In progress' },
  delivered: { sv: 'Levererat', en: 'Delivered' },
  approved: { sv: 'Godkänt', en: 'Approved' },
  cancelled: { sv: 'Avbrutet', en: 'Cancelled' },
};

/** Statuses in which the assignment is still owed: these can be overdue. */
export function isOpenStatus(status: AssignmentStatus): boolean {
  return status === 'given' || status === 'in-progress';
}

export interface AssignmentEventContext {
  occurredAt: string;
  actor: Actor;
}

export interface DueDateEntry {
  dueDate: string;
  /** Null for the date the assignment was given with. */
  reason: string | null;
  setAt: string;
  setBy: Actor;
}

export interface ProgressNote {
  note: string;
  notedAt: string;
  notedBy: Actor;
}

export interface Delivery {
  document: DeliveredDocument;
  deliveredAt: string;
  deliveredBy: Actor;
  /** What happened to this delivery: null while awaiting review. */
  review: { outcome: 'approved' | 'returned'; comments: string | null; reviewedAt: string; reviewedBy: Actor } | null;
}

export interface ExistingAssignmentState {
  exists: true;
  id: string;
  givenBy: AssigningForum;
  title: string;
  description: string;
  purpose: string;
  deliverable: DeliverableKind;
  questionIds: string[];
  responsible: ResponsiblePerson;
  status: AssignmentStatus;
  dueDate: string;
  /** Every due date the assignment has had, oldest first; the last is the current one. */
  dueDateHistory: DueDateEntry[];
  givenAt: string;
  givenByActor: Actor;
  acceptedAt: string | null;
  progressNotes: ProgressNote[];
  deliveries: Delivery[];
  approvedAt: string | null;
  cancelled: { reason: string; cancelledAt: string; cancelledBy: Actor } | null;
  /** Questions that refused the approved decision document (ApprovalNotAttached), with their rule. */
  notAttached: Array<{ questionId: string; approvalEventId: string; rule: string; message: string; recordedAt: string }>;
  lastChangedAt: string;
}

export type AssignmentState = { exists: false } | ExistingAssignmentState;

export function initialState(): AssignmentState {
  return { exists: false };
}

export function evolve(state: AssignmentState, event: AssignmentEvent, context: AssignmentEventContext): AssignmentState {
  const at = context.occurredAt;
  const by = context.actor;
  if (event.type === 'AssignmentGiven') {
    const data = event.data;
    return {
      exists: true,
      id: data.assignmentId,
      givenBy: data.givenBy,
      title: data.title,
      description: data.description,
      purpose: data.purpose,
      deliverable: data.deliverable,
      questionIds: [...data.questionIds],
      responsible: { ...data.responsible },
      status: 'given',
      dueDate: data.dueDate,
      dueDateHistory: [{ dueDate: data.dueDate, reason: null, setAt: at, setBy: by }],
      givenAt: at,
      givenByActor: by,
      acceptedAt: null,
      progressNotes: [],
      deliveries: [],
      approvedAt: null,
      cancelled: null,
      notAttached: [],
      lastChangedAt: at,
    };
  }
  if (!state.exists) return state;
  const next = { ...state, lastChangedAt: at };
  switch (event.type) {
    case 'AssignmentAccepted':
      return { ...next, status: 'in-progress', acceptedAt: at };
    case 'AssignmentProgressNoted':
      return { ...next, progressNotes: [...state.progressNotes, { note: event.data.note, notedAt: at, notedBy: by }] };
    case 'AssignmentDelivered':
      return {
        ...next,
        status: 'delivered',
        deliveries: [...state.deliveries, { document: { ...event.data.document }, deliveredAt: at, deliveredBy: by, review: null }],
      };
    case 'AssignmentApproved':
      return {
        ...next,
        status: 'approved',
        approvedAt: at,
        deliveries: reviewLast(state.deliveries, { outcome: 'approved', comments: event.data.comment ?? null, reviewedAt: at, reviewedBy: by }),
      };
    case 'AssignmentReturned':
      return {
        ...next,
        status: 'in-progress',
        deliveries: reviewLast(state.deliveries, { outcome: 'returned', comments: event.data.comments, reviewedAt: at, reviewedBy: by }),
      };
    case 'AssignmentDueDateExtended':
      return {
        ...next,
        dueDate: event.data.newDueDate,
        dueDateHistory: [...state.dueDateHistory, { dueDate: event.data.newDueDate, reason: event.data.reason, setAt: at, setBy: by }],
      };
    case 'AssignmentCancelled':
      return { ...next, status: 'cancelled', cancelled: { reason: event.data.reason, cancelledAt: at, cancelledBy: by } };
    case 'ApprovalNotAttached': {
      const { questionId, approvalEventId, rule, message } = event.data;
      // Assignments folded before this event existed have no list yet (their rows in rm_assignment too).
      return { ...next, notAttached: [...(state.notAttached ?? []), { questionId, approvalEventId, rule, message, recordedAt: at }] };
    }
  }
}

function reviewLast(deliveries: Delivery[], review: NonNullable<Delivery['review']>): Delivery[] {
  return deliveries.map((delivery, index) => (index === deliveries.length - 1 ? { ...delivery, review } : delivery));
}
