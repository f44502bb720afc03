import { toDomainEvent } from '../command-handling/execute-with-decider';
import { EncodedJson } from '../database/encoded-json';
import type { RecordedEvent } from '../event-store/event-store.port';
import type { PrepareContext, Projection, WriteContext } from '../projections/projection';
import { type StreamFold, forEachStep } from '../projections/stream-states';
import { WriteStatement } from '../projections/write-statement';
import { meetingDecider } from './meeting.decider';
import { isMeetingEventType } from './meeting.events';
import { openItemsOf, type MeetingState } from './meeting.state';

export const MEETING_TABLE = 'rm_meeting';

export function isMeetingEvent(event: RecordedEvent): boolean {
  return event.streamId.startsWith(`${meetingDecider.streamPrefix}-`) && isMeetingEventType(event.type);
}

/** The projection that keeps rm_meeting: a read of it waits for this one (`afterPosition`). */
export const MEETINGS_PROJECTION = 'meetings';

/** How the projection follows meeting streams: the decider's own `evolve`, with each event's own time and actor. */
const meetingStreams: StreamFold<MeetingState> = {
  name: 'meeting',
  follows: isMeetingEvent,
  initial: () => meetingDecider.initialState(),
  evolve: (state, event) =>
    meetingDecider.evolve(state, toDomainEvent(meetingDecider, event), { occurredAt: event.metadata.occurredAt, actor: event.metadata.actor }),
};

/** Column name and SQL type, in table order; `meeting_id` first (the conflict key). */
const MEETING_COLUMNS = [
  ['meeting_id', 'text'],
  ['revision', 'integer'],
  ['state', 'jsonb'],
  ['forum', 'text'],
  ['title', 'text'],
  ['starts_at', 'timestamptz'],
  ['agenda_published', 'boolean'],
  ['minutes_status', 'text'],
  ['open_items', 'integer'],
  ['last_changed_at', 'timestamptz'],
] as const;

/**
 * `meetings`: the folded state of each meeting (which the meeting queries
 * present) plus the columns the calendar, the meeting list and the agenda
 * proposal filter on. The same shape as every projection: each meeting the
 * batch touches is folded in `prepare` (stream-states.ts: from the states kept
 * between batches, or from its stream), and the rows are one upsert in the
 * batch's statement.
 */
export const meetingsProjection: Projection = {
  name: MEETINGS_PROJECTION,
  tables: [MEETING_TABLE],
  handles: isMeetingEvent,

  async prepare(events: RecordedEvent[], context: PrepareContext): Promise<EncodedJson | null> {
    const rows: Array<Record<(typeof MEETING_COLUMNS)[number][0], unknown>> = [];
    await forEachStep(meetingStreams, events, context, ({ after }) => {
      const state = after.state;
      if (!state.exists) return;
      rows.push({
        meeting_id: state.id,
        revision: after.revision,
        state,
        forum: state.forum,
        title: state.title,
        starts_at: state.startsAt,
        agenda_published: state.agendaPublishedAt !== null,
        minutes_status: state.minutes?.status ?? null,
        open_items: openItemsOf(state).length,
        last_changed_at: state.lastChangedAt,
      });
    });
    return EncodedJson.ofItems(rows);
  },

  writeTo(statement: WriteStatement, _events: RecordedEvent[], context: WriteContext): void {
    writeBatch(statement, context);
  },
};

function writeBatch(statement: WriteStatement, context: WriteContext): void {
  const rows = context.prepared as EncodedJson | null | undefined;
  if (rows === undefined) throw new Error('meetings: writing needs what prepare planned');
  if (rows) statement.upsertRows('meetings_written', context.table(MEETING_TABLE), rows, MEETING_COLUMNS, ['meeting_id']);
}
