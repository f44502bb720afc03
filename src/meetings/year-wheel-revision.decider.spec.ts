import type { Actor } from '../event-store/event-store.port';
import { givenWhenThen } from '../../test/support/given-when-then';
import type { YearWheelCommand, YearWheelSystemCommand } from './year-wheel.commands';
import { decide, evolve, initialState, type YearWheelRule, type YearWheelState } from './year-wheel.decider';
import type { YearWheelEvent } from './year-wheel.events';
import { rhythmOf } from './year-wheel.state';

/** A revision of the annual wheel (revidering i juni): what its adoption moves, changes and drops; and the wheel's rhythm. */

const chair: Actor = { userId: 'ordf', displayName: 'Ordförande', role: 'chair', organisationId: 'region-varmland' };
const { given, stateAfter } = givenWhenThen<YearWheelCommand | YearWheelSystemCommand, YearWheelEvent, YearWheelState, YearWheelRule>(
  { decide, evolve, initialState },
  { actor: chair, now: '2027-06-10T10:00:00.000Z', occurredAt: (index) => `2027-0${index + 1}-01T10:00:00.000Z` },
);

const march = { forum: 'council' as const, startsAt: '2027-03-12T08:00:00.000Z', agendaDeadline: '2027-02-26T15:00:00.000Z', place: 'Karlstad' };
const september = { forum: 'council' as const, startsAt: '2027-09-10T07:00:00.000Z', agendaDeadline: '2027-08-27T14:00:00.000Z', place: 'Karlstad' };
const october = { forum: 'council' as const, startsAt: '2027-10-08T07:00:00.000Z', agendaDeadline: '2027-09-24T14:00:00.000Z', place: 'Karlstad' };
const proposed: YearWheelEvent = { type: 'YearWheelProposed', data: { year: 2027, meetings: [march, september, october], themes: [], revision: false } };
const adopted: YearWheelEvent = {
  type: 'YearWheelAdopted',
  data: {
    year: 2027,
    scheduled: [
      { ...march, meetingId: 'm-mar' },
      { ...september, meetingId: 'm-sep' },
      { ...october, meetingId: 'm-oct' },
    ],
  },
};
const movedSeptember = { ...september, startsAt: '2027-09-17T07:00:00.000Z', agendaDeadline: '2027-09-03T14:00:00.000Z', meetingId: 'm-sep' };
const revision: YearWheelEvent = {
  type: 'YearWheelProposed',
  data: { year: 2027, meetings: [march, movedSeptember, { ...october, place: 'Arvika' }], themes: [], revision: true },
};

describe('ProposeYearWheel, a revision', () => {
  it('names the scheduled meeting it moves', () =>
    given(proposed, adopted)
      .when({
        type: 'ProposeYearWheel',
        data: { year: 2027, meetings: [march, { ...movedSeptember, startsAt: '2027-09-17T09:00:00+02:00' }, { ...october, place: 'Arvika' }], themes: [] },
      })
      .then(revision));
  it('refuses a meeting the wheel did not schedule', () =>
    given(proposed, adopted)
      .when({ type: 'ProposeYearWheel', data: { year: 2027, meetings: [{ ...march, meetingId: 'm-x' }], themes: [] } })
      .thenRefused('unknown-meeting'));
  it('refuses the same meeting named twice', () =>
    given(proposed, adopted)
      .when({
        type: 'ProposeYearWheel',
        data: {
          year: 2027,
          meetings: [
            { ...march, meetingId: 'm-mar' },
            { ...october, meetingId: 'm-mar' },
          ],
          themes: [],
        },
      })
      .thenRefused('duplicate-meeting'));
});

describe('AdoptYearWheel, a revision', () => {
  it('moves the meeting it names, changes the place of the one at the same time, cancels the one it drops, schedules the one it adds', () =>
    given(proposed, adopted, {
      type: 'YearWheelProposed',
      data: {
        year: 2027,
        meetings: [movedSeptember, { ...october, place: 'Arvika' }, { ...march, startsAt: '2027-11-12T08:00:00.000Z' }],
        themes: [],
        revision: true,
      },
    })
      .when({ type: 'AdoptYearWheel', data: { year: 2027, meetingIds: ['m-nov'] } })
      .then({
        type: 'YearWheelAdopted',
        data: {
          year: 2027,
          scheduled: [{ ...march, startsAt: '2027-11-12T08:00:00.000Z', meetingId: 'm-nov' }],
          rescheduled: [movedSeptember, { ...october, place: 'Arvika', meetingId: 'm-oct' }],
          cancelled: [{ meetingId: 'm-mar', forum: 'council', startsAt: march.startsAt }],
        },
      }));
  it('leaves unchanged meetings alone', () =>
    given(proposed, adopted, { type: 'YearWheelProposed', data: { year: 2027, meetings: [march, september, october], themes: [], revision: true } })
      .when({ type: 'AdoptYearWheel', data: { year: 2027, meetingIds: [] } })
      .then({ type: 'YearWheelAdopted', data: { year: 2027, scheduled: [] } }));
  it('keeps the moved meetings as they now stand, and the cancelled ones apart', () => {
    const state = stateAfter(proposed, adopted, revision, {
      type: 'YearWheelAdopted',
      data: { year: 2027, scheduled: [], rescheduled: [movedSeptember], cancelled: [{ meetingId: 'm-oct', forum: 'council', startsAt: october.startsAt }] },
    });
    expect(state.exists && state.scheduled.map((meeting) => [meeting.meetingId, meeting.startsAt])).toEqual([
      ['m-mar', march.startsAt],
      ['m-sep', movedSeptember.startsAt],
    ]);
    expect(state.exists && state.cancelledMeetings.map((meeting) => meeting.meetingId)).toEqual(['m-oct']);
  });
});

describe('RecordWheelChangeNotCarried (årshjulets ändring ej genomförd)', () => {
  const record: YearWheelSystemCommand = {
    type: 'RecordWheelChangeNotCarried',
    data: { year: 2027, adoptionEventId: 'e-1', meetingId: 'm-sep', change: 'reschedule', rule: 'meeting-cancelled', message: 'Inställt' },
  };
  const recorded: YearWheelEvent = { type: 'YearWheelChangeNotCarried', data: record.data };
  it('records a meeting’s refusal, with its rule', () => given(proposed, adopted).when(record).then(recorded));
  it('records it once', () => given(proposed, adopted, recorded).when(record).then());
});

describe('the rhythm of the wheel (årshjulets rytm)', () => {
  it('proposes in the year before, adopts after the proposal, revises in the year itself, in the configured months', () => {
    expect(rhythmOf(2027, { proposalMonth: 11, adoptionMonth: 12, revisionMonth: 6 })).toEqual({
      proposal: '2026-11',
      adoption: '2026-12',
      revision: '2027-06',
    });
    expect(rhythmOf(2027, { proposalMonth: 10, adoptionMonth: 1, revisionMonth: 5 })).toEqual({
      proposal: '2026-10',
      adoption: '2027-01',
      revision: '2027-05',
    });
  });
});
