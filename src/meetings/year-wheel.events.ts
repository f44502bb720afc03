/**
 * Events of the annual wheel (årshjul) of one year: the working group proposes
 * next year's meetings per forum and its recurring themes (e.g. the Nya
 * Perspektiv seminar, the wheel's own revision in June); the chairs' council
 * adopts it, which schedules its meetings. A revision is proposed and adopted
 * the same way. Catalogued in docs/events.md and docs/meetings.md.
 */
import type { ForumId } from '../reference-data/forums';

/** A meeting the wheel plans. */
export interface PlannedMeeting {
  forum: ForumId;
  startsAt: string;
  endsAt?: string;
  place?: string;
  digitalLink?: string;
  agendaDeadline: string;
  title?: string;
}

/** A recurring theme and the month (1–12) it falls in. */
export interface WheelTheme {
  month: number;
  title: string;
  description?: string;
}

/** Årshjul föreslaget (or a revision of it). */
export interface YearWheelProposed {
  type: 'YearWheelProposed';
  data: { year: number; meetings: PlannedMeeting[]; themes: WheelTheme[]; revision: boolean };
}

/** Årshjul fastställt: the meetings not yet scheduled get their ids and are scheduled. */
export interface YearWheelAdopted {
  type: 'YearWheelAdopted';
  data: { year: number; scheduled: Array<PlannedMeeting & { meetingId: string }> };
}

export type YearWheelEvent = YearWheelProposed | YearWheelAdopted;
export type YearWheelEventType = YearWheelEvent['type'];

export const YEAR_WHEEL_EVENT_SCHEMA_VERSIONS: Record<YearWheelEventType, number> = {
  YearWheelProposed: 1,
  YearWheelAdopted: 1,
};

export const YEAR_WHEEL_EVENT_LABELS: Record<YearWheelEventType, { sv: string; en: string }> = {
  YearWheelProposed: { sv: 'Årshjul föreslaget', en: 'Annual wheel proposed' },
  YearWheelAdopted: { sv: 'Årshjul fastställt', en: 'Annual wheel adopted' },
};
