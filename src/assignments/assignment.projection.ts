import { toDomainEvent } from '../command-handling/execute-with-decider';
import type { RecordedEvent } from '../event-store/event-store.port';
import type { Projection, ProjectionContext } from '../projections/projection';
import { quoted } from '../projections/shadow-tables';
import { assignmentDecider } from './assignment.aggregate';
import { isAssignmentEventType, type AssignmentEvent } from './assignment.events';
import type { AssignmentState, ExistingAssignmentState } from './assignment.state';

export const ASSIGNMENT_TABLE = 'rm_assignment';
/** The outbox; see the migration for why it is not a rebuildable read model (so not in `tables`). */
export const NOTIFICATION_TABLE = 'assignment_notification';

export function isAssignmentEvent(event: RecordedEvent): boolean {
  return event.streamId.startsWith(`${assignmentDecider.streamPrefix}-`) && isAssignmentEventType(event.type);
}

/** The projection that keeps rm_assignment: a read of it waits for this one (`afterPosition`). */
export const ASSIGNMENTS_PROJECTION = 'assignments';

/**
 * `assignments`: the folded state of each assignment plus the columns lists
 * filter on. Deterministic: the state is evolved from the stored row with the
 * event's own time and actor; overdue and due soon are computed when read.
 *
 * On the live pass it also puts the event-driven reminders ("given",
 * "returned") into the outbox, idempotently (ON CONFLICT DO NOTHING on the
 * unique key), in the same transaction as the read model and checkpoint. A
 * rebuild or replay check (writing a shadow or scratch copy) leaves the outbox
 * alone: the outbox is a ledger of what was sent, not a read model, and must
 * not be reset or refilled by a rebuild.
 */
export const assignmentsProjection: Projection = {
  name: ASSIGNMENTS_PROJECTION,
  tables: [ASSIGNMENT_TABLE],

  handles: isAssignmentEvent,

  async apply(events: RecordedEvent[], context: ProjectionContext): Promise<void> {
    const table = context.table(ASSIGNMENT_TABLE);
    const live = table === quoted(ASSIGNMENT_TABLE);
    const folded = new Map<string, { state: AssignmentState; revision: number }>();
    for (const event of events.filter(isAssignmentEvent)) {
      const domain = toDomainEvent(assignmentDecider, event) as AssignmentEvent;
      const id = domain.data.assignmentId;
      let current = folded.get(id);
      if (!current) {
        const [row] = (await context.manager.query(`SELECT state, revision FROM ${table} WHERE assignment_id = $1`, [id])) as Array<{
          state: AssignmentState;
          revision: number;
        }>;
        current = row ?? { state: assignmentDecider.initialState(), revision: -1 };
      }
      const state = assignmentDecider.evolve(current.state, domain, { occurredAt: event.metadata.occurredAt, actor: event.metadata.actor });
      folded.set(id, { state, revision: event.revision });
      if (live && state.exists && (domain.type === 'AssignmentGiven' || domain.type === 'AssignmentReturned')) {
        await insertNotification(context.manager, {
          assignment: state,
          kind: domain.type === 'AssignmentGiven' ? 'given' : 'returned',
          eventId: event.id,
          createdAt: event.metadata.occurredAt,
          extra: domain.type === 'AssignmentReturned' ? { comments: domain.data.comments } : {},
        });
      }
    }
    for (const [id, { state, revision }] of folded) {
      if (!state.exists) continue;
      await context.manager.query(
        `INSERT INTO ${table} (assignment_id, revision, state, title, status, given_by, deliverable, responsible_user_id, responsible_name,
           responsible_organisation_id, question_ids, due_date, given_at, last_changed_at)
         VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8, $9, $10, $11::text[], $12::date, $13, $14)
         ON CONFLICT (assignment_id) DO UPDATE SET revision = EXCLUDED.revision, state = EXCLUDED.state, title = EXCLUDED.title,
           status = EXCLUDED.status, given_by = EXCLUDED.given_by, deliverable = EXCLUDED.deliverable,
           responsible_user_id = EXCLUDED.responsible_user_id, responsible_name = EXCLUDED.responsible_name,
           responsible_organisation_id = EXCLUDED.responsible_organisation_id, question_ids = EXCLUDED.question_ids,
           due_date = EXCLUDED.due_date, last_changed_at = EXCLUDED.last_changed_at`,
        rowOf(id, revision, state),
      );
    }
  },
};

function rowOf(id: string, revision: number, state: ExistingAssignmentState): unknown[] {
  return [
    id,
    revision,
    JSON.stringify(state),
    state.title,
    state.status,
    state.givenBy,
    state.deliverable,
    state.responsible.userId,
    state.responsible.name,
    state.responsible.organisationId,
    state.questionIds,
    state.dueDate,
    state.givenAt,
    state.lastChangedAt,
  ];
}

export type NotificationKind = 'given' | 'due-soon' | 'overdue' | 'returned';

/** Inserts one outbox row unless its key is already there. Used by the projection and the scanner. */
export async function insertNotification(
  manager: { query(sql: string, params?: unknown[]): Promise<unknown> },
  notification: { assignment: ExistingAssignmentState; kind: NotificationKind; eventId: string; createdAt: string; extra?: Record<string, unknown> },
): Promise<void> {
  const { assignment, kind, eventId, createdAt } = notification;
  const payload = {
    kind,
    assignmentId: assignment.id,
    title: assignment.title,
    givenBy: assignment.givenBy,
    dueDate: assignment.dueDate,
    questionIds: assignment.questionIds,
    responsible: assignment.responsible,
    ...(notification.extra ?? {}),
  };
  await manager.query(
    `INSERT INTO ${NOTIFICATION_TABLE} (assignment_id, kind, due_date, recipient, event_id, email, payload, created_at, next_attempt_at)
     VALUES ($1, $2, $3::date, $4, $5, $6, $7::jsonb, $8, $8)
     ON CONFLICT DO NOTHING`,
    [assignment.id, kind, assignment.dueDate, assignment.responsible.userId, eventId, assignment.responsible.email ?? null, JSON.stringify(payload), createdAt],
  );
}
