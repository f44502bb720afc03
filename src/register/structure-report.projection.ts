import { EncodedJson } from '../database/encoded-json';
import type { RecordedEvent } from '../event-store/event-store.port';
import { type MeetingEvent, isMeetingEventType } from '../meetings/contract';
import type { PrepareContext, Projection, WriteContext } from '../projections/projection';
import { type Columns, EncodedRows } from '../projections/encoded-rows';
import { forEachPath } from '../projections/stream-states';
import type { WriteStatement } from '../projections/write-statement';
import { isQuestionEvent, questionStreams } from '../questions/contract';
import { questionReportRowsOf } from './structure-report';

/** The projection that keeps the annual report's tables: the report waits for it at the log's head. */
export const STRUCTURE_REPORT_PROJECTION = 'structure-report';

export const REPORT_MEETING_TABLE = 'rm_structure_report_meeting';
export const REPORT_HANDLED_TABLE = 'rm_structure_report_handled';
export const REPORT_POSITION_TABLE = 'rm_structure_report_position';
export const REPORT_DECISION_TABLE = 'rm_structure_report_decision';

function isReportMeetingEvent(event: RecordedEvent): boolean {
  return event.streamId.startsWith('meeting-') && isMeetingEventType(event.type);
}

const MEETING_COLUMNS = [
  ['meeting_id', 'text'],
  ['forum', 'text'],
  ['starts_at', 'text'],
  ['cancelled', 'boolean'],
  ['attended', 'boolean'],
] as const;
const MEETING_CHANGE_COLUMNS = [
  ['meeting_id', 'text'],
  ['starts_at', 'text'],
  ['cancelled', 'boolean'],
  ['attended', 'boolean'],
] as const;
const HANDLED_COLUMNS = [
  ['year', 'integer'],
  ['forum', 'text'],
  ['logic', 'text'],
  ['question_id', 'text'],
] as const;
const POSITION_COLUMNS = [
  ['event_id', 'text'],
  ['year', 'integer'],
  ['position_commit', 'bigint'],
  ['position_prepare', 'bigint'],
  ['question_id', 'text'],
  ['title', 'text'],
  ['on_day', 'text'],
  ['organisations_to_decide', 'integer'],
  ['decide_by', 'text'],
] as const;
const DECISION_COLUMNS = [
  ['event_id', 'text'],
  ['year', 'integer'],
  ['organisation_id', 'text'],
  ['days_late', 'integer'],
] as const;

interface Planned {
  meetings: EncodedJson | null;
  meetingChanges: EncodedJson | null;
  /** Handled rows of questions first seen in the batch: none of theirs is stored yet. */
  handledNew: EncodedRows | null;
  /** Handled rows of the other questions, which an earlier batch may have stored already. */
  handled: EncodedRows | null;
  positions: EncodedRows | null;
  decisions: EncodedRows | null;
}

type MeetingRow = { meeting_id: string; forum?: string; starts_at: string | null; cancelled: boolean; attended: boolean };

/**
 * `structure-report`: the rows the annual report on the structure counts
 * (docs/structure.md#the-annual-report), each under the year it counts in —
 * meetings with their start and whether they were held, the questions each
 * forum handled under each logic, positions taken, and decisions recorded with
 * their days late. The same shape as every projection: question streams are
 * folded in `prepare` (stream-states.ts, the questions' one fold, state after
 * each event) and each event's rows come from the same function the report's
 * reference computation uses (`questionReportRowsOf`); the rows are inserted
 * in the batch's statement (`writeTo`). Meetings are folded from their own events: a scheduling writes the
 * whole row, a later event only what it changes.
 */
export const structureReportProjection: Projection = {
  name: STRUCTURE_REPORT_PROJECTION,
  tables: [REPORT_MEETING_TABLE, REPORT_HANDLED_TABLE, REPORT_POSITION_TABLE, REPORT_DECISION_TABLE],
  handles: (event) => isQuestionEvent(event) || isReportMeetingEvent(event),

  async prepare(events: RecordedEvent[], context: PrepareContext): Promise<Planned> {
    // Meetings, in log order: a row scheduled in this batch is whole; otherwise the changes to the stored row.
    const scheduled = new Map<string, MeetingRow>();
    const changed = new Map<string, MeetingRow>();
    for (const recorded of events) {
      if (!isReportMeetingEvent(recorded)) continue;
      const event = { type: recorded.type, data: recorded.data } as MeetingEvent;
      const id = event.data.meetingId;
      if (event.type === 'MeetingScheduled') {
        changed.delete(id);
        scheduled.set(id, { meeting_id: id, forum: event.data.forum, starts_at: event.data.startsAt, cancelled: false, attended: false });
        continue;
      }
      const row = scheduled.get(id) ?? changed.get(id) ?? { meeting_id: id, starts_at: null, cancelled: false, attended: false };
      if (event.type === 'MeetingRescheduled') row.starts_at = event.data.startsAt;
      if (event.type === 'MeetingCancelled') row.cancelled = true;
      if (event.type === 'AttendanceRecorded') row.attended = true;
      if (!scheduled.has(id)) changed.set(id, row);
    }

    const handledNew = new Map<string, HandledRow>();
    const handled: HandledRow[] = [];
    const positions: unknown[] = [];
    const decisions: unknown[] = [];
    await forEachPath(questionStreams, events, context, (path) => {
      const firstSeen = path.before.revision === -1;
      path.events.forEach((recorded, index) => {
        const before = index === 0 ? path.before.state : path.states[index - 1].state;
        const rows = questionReportRowsOf(recorded, before, path.states[index].state);
        if (rows.handled) {
          const { year, forum, logic, questionId } = rows.handled;
          const row = { year, forum, logic, question_id: questionId };
          // A question is handled by the same forum under the same logic again and again: its row once.
          if (firstSeen) handledNew.set(`${year}\u0001${forum}\u0001${logic}\u0001${questionId}`, row);
          else handled.push(row);
        }
        if (rows.position) {
          const { year, questionId, title, on, organisationsToDecide, decideBy } = rows.position;
          positions.push({
            event_id: recorded.id,
            year,
            position_commit: String(recorded.position.commit),
            position_prepare: String(recorded.position.prepare),
            question_id: questionId,
            title,
            on_day: on,
            organisations_to_decide: organisationsToDecide,
            decide_by: decideBy,
          });
        }
        if (rows.decision) {
          const { year, organisationId, daysLate } = rows.decision;
          decisions.push({ event_id: recorded.id, year, organisation_id: organisationId, days_late: daysLate });
        }
      });
    });
    return {
      meetings: EncodedJson.ofItems([...scheduled.values()]),
      meetingChanges: EncodedJson.ofItems([...changed.values()]),
      handledNew: EncodedRows.of([...handledNew.values()], HANDLED_COLUMNS),
      handled: EncodedRows.of(handled, HANDLED_COLUMNS),
      positions: EncodedRows.of(positions as object[], POSITION_COLUMNS),
      decisions: EncodedRows.of(decisions as object[], DECISION_COLUMNS),
    };
  },

  writeTo(statement: WriteStatement, _events: RecordedEvent[], context: WriteContext): void {
    const planned = context.prepared as Planned | undefined;
    if (planned === undefined) throw new Error('structure-report: writing needs what prepare planned');
    if (planned.meetings) statement.upsertRows('report_meetings', context.table(REPORT_MEETING_TABLE), planned.meetings, MEETING_COLUMNS, ['meeting_id']);
    if (planned.meetingChanges) {
      statement.with(
        'report_meeting_changes',
        `UPDATE ${context.table(REPORT_MEETING_TABLE)} t
            SET starts_at = coalesce(x.starts_at, t.starts_at), cancelled = t.cancelled OR x.cancelled, attended = t.attended OR x.attended
           FROM ${statement.recordset(planned.meetingChanges, MEETING_CHANGE_COLUMNS)}
          WHERE t.meeting_id = x.meeting_id`,
      );
    }
    // Rows known to be new skip `ON CONFLICT`'s lookup of each key: a batch is applied once (with the checkpoint's
    // advance), so a question first seen in it has no rows yet, and an event's position or decision is stored by its
    // batch alone. Were one there, the statement would fail rather than write twice.
    if (planned.handledNew) statement.insertRows('report_handled_new', context.table(REPORT_HANDLED_TABLE), planned.handledNew, HANDLED_COLUMNS);
    if (planned.handled) insertNew(statement, 'report_handled', context.table(REPORT_HANDLED_TABLE), planned.handled, HANDLED_COLUMNS);
    if (planned.positions) statement.insertRows('report_positions', context.table(REPORT_POSITION_TABLE), planned.positions, POSITION_COLUMNS);
    if (planned.decisions) statement.insertRows('report_decisions', context.table(REPORT_DECISION_TABLE), planned.decisions, DECISION_COLUMNS);
  },
};

type HandledRow = { year: number; forum: string; logic: string; question_id: string };

/** A part that inserts the rows not stored yet: a question's handled row may come from an earlier batch, or twice from this one. */
function insertNew(statement: WriteStatement, name: string, table: string, rows: EncodedRows, columns: Columns): void {
  const names = columns.map(([column]) => column).join(', ');
  statement.with(name, `INSERT INTO ${table} (${names}) SELECT DISTINCT ${names} FROM ${statement.recordset(rows, columns)} ON CONFLICT DO NOTHING`);
}
