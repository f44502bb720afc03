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
  /** In a revision: the scheduled meeting this entry is (moved, or with a new place). */
  meetingId?: string;
}

/** A meeting the wheel scheduled, as it now stands. */
export type ScheduledMeeting = Omit<PlannedMeeting, 'meetingId'> & { meetingId: string };

/** What a revision's adoption does to a meeting the wheel scheduled before. */
export type WheelChange = 'schedule' | 'reschedule' | 'cancel';

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

/**
 * Årshjul fastställt: the meetings not yet scheduled get their ids and are
 * scheduled; in a revision, the meetings it moves or changes are rescheduled
 * and those it drops are cancelled (both absent in adoptions that change none,
 * and in adoptions stored before revisions could).
 */
export interface YearWheelAdopted {
  type: 'YearWheelAdopted';
  data: {
    year: number;
    scheduled: ScheduledMeeting[];
    rescheduled?: ScheduledMeeting[];
    cancelled?: Array<{ meetingId: string; forum: ForumId; startsAt: string }>;
  };
}

/**
 * Årshjulets ändring ej genomförd: a meeting refused what the adoption asked
 * of it (moved or cancelled by hand in the meantime, say). Recorded by the
 * reaction that carries adoptions into meetings (year-wheel.reaction.ts),
 * naming the meeting's rule; the adoption stands.
 */
export interface YearWheelChangeNotCarried {
  type: 'YearWheelChangeNotCarried';
  data: { year: number; adoptionEventId: string; meetingId: string; change: WheelChange; rule: string; message: string };
}

export type YearWheelEvent = YearWheelProposed | YearWheelAdopted | YearWheelChangeNotCarried;
export type YearWheelEventType = YearWheelEvent['type'];

export const YEAR_WHEEL_EVENT_SCHEMA_VERSIONS: Record<YearWheelEventType, number> = {
  YearWheelProposed: 1,
  YearWheelAdopted: 1,
  YearWheelChangeNotCarried: 1,
};

export const YEAR_WHEEL_EVENT_LABELS: Record<YearWheelEventType, { sv: string; en: string }> = {
  YearWheelProposed: { sv: 'Årshjul föreslaget', en: 'Annual wheel proposed' },
  YearWheelAdopted: { sv: 'Årshjul fastställt', en: 'Annual wheel adopted' },
  YearWheelChangeNotCarried: { sv: 'Årshjulets ändring ej genomförd', en: 'Annual wheel change not carried' },
};
