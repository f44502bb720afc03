import { toDomainEvent } from '../command-handling/execute-with-decider';
import type { RecordedEvent } from '../event-store/event-store.port';
import type { Projection, ProjectionContext } from '../projections/projection';
import { quoted } from '../projections/shadow-tables';
import { isQuestionEvent, questionEventOf } from '../questions/contract';
import { STRUCTURE_ID, registerDecider } from './register.aggregate';
import type { RegisterEvent } from './register.events';
import { isRegisterEvent } from './register.projection';
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
 * pass puts word to each registrar into the outbox when a position names the
 * organisation or a consultation is sent to it — the registrars of that day
 * (the event's date in UTC), once per organisation, registrar and event (ON
 * CONFLICT DO NOTHING), in the same transaction as the checkpoint. A rebuild
 * or replay check rebuilds its copy of the register and leaves the outbox
 * alone: what was sent is not sent again.
 */
export const registrarNotificationsProjection: Projection = {
  name: 'registrar-notifications',
  tables: [REGISTRAR_STRUCTURE_TABLE],
  handles: (event) => isRegisterEvent(event) || noticesOf(event).length > 0,

  async apply(events: RecordedEvent[], context: ProjectionContext): Promise<void> {
    const table = context.table(REGISTRAR_STRUCTURE_TABLE);
    const live = table === quoted(REGISTRAR_STRUCTURE_TABLE);
    const states = new Map<string, StructureState>();
    const stateOf = async (id: string) => {
      if (!states.has(id)) {
        const [row] = (await context.manager.query(`SELECT state FROM ${table} WHERE structure_id = $1`, [id])) as Array<{ state: StructureState }>;
        states.set(id, row?.state ?? registerDecider.initialState());
      }
      return states.get(id)!;
    };
    const changed = new Set<string>();
    for (const event of events) {
      if (isRegisterEvent(event)) {
        const id = event.streamId.slice(registerDecider.streamPrefix.length + 1);
        const domain = toDomainEvent(registerDecider, event) as RegisterEvent;
        states.set(id, registerDecider.evolve(await stateOf(id), domain, { occurredAt: event.metadata.occurredAt, actor: event.metadata.actor }));
        changed.add(id);
        continue;
      }
      const notices = noticesOf(event);
      if (!live || notices.length === 0) continue;
      const state = await stateOf(STRUCTURE_ID);
      const date = event.metadata.occurredAt.slice(0, 10);
      for (const notice of notices) {
        for (const registrar of registrarsOn(state, notice.organisationId, date)) {
          await context.manager.query(
            `INSERT INTO ${REGISTRAR_NOTIFICATION_TABLE} (organisation_id, person_id, event_id, kind, question_id, email, payload, created_at, next_attempt_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $8) ON CONFLICT DO NOTHING`,
            [
              notice.organisationId,
              registrar.personId,
              event.id,
              notice.kind,
              notice.questionId,
              registrar.email ?? null,
              JSON.stringify({ ...notice, registrar: registrar.name }),
              event.metadata.occurredAt,
            ],
          );
        }
      }
    }
    for (const id of changed) {
      await context.manager.query(
        `INSERT INTO ${table} (structure_id, state) VALUES ($1, $2::jsonb) ON CONFLICT (structure_id) DO UPDATE SET state = EXCLUDED.state`,
        [id, JSON.stringify(states.get(id))],
      );
    }
  },
};
