import { Decider } from '../command-handling/decider';
import { MeetingCommand, MeetingSystemCommand } from './meeting.commands';
import { MeetingState, decide, evolve, initialState } from './meeting.decider';
import { MEETING_EVENT_SCHEMA_VERSIONS, MeetingEvent } from './meeting.events';
import { upcastMeetingEvent } from './meeting.upcasters';

/** The meeting's decider as the shared write path sees it. Streams are named `meeting-<id>`. */
export const meetingDecider: Decider<MeetingCommand | MeetingSystemCommand, MeetingEvent, MeetingState> = {
  aggregateName: 'Meeting',
  streamPrefix: 'meeting',
  initialState,
  evolve,
  decide,
  schemaVersionOf: (type) => MEETING_EVENT_SCHEMA_VERSIONS[type],
  upcast: upcastMeetingEvent,
};
