import type { Actor } from '../event-store/event-store.port';
import { givenWhenThen } from '../../test/support/given-when-then';
import type { YearWheelCommand, YearWheelSystemCommand } from './year-wheel.commands';
import { decide, evolve, initialState, type YearWheelRule, type YearWheelState } from './year-wheel.decider';
import type { YearWheelEvent } from './year-wheel.events';

// Each rule of the annual wheel from both sides (issue 30): the refusal, naming its field where
// the input was bad, and the nearest valid command beside it.

const workingGroup: Actor = { userId: 'karin', displayName: 'Karin Berg', role: 'working-group', organisationId: 'region-varmland' };
const now = '2026-11-12T10:00:00.000Z';

const { given, stateAfter } = givenWhenThen<YearWheelCommand | YearWheelSystemCommand, YearWheelEvent, YearWheelState, YearWheelRule>(
  { decide, evolve, initialState },
  { actor: workingGroup, now, occurredAt: (index) => `2026-11-0${index + 1}T10:00:00.000Z` },
);

const march = { forum: 'council' as const, startsAt: '2027-03-12T09:00:00+01:00', agendaDeadline: '2027-02-26T16:00:00+01:00', place: 'Karlstad' };
const plannedMarch = { forum: 'council' as const, startsAt: '2027-03-12T08:00:00.000Z', agendaDeadline: '2027-02-26T15:00:00.000Z', place: 'Karlstad' };
const propose = (data: object): YearWheelCommand => ({ type: 'ProposeYearWheel', data: { year: 2027, meetings: [march], themes: [], ...data } }) as never;
const proposedWith = (data: object): YearWheelEvent =>
  ({ type: 'YearWheelProposed', data: { year: 2027, meetings: [plannedMarch], themes: [], revision: false, ...data } }) as never;
const proposed = proposedWith({});
const adopted: YearWheelEvent = { type: 'YearWheelAdopted', data: { year: 2027, scheduled: [{ ...plannedMarch, meetingId: 'm-1' }] } };

describe('the wheel’s year', () => {
  it.each([2019, 2100])('accepts the year %i, the edge of invalid-year', (year) => {
    const startsAt = `${year}-03-12T09:00:00+01:00`;
    const agendaDeadline = `${year}-02-26T16:00:00+01:00`;
    given()
      .when(propose({ year, meetings: [{ ...march, startsAt, agendaDeadline }] }))
      .then(
        proposedWith({
          year,
          meetings: [{ ...plannedMarch, startsAt: `${year}-03-12T08:00:00.000Z`, agendaDeadline: `${year}-02-26T15:00:00.000Z` }],
        }),
      );
  });

  it.each([2018, 2101, 2027.5])('refuses the year %s (invalid-year)', (year) => given().when(propose({ year })).thenRefused('invalid-year'));
});

describe('ProposeYearWheel: each field the refusal names, and its neighbours', () => {
  it.each([
    ['meetings[1].forum', { meetings: [march, { ...march, forum: 'town-hall' }] }, 'unknown-forum'],
    ['meetings[1].startsAt', { meetings: [march, { ...march, startsAt: '2027-06-10' }] }, 'invalid-date-time'],
    ['meetings[1].agendaDeadline', { meetings: [march, { ...march, agendaDeadline: 'x2027-02-26T16:00:00+01:00' }] }, 'invalid-date-time'],
    ['meetings[0].endsAt', { meetings: [{ ...march, endsAt: '2027-03-12T11:00:00+01:00x' }] }, 'invalid-date-time'],
    [
      'themes[1].month',
      {
        themes: [
          { month: 1, title: 'A' },
          { month: 0, title: 'B' },
        ],
      },
      'invalid-month',
    ],
    [
      'themes[1].title',
      {
        themes: [
          { month: 1, title: 'A' },
          { month: 2, title: ' ' },
        ],
      },
      'required-field-blank',
    ],
  ] as const)('refuses a bad %s, naming the field', (field, change, rule) => given().when(propose(change)).thenRefused(rule, field));

  it('refuses a wheel without a list of meetings (year-wheel-empty)', () =>
    given()
      .when(propose({ meetings: undefined }))
      .thenRefused('year-wheel-empty'));

  it.each([
    [
      'month 1 and month 12, the edges of invalid-month',
      [
        { month: 1, title: 'Januari' },
        { month: 12, title: 'December' },
      ],
    ],
    ['a title trimmed and a description kept', [{ month: 6, title: '  Revision ', description: 'Årshjulet ses över' }]],
  ])('accepts themes with %s', (_, themes) =>
    given()
      .when(propose({ themes }))
      .then(proposedWith({ themes: themes.map((entry) => ({ ...entry, title: entry.title.trim() })) })),
  );

  it('leaves out a blank description and a theme’s own fields beside the contract', () =>
    given()
      .when(propose({ themes: [{ month: 6, title: 'Revision', description: '', colour: 'red' }] }))
      .then(proposedWith({ themes: [{ month: 6, title: 'Revision' }] })));

  it.each([1.5, 13, undefined])('refuses the theme month %s (invalid-month)', (month) =>
    given()
      .when(propose({ themes: [{ month, title: 'X' }] }))
      .thenRefused('invalid-month', 'themes[0].month'),
  );

  it('refuses a theme without a title given at all (required-field-blank)', () =>
    given()
      .when(propose({ themes: [{ month: 3 }] }))
      .thenRefused('required-field-blank', 'themes[0].title'));

  it('proposes a wheel without themes given at all, as having none', () =>
    given()
      .when(propose({ themes: undefined }))
      .then(proposed));

  it('plans one forum twice at different times, and two forums at the same time (duplicate-meeting is per forum and time)', () => {
    const later = { ...march, startsAt: '2027-04-12T09:00:00+02:00', agendaDeadline: '2027-03-29T16:00:00+02:00' };
    const chairs = { ...march, forum: 'chairs-council' as const };
    given()
      .when(propose({ meetings: [march, later, chairs] }))
      .then(
        proposedWith({
          meetings: [
            plannedMarch,
            { ...plannedMarch, startsAt: '2027-04-12T07:00:00.000Z', agendaDeadline: '2027-03-29T14:00:00.000Z' },
            { ...plannedMarch, forum: 'chairs-council' },
          ],
        }),
      );
  });

  it('keeps an end, a link and a title given, in UTC and trimmed of nothing else; leaves out a blank place', () =>
    given()
      .when(
        propose({
          meetings: [{ ...march, place: '', endsAt: '2027-03-12T12:00:00+01:00', digitalLink: 'https://meet.example.org/x', title: 'Vårens rådslag' }],
        }),
      )
      .then(
        proposedWith({
          meetings: [
            {
              forum: 'council',
              startsAt: plannedMarch.startsAt,
              agendaDeadline: plannedMarch.agendaDeadline,
              endsAt: '2027-03-12T11:00:00.000Z',
              digitalLink: 'https://meet.example.org/x',
              title: 'Vårens rådslag',
            },
          ],
        }),
      ));

  it('plans a meeting whose agenda deadline is its start (deadline-after-start refuses only later)', () =>
    given()
      .when(propose({ meetings: [{ ...march, agendaDeadline: march.startsAt }] }))
      .then(proposedWith({ meetings: [{ ...plannedMarch, agendaDeadline: plannedMarch.startsAt }] })));

  it('refuses a revision naming a meeting before any wheel exists (unknown-meeting)', () =>
    given()
      .when(propose({ meetings: [{ ...march, meetingId: 'm-1' }] }))
      .thenRefused('unknown-meeting'));

  it('a proposal before any adoption is no revision, though one was proposed before', () => given(proposed).when(propose({})).then(proposed));
});

describe('AdoptYearWheel: its neighbours', () => {
  it('refuses to adopt a wheel never proposed, naming it by its year', () =>
    given()
      .when({ type: 'AdoptYearWheel', data: { year: 2027, meetingIds: [] } })
      .thenNotFound('Annual wheel', '2027'));

  it.each([
    ['a blank id', [' ']],
    ['an id that is not text', [7]],
    ['one id too many', ['m-1', 'm-2']],
  ])('refuses %s (meeting-ids-mismatch)', (_, meetingIds) =>
    given(proposed)
      .when({ type: 'AdoptYearWheel', data: { year: 2027, meetingIds } } as never)
      .thenRefused('meeting-ids-mismatch'),
  );

  it('refuses an adoption without ids given at all, when a meeting is to be scheduled (meeting-ids-mismatch)', () =>
    given(proposed)
      .when({ type: 'AdoptYearWheel', data: { year: 2027 } } as never)
      .thenRefused('meeting-ids-mismatch'));

  it('adopts a revision that only drops a meeting, without ids, listing only what is cancelled', () => {
    const revision = proposedWith({ meetings: [], revision: true });
    const state = stateAfter(proposed, adopted, revision);
    expect(decide({ type: 'AdoptYearWheel', data: { year: 2027 } } as never, state, { actor: workingGroup, now, timeZone: 'Europe/Stockholm' })).toStrictEqual([
      { type: 'YearWheelAdopted', data: { year: 2027, scheduled: [], cancelled: [{ meetingId: 'm-1', forum: 'council', startsAt: plannedMarch.startsAt }] } },
    ]);
  });
});

describe('RecordWheelChangeNotCarried: once per adoption, meeting and change', () => {
  const data = { year: 2027, adoptionEventId: 'e-1', meetingId: 'm-1', change: 'reschedule' as const, rule: 'meeting-cancelled', message: 'Inställt' };
  const recorded: YearWheelEvent = { type: 'YearWheelChangeNotCarried', data };

  it.each([
    ['another adoption', { adoptionEventId: 'e-2' }],
    ['another meeting', { meetingId: 'm-2' }],
    ['another change', { change: 'cancel' }],
  ])('records the refusal of %s beside one already recorded', (_, change) =>
    given(proposed, adopted, recorded)
      .when({ type: 'RecordWheelChangeNotCarried', data: { ...data, ...change } } as never)
      .then({ type: 'YearWheelChangeNotCarried', data: { ...data, ...change } } as never),
  );

  it('refuses a wheel never proposed, naming it by its year', () =>
    given().when({ type: 'RecordWheelChangeNotCarried', data }).thenNotFound('Annual wheel', '2027'));
});
