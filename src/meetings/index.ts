/**
 * The meeting slice's write side, for the callers that give its commands
 * besides its own controllers (the web forms, src/web/): the bus command, the
 * command and state types, the request shapes the API validates, the rule
 * ids, the agenda proposal from the outstanding log, and how a scheduling
 * command names its meeting.
 */
import { foldEvents, idCreatedBy, streamIdOf } from '../command-handling/execute-with-decider';
import type { RecordedEvent } from '../event-store/event-store.port';
import { meetingDecider } from './meeting.decider';
import { yearWheelDecider } from './year-wheel.decider';
import type { YearWheelState } from './year-wheel.state';
import type { MeetingState } from './meeting.state';

export { ExecuteMeetingCommand } from './execute-meeting-command';
export { AgendaProposals } from './agenda-proposals';
export type { AgendaItemInput, MeetingCommand } from './meeting.commands';
export type { MeetingRule } from './meeting.decider';
export type { ExistingMeetingState } from './meeting.state';
export { AGENDA_ITEM_KINDS, AGENDA_ITEM_LOGICS, ITEM_OUTCOME_STATUSES, MEETING_EVENT_LABELS } from './meeting.events';
export type { AgendaItemKind, AgendaItemLogic, ItemOutcomeStatus } from './meeting.events';
export {
  AmendAgendaDto,
  CancelMeetingDto,
  CorrectMinutesDto,
  DraftMinutesDto,
  RecordAttendanceDto,
  RecordItemOutcomeDto,
  RescheduleMeetingDto,
  ScheduleMeetingDto,
  SetAgendaDto,
} from './meeting.dto';
export { meetingsProjection } from './meeting.projection';
export { ExecuteYearWheelCommand } from './execute-year-wheel-command';
export type { YearWheelCommand } from './year-wheel.commands';
export type { YearWheelRule } from './year-wheel.decider';
export type { ExistingYearWheelState, YearWheelState } from './year-wheel.state';
export { YEAR_WHEEL_EVENT_LABELS } from './year-wheel.events';
export { ProposeYearWheelDto } from './meeting.dto';

/** The stream a year's annual wheel is stored in. */
export function yearWheelStreamId(year: number): string {
  return streamIdOf(yearWheelDecider, String(year));
}

/** The state a year's wheel events fold to. */
export function foldYearWheel(events: RecordedEvent[]): YearWheelState {
  return foldEvents(yearWheelDecider, events);
}

/** The stream a meeting's events are stored in. */
export function meetingStreamId(meetingId: string): string {
  return streamIdOf(meetingDecider, meetingId);
}

/** The state a meeting's stored events fold to. */
export function foldMeeting(events: RecordedEvent[]): MeetingState {
  return foldEvents(meetingDecider, events);
}

/** The id a ScheduleMeeting command gives its new meeting (as POST /meetings does). */
export function meetingIdCreatedBy(commandId: string): string {
  return idCreatedBy(commandId, 'meeting');
}
