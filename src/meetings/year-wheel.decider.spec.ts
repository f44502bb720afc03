import type { Actor } from '../event-store/event-store.port';
import { givenWhenThen } from '../../test/support/given-when-then';
import type { YearWheelCommand } from './year-wheel.commands';
import { decide, evolve, initialState, type YearWheelRule, type YearWheelState } from './year-wheel.decider';
import type { YearWheelEvent } from './year-wheel.events';

const workingGroup: Actor = { userId: 'karin', displayName: 'Karin Berg', role: 'working-group', organisationId: 'region-varmland' };
const now = '2026-11-12T10:00:00.000Z';

const { given } = givenWhenThen<YearWheelCommand, YearWheelEvent, YearWheelState, YearWheelRule>(
  { decide, evolve, initialState },
  { actor: workingGroup, now, occurredAt: (index) => `2026-11-0${index + 1}T10:00:00.000Z` },
);

const march = { forum: 'council' as const, startsAt: '2027-03-12T09:00:00+01:00', agendaDeadline: '2027-02-26T16:00:00+01:00', place: 'Karlstad' };
const june = { forum: 'chairs-council' as const, startsAt: '2027-06-10T09:00:00+02:00', agendaDeadline: '2027-05-27T16:00:00+02:00', place: 'Karlstad' };
const plannedMarch = { forum: 'council' as const, startsAt: '2027-03-12T08:00:00.000Z', agendaDeadline: '2027-02-26T15:00:00.000Z', place: 'Karlstad' };
const plannedJune = { forum: 'chairs-council' as const, startsAt: '2027-06-10T07:00:00.000Z', agendaDeadline: '2027-05-27T14:00:00.000Z', place: 'Karlstad' };
const themes = [
  { month: 6, title: 'Revision av årshjulet' },
  { month: 9, title: 'Nya Perspektiv' },
];
const proposed: YearWheelEvent = { type: 'YearWheelProposed', data: { year: 2027, meetings: [plannedMarch], themes, revision: false } };
const adopted: YearWheelEvent = { type: 'YearWheelAdopted', data: { year: 2027, scheduled: [{ ...plannedMarch, meetingId: 'm-1' }] } };

describe('ProposeYearWheel (föreslå årshjul)', () => {
  it('proposes meetings per forum and themes', () =>
    given()
      .when({ type: 'ProposeYearWheel', data: { year: 2027, meetings: [march], themes } })
      .then(proposed));
  it('proposes a revision after adoption', () =>
    given(proposed, adopted)
      .when({ type: 'ProposeYearWheel', data: { year: 2027, meetings: [march, june], themes } })
      .then({ type: 'YearWheelProposed', data: { year: 2027, meetings: [plannedMarch, plannedJune], themes, revision: true } }));
  it.each<[string, object, YearWheelRule]>([
    ['no meetings', { meetings: [] }, 'year-wheel-empty'],
    ['a meeting in another year', { meetings: [{ ...march, startsAt: '2028-03-12T09:00:00+01:00' }] }, 'meeting-outside-year'],
    ['an unknown forum', { meetings: [{ ...march, forum: 'x' }] }, 'unknown-forum'],
    ['a bad time', { meetings: [{ ...march, startsAt: 'mars' }] }, 'invalid-date-time'],
    ['a deadline after the meeting', { meetings: [{ ...march, agendaDeadline: '2027-03-13T09:00:00+01:00' }] }, 'deadline-after-start'],
    ['the same meeting twice', { meetings: [march, march] }, 'duplicate-meeting'],
    ['a month 13', { themes: [{ month: 13, title: 'X' }] }, 'invalid-month'],
    ['a blank theme', { themes: [{ month: 1, title: '' }] }, 'required-field-blank'],
    ['a year before the collaboration', { year: 2018 }, 'invalid-year'],
    [
      'a meeting at 23:30 on New Year’s Eve in Sweden (already the next year in no zone, but 2026 here)',
      { meetings: [{ ...march, startsAt: '2026-12-31T23:30:00+01:00', agendaDeadline: '2026-12-01T16:00:00+01:00' }] },
      'meeting-outside-year',
    ],
  ])('refuses %s', (_, change, rule) =>
    given()
      .when({ type: 'ProposeYearWheel', data: { year: 2027, meetings: [march], themes, ...change } } as never)
      .thenRefused(rule),
  );
});

describe('the wheel’s year is read where the meetings are held (TIME_ZONE)', () => {
  const newYear = { ...march, startsAt: '2027-01-01T00:30:00+01:00', agendaDeadline: '2026-12-15T16:00:00+01:00' };
  it('plans a meeting at 00:30 on New Year’s Day in its year, though it is still the old year in UTC', () =>
    given()
      .when({ type: 'ProposeYearWheel', data: { year: 2027, meetings: [newYear], themes: [] } })
      .then({
        type: 'YearWheelProposed',
        data: {
          year: 2027,
          meetings: [{ forum: 'council', startsAt: '2026-12-31T23:30:00.000Z', agendaDeadline: '2026-12-15T15:00:00.000Z', place: 'Karlstad' }],
          themes: [],
          revision: false,
        },
      }));
});

describe('AdoptYearWheel (fastställa årshjul)', () => {
  it('adopts, naming the meetings to schedule', () =>
    given(proposed)
      .when({ type: 'AdoptYearWheel', data: { year: 2027, meetingIds: ['m-1'] } })
      .then(adopted));
  it('schedules only the meetings a revision adds', () =>
    given(proposed, adopted, { type: 'YearWheelProposed', data: { year: 2027, meetings: [plannedMarch, plannedJune], themes, revision: true } })
      .when({ type: 'AdoptYearWheel', data: { year: 2027, meetingIds: ['m-2'] } })
      .then({ type: 'YearWheelAdopted', data: { year: 2027, scheduled: [{ ...plannedJune, meetingId: 'm-2' }] } }));
  it('refuses to adopt twice without a new proposal', () =>
    given(proposed, adopted)
      .when({ type: 'AdoptYearWheel', data: { year: 2027, meetingIds: [] } })
      .thenRefused('nothing-to-adopt'));
  it('refuses ids that do not match the meetings', () =>
    given(proposed)
      .when({ type: 'AdoptYearWheel', data: { year: 2027, meetingIds: [] } })
      .thenRefused('meeting-ids-mismatch'));
  it('refuses a wheel never proposed', () =>
    given()
      .when({ type: 'AdoptYearWheel', data: { year: 2027, meetingIds: [] } })
      .thenNotFound());
});
