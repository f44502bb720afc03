/** Commands on an annual wheel (årshjul). Each command's type is also its action in the access matrix. */
import type { PlannedMeeting, WheelChange, WheelTheme } from './year-wheel.events';

/** Föreslå årshjul (the working group, in November; a revision in June) */
export interface ProposeYearWheel {
  type: 'ProposeYearWheel';
  data: { year: number; meetings: PlannedMeeting[]; themes: WheelTheme[] };
}

/** Fastställa årshjul (the chairs' council, in December). `meetingIds`: one fresh id per meeting to schedule, from the handler. */
export interface AdoptYearWheel {
  type: 'AdoptYearWheel';
  data: { year: number; meetingIds: string[] };
}

export type YearWheelCommand = ProposeYearWheel | AdoptYearWheel;
export type YearWheelCommandType = YearWheelCommand['type'];

/**
 * Recorded by the reaction that carries an adoption into its meetings
 * (year-wheel.reaction.ts) when a meeting refuses a change; never from a
 * request, so it has no route and no rule in the access matrix.
 */
export interface RecordWheelChangeNotCarried {
  type: 'RecordWheelChangeNotCarried';
  data: { year: number; adoptionEventId: string; meetingId: string; change: WheelChange; rule: string; message: string };
}

/** Commands only the system gives (reactions), beside the people's YearWheelCommand. */
export type YearWheelSystemCommand = RecordWheelChangeNotCarried;
