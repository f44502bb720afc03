import { toDomainEvent } from '../command-handling/execute-with-decider';
import type { RecordedEvent } from '../event-store/event-store.port';
import type { Projection, ProjectionContext } from '../projections/projection';
import { meetingDecider } from './meeting.aggregate';
import { isMeetingEventType, type MeetingEvent } from './meeting.events';
import { openItemsOf, type ExistingMeetingState, type MeetingState } from './meeting.state';

export const MEETING_TABLE = 'rm_meeting';

export function isMeetingEvent(event: RecordedEvent): boolean {
  return event.streamId.startsWith(`${meetingDecider.streamPrefix}-`) && isMeetingEventType(event.type);
}

/** The projection that keeps rm_meeting: a read of it waits for this one (`afterPosition`). */
export const MEETINGS_PROJECTION = 'meetings';

/**
 * `meetings`: the folded state of each meeting plus the columns the calendar,
 * the meeting list and the agenda proposal read. Deterministic: evolved from
 * the stored row with each event's own time and actor.
 */
export const meetingsProjection: Projection = {
  name: MEETINGS_PROJECTION,
  tables: [MEETING_TABLE],

  handles: isMeetingEvent,

  async apply(events: RecordedEvent[], context: ProjectionContext): Promise<void> {
    const table = context.table(MEETING_TABLE);
    const folded = new Map<string, { state: MeetingState; revision: number }>();
    for (const event of events.filter(isMeetingEvent)) {
      const domain = toDomainEvent(meetingDecider, event) as MeetingEvent;
      const id = domain.data.meetingId;
      let current = folded.get(id);
      if (!current) {
        const [row] = (await context.manager.query(`SELECT state, revision FROM ${table} WHERE meeting_id = $1`, [id])) as Array<{
          state: MeetingState;
          revision: number;
        }>;
        current = row ?? { state: meetingDecider.initialState(), revision: -1 };
      }
      folded.set(id, {
        state: meetingDecider.evolve(current.state, domain, { occurredAt: event.metadata.occurredAt, actor: event.metadata.actor }),
        revision: event.revision,
      });
    }
    for (const [id, { state, revision }] of folded) {
      if (!state.exists) continue;
      await context.manager.query(
        `INSERT INTO ${table} (meeting_id, revision, state, forum, title, starts_at, agenda_published, minutes_status, open_items, last_changed_at)
         VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (meeting_id) DO UPDATE SET revision = EXCLUDED.revision, state = EXCLUDED.state, forum = EXCLUDED.forum, title = EXCLUDED.title,
           starts_at = EXCLUDED.starts_at, agenda_published = EXCLUDED.agenda_published, minutes_status = EXCLUDED.minutes_status,
           open_items = EXCLUDED.open_items, last_changed_at = EXCLUDED.last_changed_at`,
        rowOf(id, revision, state),
      );
    }
  },
};

function rowOf(id: string, revision: number, state: ExistingMeetingState): unknown[] {
  return [
    id,
    revision,
    JSON.stringify(state),
    state.forum,
    state.title,
    state.startsAt,
    state.agendaPublishedAt !== null,
    state.minutes?.status ?? null,
    openItemsOf(state).length,
    state.lastChangedAt,
  ];
}
