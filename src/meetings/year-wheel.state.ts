/** The annual wheel (årshjul) of one year, folded from its events. Plain JSON only. */
import type { Actor } from '../event-store/event-store.port';
import type { ForumId } from '../reference-data/forums';
import type { PlannedMeeting, ScheduledMeeting, WheelChange, WheelTheme, YearWheelEvent } from './year-wheel.events';

export interface YearWheelEventContext {
  occurredAt: string;
  actor: Actor;
}

export interface ExistingYearWheelState {
  exists: true;
  year: number;
  /** proposed: a proposal (or revision) awaits adoption; adopted: the last proposal is in force. */
  status: 'proposed' | 'adopted';
  meetings: PlannedMeeting[];
  themes: WheelTheme[];
  /** The meetings the wheel has scheduled and not cancelled, as they now stand, with their ids. */
  scheduled: ScheduledMeeting[];
  /** The meetings a revision dropped, cancelled on its adoption. */
  cancelledMeetings: Array<{ meetingId: string; forum: ForumId; startsAt: string }>;
  /** Changes a meeting refused (YearWheelChangeNotCarried), with its rule. */
  notCarried: Array<{ adoptionEventId: string; meetingId: string; change: WheelChange; rule: string; message: string; recordedAt: string }>;
  proposedAt: string;
  proposedBy: Actor;
  adoptedAt: string | null;
  adoptedBy: Actor | null;
  /** How many times the wheel has been adopted (1 = the original, more = revisions). */
  adoptions: number;
}

export type YearWheelState = { exists: false } | ExistingYearWheelState;

export function initialState(): YearWheelState {
  return { exists: false };
}

export function evolve(state: YearWheelState, event: YearWheelEvent, context: YearWheelEventContext): YearWheelState {
  switch (event.type) {
    case 'YearWheelProposed':
      return {
        exists: true,
        year: event.data.year,
        status: 'proposed',
        meetings: event.data.meetings,
        themes: event.data.themes,
        scheduled: state.exists ? state.scheduled : [],
        cancelledMeetings: state.exists ? (state.cancelledMeetings ?? []) : [],
        notCarried: state.exists ? (state.notCarried ?? []) : [],
        proposedAt: context.occurredAt,
        proposedBy: context.actor,
        adoptedAt: state.exists ? state.adoptedAt : null,
        adoptedBy: state.exists ? state.adoptedBy : null,
        adoptions: state.exists ? state.adoptions : 0,
      };
    case 'YearWheelAdopted': {
      if (!state.exists) return state;
      const moved = new Map((event.data.rescheduled ?? []).map((meeting) => [meeting.meetingId, meeting]));
      const dropped = new Set((event.data.cancelled ?? []).map((meeting) => meeting.meetingId));
      return {
        ...state,
        status: 'adopted',
        scheduled: [
          ...state.scheduled.filter((meeting) => !dropped.has(meeting.meetingId)).map((meeting) => moved.get(meeting.meetingId) ?? meeting),
          ...event.data.scheduled,
        ],
        cancelledMeetings: [...(state.cancelledMeetings ?? []), ...(event.data.cancelled ?? [])],
        adoptedAt: context.occurredAt,
        adoptedBy: context.actor,
        adoptions: state.adoptions + 1,
      };
    }
    case 'YearWheelChangeNotCarried': {
      if (!state.exists) return state;
      const { adoptionEventId, meetingId, change, rule, message } = event.data;
      return { ...state, notCarried: [...(state.notCarried ?? []), { adoptionEventId, meetingId, change, rule, message, recordedAt: context.occurredAt }] };
    }
  }
}

/**
 * What adopting the proposal does to the wheel's meetings. Each planned meeting
 * is the scheduled meeting it names (`meetingId`), or else the one at the same
 * forum and start, or else a new one to schedule; a scheduled meeting that a
 * planned one matches but differs from is rescheduled; one that none matches
 * is cancelled.
 */
export function plannedChanges(wheel: ExistingYearWheelState): {
  toSchedule: PlannedMeeting[];
  toReschedule: ScheduledMeeting[];
  toCancel: Array<{ meetingId: string; forum: ForumId; startsAt: string }>;
} {
  const matched = new Set<string>();
  const toSchedule: PlannedMeeting[] = [];
  const toReschedule: ScheduledMeeting[] = [];
  for (const { meetingId, ...planned } of wheel.meetings) {
    const done = meetingId
      ? wheel.scheduled.find((meeting) => meeting.meetingId === meetingId)
      : wheel.scheduled.find((meeting) => !matched.has(meeting.meetingId) && meeting.forum === planned.forum && meeting.startsAt === planned.startsAt);
    if (!done) {
      toSchedule.push(planned);
      continue;
    }
    matched.add(done.meetingId);
    const next: ScheduledMeeting = { ...planned, meetingId: done.meetingId };
    if (!samePlan(done, next)) toReschedule.push(next);
  }
  const toCancel = wheel.scheduled
    .filter((meeting) => !matched.has(meeting.meetingId))
    .map(({ meetingId, forum, startsAt }) => ({ meetingId, forum, startsAt }));
  return { toSchedule, toReschedule, toCancel };
}

/** The planned meetings not yet scheduled by an earlier adoption. */
export function unscheduledMeetings(wheel: ExistingYearWheelState): PlannedMeeting[] {
  return plannedChanges(wheel).toSchedule;
}

function samePlan(a: ScheduledMeeting, b: ScheduledMeeting): boolean {
  const fields = ['startsAt', 'endsAt', 'place', 'digitalLink', 'agendaDeadline', 'title'] as const;
  return fields.every((field) => (a[field] ?? null) === (b[field] ?? null));
}

/** The months of the wheel's rhythm, as configured (1–12). */
export interface WheelRhythmMonths {
  proposalMonth: number;
  adoptionMonth: number;
  revisionMonth: number;
}

/**
 * When the wheel of `year` is due to be proposed, adopted and revised, as
 * months (`YYYY-MM`): the proposal in the year before; the adoption after it,
 * in the same year or, for a month before the proposal's, early in the
 * wheel's own year; the revision in the wheel's own year.
 */
export function rhythmOf(year: number, months: WheelRhythmMonths): { proposal: string; adoption: string; revision: string } {
  const month = (inYear: number, value: number) => `${inYear}-${String(value).padStart(2, '0')}`;
  const adoptionYear = months.adoptionMonth >= months.proposalMonth ? year - 1 : year;
  return { proposal: month(year - 1, months.proposalMonth), adoption: month(adoptionYear, months.adoptionMonth), revision: month(year, months.revisionMonth) };
}
