/** Commands on an annual wheel (årshjul). Each command's type is also its action in the access matrix. */
import type { PlannedMeeting, WheelTheme } from './year-wheel.events';

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
