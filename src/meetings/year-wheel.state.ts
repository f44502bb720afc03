/** The annual wheel (årshjul) of one year, folded from its events. Plain JSON only. */
import type { Actor } from '../event-store/event-store.port';
import type { PlannedMeeting, WheelTheme, YearWheelEvent } from './year-wheel.events';

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
  /** The meetings the wheel has scheduled so far, with their ids. */
  scheduled: Array<PlannedMeeting & { meetingId: string }>;
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
        proposedAt: context.occurredAt,
        proposedBy: context.actor,
        adoptedAt: state.exists ? state.adoptedAt : null,
        adoptedBy: state.exists ? state.adoptedBy : null,
        adoptions: state.exists ? state.adoptions : 0,
      };
    case 'YearWheelAdopted':
      if (!state.exists) return state;
      return {
        ...state,
        status: 'adopted',
        scheduled: [...state.scheduled, ...event.data.scheduled],
        adoptedAt: context.occurredAt,
        adoptedBy: context.actor,
        adoptions: state.adoptions + 1,
      };
  }
}

/** The planned meetings not yet scheduled by an earlier adoption (same forum and start). */
export function unscheduledMeetings(wheel: ExistingYearWheelState): PlannedMeeting[] {
  return wheel.meetings.filter((planned) => !wheel.scheduled.some((done) => done.forum === planned.forum && done.startsAt === planned.startsAt));
}
