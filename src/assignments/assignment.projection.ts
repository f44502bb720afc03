import { toDomainEvent } from '../command-handling/execute-with-decider';
import { EncodedJson } from '../database/encoded-json';
import type { RecordedEvent } from '../event-store/event-store.port';
import type { PrepareContext, Projection, WriteContext } from '../projections/projection';
import { type StreamFold, forEachPath } from '../projections/stream-states';
import { WriteStatement } from '../projections/write-statement';
import { assignmentDecider } from './assignment.decider';
import { isAssignmentEventType } from './assignment.events';
import type { AssignmentState, ExistingAssignmentState } from './assignment.state';

export const ASSIGNMENT_TABLE = 'rm_assignment';
/** The outbox; see the migration for why it is not a rebuildable read model (so not in `tables`). */
export const NOTIFICATION_TABLE = 'assignment_notification';

export function isAssignmentEvent(event: RecordedEvent): boolean {
  return event.streamId.startsWith(`${assignmentDecider.streamPrefix}-`) && isAssignmentEventType(event.type);
}

/** The projection that keeps rm_assignment: a read of it waits for this one (`afterPosition`). */
export const ASSIGNMENTS_PROJECTION = 'assignments';

/** How the projection follows assignment streams: the decider's own `evolve`, with each event's own time and actor. */
const assignmentStreams: StreamFold<AssignmentState> = {
  name: 'assignment',
  follows: isAssignmentEvent,
  initial: () => assignmentDecider.initialState(),
  evolve: (state, event) =>
    assignmentDecider.evolve(state, toDomainEvent(assignmentDecider, event), { occurredAt: event.metadata.occurredAt, actor: event.metadata.actor }),
};

/** Column name and SQL type, in table order; `assignment_id` first (the conflict key). `given_at` never changes. */
const ASSIGNMENT_COLUMNS = [
  ['assignment_id', 'text'],
  ['revision', 'integer'],
  ['state', 'jsonb'],
  ['title', 'text'],
  ['status', 'text'],
  ['given_by', 'text'],
  ['deliverable', 'text'],
  ['responsible_user_id', 'text'],
  ['responsible_name', 'text'],
  ['responsible_organisation_id', 'text'],
  ['question_ids', 'text[]'],
  ['due_date', 'date'],
  ['given_at', 'timestamptz'],
  ['last_changed_at', 'timestamptz'],
] as const;

/**
 * `assignments`: the folded state of each assignment plus the columns lists
 * filter on. The same shape as every projection: each assignment a batch
 * touches is folded in `prepare` (stream-states.ts), with each event's own
 * time and actor, and the rows are one upsert in the batch's statement;
 * overdue and due soon are computed when read.
 *
 * On the live pass (`context.live`) it also puts the event-driven reminders
 * ("given", "returned") into the outbox, idempotently (ON CONFLICT DO NOTHING
 * on the unique key), in the same statement as the read model and checkpoint.
 * A rebuild or replay check (writing a shadow or scratch copy) leaves the
 * outbox alone: the outbox is a ledger of what was sent, not a read model, and
 * must not be reset or refilled by a rebuild.
 */
export const assignmentsProjection: Projection = {
  name: ASSIGNMENTS_PROJECTION,
  tables: [ASSIGNMENT_TABLE],
  handles: isAssignmentEvent,

  async prepare(events: RecordedEvent[], context: PrepareContext): Promise<BatchWrites> {
    const notifications: Array<ReturnType<typeof notificationRow>> = [];
    const rows: Array<ReturnType<typeof rowOf>> = [];
    await forEachPath(assignmentStreams, events, context, (path) => {
      if (path.after.state.exists) rows.push(rowOf(path.after.revision, path.after.state));
      // The outbox's rows for the live pass alone: a rebuild or replay writing a shadow or scratch copy leaves the outbox alone.
      if (!context.live) return;
      path.events.forEach((event, index) => {
        const folded = path.states[index];
        if (!folded.state.exists || (event.type !== 'AssignmentGiven' && event.type !== 'AssignmentReturned')) return;
        const domain = toDomainEvent(assignmentDecider, event);
        notifications.push(
          notificationRow({
            assignment: folded.state,
            kind: domain.type === 'AssignmentGiven' ? 'given' : 'returned',
            eventId: event.id,
            createdAt: event.metadata.occurredAt,
            extra: domain.type === 'AssignmentReturned' ? { comments: domain.data.comments } : {},
          }),
        );
      });
    });
    return { rows: EncodedJson.ofItems(rows), notifications: EncodedJson.ofItems(notifications) };
  },

  writeTo(statement: WriteStatement, _events: RecordedEvent[], context: WriteContext): void {
    writeBatch(statement, context);
  },
};

interface BatchWrites {
  rows: EncodedJson | null;
  notifications: EncodedJson | null;
}

function writeBatch(statement: WriteStatement, context: WriteContext): void {
  const writes = context.prepared as BatchWrites | undefined;
  if (!writes) throw new Error('assignments: writing needs what prepare planned');
  const table = context.table(ASSIGNMENT_TABLE);
  if (writes.rows) {
    const names = ASSIGNMENT_COLUMNS.map(([name]) => name);
    statement.with(
      'assignments_written',
      `INSERT INTO ${table} (${names.join(', ')}) SELECT ${names.join(', ')} FROM ${statement.recordset(writes.rows, ASSIGNMENT_COLUMNS)}
       ON CONFLICT (assignment_id) DO UPDATE SET ${names
         .filter((name) => name !== 'assignment_id' && name !== 'given_at')
         .map((name) => `${name} = EXCLUDED.${name}`)
         .join(', ')}`,
    );
  }
  if (writes.notifications) {
    const names = NOTIFICATION_COLUMNS.map(([name]) => name);
    statement.with(
      'notifications_queued',
      `INSERT INTO ${NOTIFICATION_TABLE} (${names.join(', ')}, next_attempt_at)
       SELECT ${names.join(', ')}, created_at FROM ${statement.recordset(writes.notifications, NOTIFICATION_COLUMNS)}
       ON CONFLICT DO NOTHING`,
    );
  }
}

function rowOf(revision: number, state: ExistingAssignmentState) {
  return {
    assignment_id: state.id,
    revision,
    state,
    title: state.title,
    status: state.status,
    given_by: state.givenBy,
    deliverable: state.deliverable,
    responsible_user_id: state.responsible.userId,
    responsible_name: state.responsible.name,
    responsible_organisation_id: state.responsible.organisationId,
    question_ids: state.questionIds,
    due_date: state.dueDate,
    given_at: state.givenAt,
    last_changed_at: state.lastChangedAt,
  };
}

export type NotificationKind = 'given' | 'due-soon' | 'overdue' | 'returned';

export interface Notification {
  assignment: ExistingAssignmentState;
  kind: NotificationKind;
  eventId: string;
  createdAt: string;
  extra?: Record<string, unknown>;
}

/** An outbox row's values: what the projection writes in its statement and the scanner inserts. */
function notificationRow(notification: Notification) {
  const { assignment, kind, eventId, createdAt } = notification;
  return {
    assignment_id: assignment.id,
    kind,
    due_date: assignment.dueDate,
    recipient: assignment.responsible.userId,
    event_id: eventId,
    email: assignment.responsible.email ?? null,
    payload: {
      kind,
      assignmentId: assignment.id,
      title: assignment.title,
      givenBy: assignment.givenBy,
      dueDate: assignment.dueDate,
      questionIds: assignment.questionIds,
      responsible: assignment.responsible,
      ...(notification.extra ?? {}),
    },
    created_at: createdAt,
  };
}

/** The outbox's columns as a statement sends them (`next_attempt_at` starts as `created_at`). */
const NOTIFICATION_COLUMNS = [
  ['assignment_id', 'text'],
  ['kind', 'text'],
  ['due_date', 'date'],
  ['recipient', 'text'],
  ['event_id', 'text'],
  ['email', 'text'],
  ['payload', 'jsonb'],
  ['created_at', 'timestamptz'],
] as const;

/** Inserts one outbox row unless its key is already there (the scanner's reminders). */
export async function insertNotification(manager: { query(sql: string, params?: unknown[]): Promise<unknown> }, notification: Notification): Promise<void> {
  const row = notificationRow(notification);
  await manager.query(
    `INSERT INTO ${NOTIFICATION_TABLE} (assignment_id, kind, due_date, recipient, event_id, email, payload, created_at, next_attempt_at)
     VALUES ($1, $2, $3::date, $4, $5, $6, $7::jsonb, $8, $8)
     ON CONFLICT DO NOTHING`,
    [row.assignment_id, row.kind, row.due_date, row.recipient, row.event_id, row.email, JSON.stringify(row.payload), row.created_at],
  );
}
