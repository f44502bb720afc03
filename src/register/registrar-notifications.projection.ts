import { EncodedJson } from '../database/encoded-json';
import { type RecordedEvent, comparePositions } from '../event-store/event-store.port';
import type { PrepareContext, Projection, WriteContext } from '../projections/projection';
import { forEachPath } from '../projections/stream-states';
import type { WriteStatement } from '../projections/write-statement';
import { isQuestionEvent, questionEventOf } from '../questions/contract';
import { STRUCTURE_ID, registerDecider } from './register.decider';
import { isRegisterEvent, registerStreams, structureIdOf } from './register.projection';
import { covers, type StructureState } from './register.state';

export const REGISTRAR_STRUCTURE_TABLE = 'rm_registrar_structure';
/** The outbox; see the migration for why it is not a rebuildable read model (so not in `tables`). */
export const REGISTRAR_NOTIFICATION_TABLE = 'registrar_notification';

/**
 * What a registrar is told: a position names the organisation (`decision-owed`),
 * a consultation is sent to it (`consultation-sent`) — from the events — and a
 * decision or answer it still owes nears its due date (`…-due-soon`) or has
 * passed it (`…-overdue`) — from the clock (RegistrarOutbox.scan).
 */
export type RegistrarNotificationKind = 'decision-owed' | 'consultation-sent' | 'decision-due-soon' | 'decision-overdue' | 'answer-due-soon' | 'answer-overdue';

export const REGISTRAR_NOTIFICATION_KINDS: readonly RegistrarNotificationKind[] = [
  'decision-owed',
  'consultation-sent',
  'decision-due-soon',
  'decision-overdue',
  'answer-due-soon',
  'answer-overdue',
];

/** What an organisation is asked, for its registrar. */
export interface RegistrarNotice {
  kind: RegistrarNotificationKind;
  organisationId: string;
  questionId: string;
  /** The position's text, or the consultation's subject; for a due date nearing or passed, the question's title or the consultation's subject. */
  what: string;
  /** By when: the position's `decideBy`, the consultation's `answerBy`. */
  dueBy: string;
}

/** The notices a question event gives: one per organisation a position names or a consultation is sent to. */
export function noticesOf(event: RecordedEvent): RegistrarNotice[] {
  if (!isQuestionEvent(event)) return [];
  const domain = questionEventOf(event);
  if (domain.type === 'PositionTaken') {
    const { questionId, text, organisationsToDecide, decideBy } = domain.data;
    return organisationsToDecide.map((organisationId) => ({ kind: 'decision-owed', organisationId, questionId, what: text, dueBy: decideBy }));
  }
  if (domain.type === 'ConsultationOpened') {
    const { questionId, subject, parties, answerBy } = domain.data;
    return parties.map((organisationId) => ({ kind: 'consultation-sent', organisationId, questionId, what: subject, dueBy: answerBy }));
  }
  return [];
}

/** Every member organisation's registrars on a date, with their e-mail addresses. */
export function allRegistrarsOn(state: StructureState, date: string): Array<{ organisationId: string; personId: string; name: string; email?: string }> {
  return Object.values(state.people).flatMap((person) =>
    person.roles
      .filter((role) => role.role === 'registrar' && role.organisationId !== undefined && covers(role, date))
      .map((role) => ({
        organisationId: role.organisationId as string,
        personId: person.id,
        name: person.name,
        ...(person.email ? { email: person.email } : {}),
      })),
  );
}

/** The registrars of an organisation on a date, with their e-mail addresses. */
export function registrarsOn(state: StructureState, organisationId: string, date: string): Array<{ personId: string; name: string; email?: string }> {
  return Object.values(state.people)
    .filter((person) => person.roles.some((role) => role.role === 'registrar' && role.organisationId === organisationId && covers(role, date)))
    .map((person) => ({ personId: person.id, name: person.name, ...(person.email ? { email: person.email } : {}) }))
    .sort((a, b) => a.personId.localeCompare(b.personId));
}

/**
 * `registrar-notifications`: folds the register for itself, and on the live
 * pass (`context.live`) puts word to each registrar into the outbox when a position names the
 * organisation or a consultation is sent to it — the registrars of that day
 * (the event's date in UTC) as the register stood at that event in the log,
 * once per organisation, registrar and event (ON CONFLICT DO NOTHING), in the
 * same statement as the checkpoint. A rebuild or replay check rebuilds its copy
 * of the register and leaves the outbox alone: what was sent is not sent again.
 *
 * The same shape as every projection: `prepare` folds the register streams a
 * batch touches (stream-states.ts) and keeps the structure as it stands after
 * the batch in `cache`, for the notices of later batches that hold no register
 * event; without it (a new owner, a failed batch) the structure is folded from
 * its stream up to the batch.
 */
export const registrarNotificationsProjection: Projection = {
  name: 'registrar-notifications',
  tables: [REGISTRAR_STRUCTURE_TABLE],
  handles: (event) => isRegisterEvent(event) || noticesOf(event).length > 0,

  async prepare(events: RecordedEvent[], context: PrepareContext): Promise<BatchWrites> {
    // The structure after each of the batch's events of its stream, and the register streams' rows.
    const after = new Map<string, StructureState>();
    const rows: Array<{ structure_id: string; state: StructureState }> = [];
    let structureAtStart: StructureState | undefined;
    await forEachPath(registerStreams, events, context, (path) => {
      rows.push({ structure_id: structureIdOf(path.streamId), state: path.after.state });
      if (structureIdOf(path.streamId) !== STRUCTURE_ID) return;
      structureAtStart = path.before.state;
      path.events.forEach((event, index) => after.set(event.id, path.states[index].state));
    });
    let structure = structureAtStart ?? (await structureBefore(events[0], context));
    // The structure each other event meets, for its notices: the live pass alone has them (a rebuild or replay writing a shadow or scratch copy leaves the outbox alone).
    const others: RecordedEvent[] = [];
    const structures: StructureState[] = [];
    for (const event of events) {
      if (isRegisterEvent(event)) {
        if (structureIdOf(event.streamId) === STRUCTURE_ID) structure = after.get(event.id)!;
        continue;
      }
      others.push(event);
      structures.push(structure);
    }
    context.cache.set(STRUCTURE_KEPT, structure);
    return {
      structures: EncodedJson.ofItems(rows),
      notifications: context.live ? EncodedJson.ofItems(notificationsOf(others, structures)) : null,
    };
  },

  writeTo(statement: WriteStatement, _events: RecordedEvent[], context: WriteContext): void {
    const writes = context.prepared as BatchWrites | undefined;
    if (!writes) throw new Error('registrar-notifications: writing needs what prepare planned');
    const table = context.table(REGISTRAR_STRUCTURE_TABLE);
    if (writes.structures) statement.upsertRows('registrar_structures_written', table, writes.structures, STRUCTURE_COLUMNS, ['structure_id']);
    if (writes.notifications) {
      const names = NOTIFICATION_COLUMNS.map(([name]) => name);
      statement.with(
        'registrar_notifications_queued',
        `INSERT INTO ${REGISTRAR_NOTIFICATION_TABLE} (${names.join(', ')}, next_attempt_at)
         SELECT ${names.join(', ')}, created_at FROM ${statement.recordset(writes.notifications, NOTIFICATION_COLUMNS)}
         ON CONFLICT DO NOTHING`,
      );
    }
  },
};

/** Where `prepare` keeps the structure as it stands after the batch it prepared. */
const STRUCTURE_KEPT = 'structure';

/** The structure just before `first`: as the previous batch left it, or folded from its stream up to there. */
async function structureBefore(first: RecordedEvent, context: PrepareContext): Promise<StructureState> {
  const kept = context.cache.get(STRUCTURE_KEPT) as StructureState | undefined;
  if (kept) return kept;
  let state = registerStreams.initial();
  for (const event of await context.readStream(`${registerDecider.streamPrefix}-${STRUCTURE_ID}`)) {
    if (comparePositions(event.position, first.position) >= 0) break;
    state = registerStreams.evolve(state, event);
  }
  return state;
}

interface NotificationRow {
  organisation_id: string;
  person_id: string;
  event_id: string;
  kind: RegistrarNotificationKind;
  question_id: string;
  email: string | null;
  payload: RegistrarNotice & { registrar: string };
  created_at: string;
}

interface BatchWrites {
  structures: EncodedJson | null;
  /** The outbox's rows for the batch (the live pass only). */
  notifications: EncodedJson | null;
}

/** The outbox's rows for `events`, each event with the structure as it stood at it (the registrars of its day). */
function notificationsOf(events: readonly RecordedEvent[], structures: readonly StructureState[]): NotificationRow[] {
  const notifications: NotificationRow[] = [];
  events.forEach((event, index) => {
    const date = event.metadata.occurredAt.slice(0, 10);
    for (const notice of noticesOf(event)) {
      for (const registrar of registrarsOn(structures[index], notice.organisationId, date)) {
        notifications.push({
          organisation_id: notice.organisationId,
          person_id: registrar.personId,
          event_id: event.id,
          kind: notice.kind,
          question_id: notice.questionId,
          email: registrar.email ?? null,
          payload: { ...notice, registrar: registrar.name },
          created_at: event.metadata.occurredAt,
        });
      }
    }
  });
  return notifications;
}

const STRUCTURE_COLUMNS = [
  ['structure_id', 'text'],
  ['state', 'jsonb'],
] as const;

/** The outbox's columns as the statement sends them (`next_attempt_at` starts as `created_at`). */
const NOTIFICATION_COLUMNS = [
  ['organisation_id', 'text'],
  ['person_id', 'text'],
  ['event_id', 'text'],
  ['kind', 'text'],
  ['question_id', 'text'],
  ['email', 'text'],
  ['payload', 'jsonb'],
  ['created_at', 'timestamptz'],
] as const;
