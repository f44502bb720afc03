/**
 * Who may give each meeting and annual-wheel command: the meeting slice's rows
 * of the access matrix (docs/access.md), registered with auth when this file
 * is loaded (the meeting and year-wheel command handlers and controllers
 * import it).
 */
import { type AccessRule, command, meetingCommand, registerAccessRules } from '../auth/access-policy';
import type { MeetingCommandType } from './meeting.commands';
import type { YearWheelCommandType } from './year-wheel.commands';

declare module '../auth/access-policy' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: names the slice's command types as actions
  interface CommandActions extends Record<MeetingCommandType | YearWheelCommandType, true> {}
}

/** Those who prepare and run meetings: the working group, the chairs and the secretaries. */
const MEETINGS = ['admin', 'working-group', 'chair', 'secretary'] as const;

/** `satisfies Record<MeetingCommandType, …>`: a command type without a rule here does not compile. */
export const MEETING_ACCESS = {
  // Meetings (sammanträden) and the annual wheel (årshjul), see docs/meetings.md.
  ScheduleMeeting: meetingCommand('Utlysa ett sammanträde', MEETINGS),
  RescheduleMeeting: meetingCommand('Flytta ett sammanträde (med skäl)', MEETINGS),
  CancelMeeting: meetingCommand('Ställa in ett sammanträde (med skäl)', MEETINGS),
  ProposeAgenda: meetingCommand('Föreslå dagordning ur utestående logg', MEETINGS),
  SetAgenda: meetingCommand('Fastställa dagordning', ['admin', 'chair']),
  PublishAgenda: meetingCommand('Publicera dagordning', MEETINGS),
  AmendAgenda: meetingCommand('Ändra publicerad dagordning (med skäl)', ['admin', 'chair']),
  RecordAttendance: meetingCommand('Registrera närvaro', ['admin', 'chair', 'secretary']),
  RecordItemOutcome: meetingCommand('Registrera utfall av en punkt', ['admin', 'chair', 'secretary']),
  DraftMinutes: meetingCommand('Upprätta protokoll', ['admin', 'chair', 'secretary']),
  // Whoever the minutes name as adjuster, in any role but auditor; the meeting's decider refuses anyone not named (not-a-named-adjuster).
  ApproveMinutes: meetingCommand('Justera protokoll', ['admin', 'working-group', 'chair', 'secretary', 'member']),
  PublishMinutes: meetingCommand('Publicera protokoll', ['admin', 'chair', 'secretary']),
  CorrectMinutes: meetingCommand('Rätta justerat protokoll', ['admin', 'chair', 'secretary']),
} as const satisfies Record<MeetingCommandType, AccessRule>;

export const YEAR_WHEEL_ACCESS = {
  ProposeYearWheel: command('Föreslå årshjul', ['admin', 'working-group']),
  AdoptYearWheel: command('Fastställa årshjul', ['admin', 'chair']),
} as const satisfies Record<YearWheelCommandType, AccessRule>;

registerAccessRules(MEETING_ACCESS);
registerAccessRules(YEAR_WHEEL_ACCESS);
