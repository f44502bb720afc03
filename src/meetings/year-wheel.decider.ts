/**
 * The rules of the annual wheel (årshjul). Pure. Adopting names the meetings to
 * schedule; the handler then schedules each through the meeting's own command.
 */
import type { Actor } from '../event-store/event-store.port';
import { knownIds, type KnownIds } from '../reference-data/organisations';
import { calendarDateOf } from '../shared-kernel/calendar';
import { AggregateNotFound, DomainRuleViolation } from '../shared-kernel/domain-errors';
import type { YearWheelCommand, YearWheelSystemCommand } from './year-wheel.commands';
import { type PlannedMeeting, type WheelTheme, YEAR_WHEEL_EVENT_SCHEMA_VERSIONS, type YearWheelEvent } from './year-wheel.events';
import { evolve, initialState, plannedChanges, type YearWheelState } from './year-wheel.state';

export { evolve, initialState, plannedChanges, unscheduledMeetings } from './year-wheel.state';
export type { YearWheelState } from './year-wheel.state';

export interface YearWheelCommandContext {
  actor: Actor;
  now: string;
  /** IANA time zone in which a meeting's year is read (TIME_ZONE). */
  timeZone: string;
  /** The forums the structure register knows (absent while it is empty: the default data's). */
  structure?: { forums?: readonly string[] };
}

export type YearWheelRule =
  | 'invalid-year'
  | 'year-wheel-empty'
  | 'unknown-forum'
  | 'invalid-date-time'
  | 'meeting-outside-year'
  | 'deadline-after-start'
  | 'duplicate-meeting'
  | 'required-field-blank'
  | 'invalid-month'
  | 'nothing-to-adopt'
  | 'meeting-ids-mismatch'
  | 'unknown-meeting';

export function decide(command: YearWheelCommand | YearWheelSystemCommand, state: YearWheelState, context: YearWheelCommandContext): YearWheelEvent[] {
  const year = command.data.year;
  if (command.type === 'RecordWheelChangeNotCarried') {
    if (!state.exists) throw new AggregateNotFound('Annual wheel', String(year));
    // A fact about a meeting's refusal, recorded once per adoption, meeting and change.
    const { adoptionEventId, meetingId, change } = command.data;
    const known = (state.notCarried ?? []).some(
      (entry) => entry.adoptionEventId === adoptionEventId && entry.meetingId === meetingId && entry.change === change,
    );
    return known ? [] : [{ type: 'YearWheelChangeNotCarried', data: { ...command.data } }];
  }
  if (!Number.isInteger(year) || year < 2019 || year > 2100)
    refuse('invalid-year', `year must be a whole year from 2019 (when Samverkan Värmland began), got ${String(year)}`);
  if (command.type === 'ProposeYearWheel') {
    const { meetings, themes } = command.data;
    if ((meetings ?? []).length === 0) refuse('year-wheel-empty', 'An annual wheel plans at least one meeting');
    const planned = meetings.map((meeting, index) => plannedMeeting(meeting, year, `meetings[${index}]`, context.timeZone, knownIds(context.structure)));
    const keys = planned.map((meeting) => `${meeting.forum}@${meeting.startsAt}`);
    if (new Set(keys).size !== keys.length) refuse('duplicate-meeting', 'The wheel plans the same forum at the same time more than once');
    const named = planned.flatMap((meeting) => (meeting.meetingId ? [meeting.meetingId] : []));
    if (new Set(named).size !== named.length) refuse('duplicate-meeting', 'A revision names the same scheduled meeting more than once');
    for (const meetingId of named) {
      if (!state.exists || !state.scheduled.some((meeting) => meeting.meetingId === meetingId))
        refuse('unknown-meeting', `Meeting ${meetingId} is not one the annual wheel ${year} has scheduled (GET /annual-wheel/${year} lists them)`);
    }
    return [{ type: 'YearWheelProposed', data: { year, meetings: planned, themes: (themes ?? []).map(theme), revision: state.exists && state.adoptions > 0 } }];
  }
  if (!state.exists) throw new AggregateNotFound('Annual wheel', String(year));
  if (state.status !== 'proposed')
    refuse(
      'nothing-to-adopt',
      `The annual wheel ${year} is adopted and no revision has been proposed since (${calendarDateOf(context.now, context.timeZone)})`,
    );
  const { toSchedule, toReschedule, toCancel } = plannedChanges(state);
  const ids = command.data.meetingIds ?? [];
  if (ids.length !== toSchedule.length || ids.some((id) => typeof id !== 'string' || id.trim() === '')) {
    refuse('meeting-ids-mismatch', `Adopting schedules ${toSchedule.length} meeting(s): one id each is needed, got ${ids.length}`);
  }
  return [
    {
      type: 'YearWheelAdopted',
      data: {
        year,
        scheduled: toSchedule.map((meeting, index) => ({ ...meeting, meetingId: ids[index] })),
        ...(toReschedule.length ? { rescheduled: toReschedule } : {}),
        ...(toCancel.length ? { cancelled: toCancel } : {}),
      },
    },
  ];
}

function plannedMeeting(meeting: PlannedMeeting, year: number, field: string, timeZone: string, known: KnownIds): PlannedMeeting {
  if (!known.isForum(meeting.forum)) refuse('unknown-forum', `${field}.forum: "${String(meeting.forum)}" is no forum in ${known.source}`);
  const startsAt = instant(meeting.startsAt, `${field}.startsAt`);
  // The year of the meeting's day where it is held: 1 January 00:30 in Stockholm is still 31 December in UTC.
  if (!calendarDateOf(startsAt, timeZone).startsWith(`${year}-`)) refuse('meeting-outside-year', `${field}.startsAt ${startsAt} is not in ${year}`);
  const agendaDeadline = instant(meeting.agendaDeadline, `${field}.agendaDeadline`);
  if (agendaDeadline > startsAt) refuse('deadline-after-start', `${field}.agendaDeadline must come before the meeting`);
  const { forum, endsAt, place, digitalLink, title, meetingId } = meeting;
  return {
    ...(meetingId ? { meetingId } : {}),
    forum,
    startsAt,
    agendaDeadline,
    ...(endsAt !== undefined ? { endsAt: instant(endsAt, `${field}.endsAt`) } : {}),
    ...(place ? { place } : {}),
    ...(digitalLink ? { digitalLink } : {}),
    ...(title ? { title } : {}),
  };
}

function theme(entry: WheelTheme, index: number): WheelTheme {
  if (!Number.isInteger(entry.month) || entry.month < 1 || entry.month > 12) refuse('invalid-month', `themes[${index}].month must be 1–12`);
  if (typeof entry.title !== 'string' || entry.title.trim() === '') refuse('required-field-blank', `themes[${index}].title must not be blank`);
  return { month: entry.month, title: entry.title.trim(), ...(entry.description ? { description: entry.description } : {}) };
}

function instant(value: string, field: string): string {
  const shaped = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(value);
  const time = shaped ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) refuse('invalid-date-time', `${field} must be a date and time with offset, got "${String(value)}"`);
  return new Date(time).toISOString();
}

function refuse(rule: YearWheelRule, message: string): never {
  throw new DomainRuleViolation(rule, message);
}

/**
 * The annual wheel's decider as the shared write path sees it. Streams are
 * named `year-wheel-<year>`.
 */
export const yearWheelDecider = {
  aggregateName: 'Annual wheel',
  streamPrefix: 'year-wheel',
  initialState,
  evolve,
  decide,
  schemaVersionOf: (type: YearWheelEvent['type']): number => YEAR_WHEEL_EVENT_SCHEMA_VERSIONS[type],
};
