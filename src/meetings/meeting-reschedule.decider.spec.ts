import type { Actor } from '../event-store/event-store.port';
import { givenWhenThen } from '../../test/support/given-when-then';
import type { MeetingCommand } from './meeting.commands';
import { decide, evolve, initialState, type MeetingRule, type MeetingState } from './meeting.decider';
import type { MeetingEvent } from './meeting.events';

/** RescheduleMeeting (flytta) and CancelMeeting (ställa in): by hand, or by a revision of the annual wheel. */

const secretary: Actor = { userId: 'sekr', displayName: 'Sekreterare', role: 'secretary', organisationId: 'region-varmland' };
const BEFORE = '2027-05-20T10:00:00.000Z';
const { given, stateAfter } = givenWhenThen<MeetingCommand, MeetingEvent, MeetingState, MeetingRule>(
  { decide, evolve, initialState },
  { actor: secretary, now: BEFORE, occurredAt: (index) => `2027-01-0${index + 1}T09:00:00.000Z` },
);

const meetingId = 'meeting-1';
const scheduled: MeetingEvent = {
  type: 'MeetingScheduled',
  data: {
    meetingId,
    forum: 'council',
    title: 'Värmlandsrådet 2027-06-10',
    startsAt: '2027-06-10T07:00:00.000Z',
    endsAt: '2027-06-10T10:00:00.000Z',
    place: 'Karlstad CCC',
    agendaDeadline: '2027-05-27T14:00:00.000Z',
    yearWheel: 2027,
  },
};
const move = {
  meetingId,
  startsAt: '2027-06-17T09:00:00+02:00',
  agendaDeadline: '2027-06-03T16:00:00+02:00',
  place: 'Karlstad CCC',
  reason: 'Årshjulet reviderat',
};
const moved: MeetingEvent = {
  type: 'MeetingRescheduled',
  data: {
    meetingId,
    title: 'Värmlandsrådet 2027-06-17',
    startsAt: '2027-06-17T07:00:00.000Z',
    endsAt: '2027-06-17T10:00:00.000Z',
    place: 'Karlstad CCC',
    agendaDeadline: '2027-06-03T14:00:00.000Z',
    reason: 'Årshjulet reviderat',
  },
};
const cancelled: MeetingEvent = { type: 'MeetingCancelled', data: { meetingId, reason: 'Inga ärenden', yearWheel: 2027 } };
const attended: MeetingEvent = { type: 'AttendanceRecorded', data: { meetingId, attendance: [{ organisationId: 'kil', status: 'attended', digital: false }] } };

describe('RescheduleMeeting (flytta ett sammanträde)', () => {
  it('moves the meeting, keeping its length; a default title follows the new day', () =>
    given(scheduled).when({ type: 'RescheduleMeeting', data: move }).then(moved));
  it('changes the place only', () =>
    given(scheduled)
      .when({
        type: 'RescheduleMeeting',
        data: { ...move, startsAt: '2027-06-10T09:00:00+02:00', agendaDeadline: '2027-05-27T16:00:00+02:00', place: 'Arvika' },
      })
      .then({
        type: 'MeetingRescheduled',
        data: {
          ...moved.data,
          title: 'Värmlandsrådet 2027-06-10',
          startsAt: '2027-06-10T07:00:00.000Z',
          endsAt: '2027-06-10T10:00:00.000Z',
          agendaDeadline: '2027-05-27T14:00:00.000Z',
          place: 'Arvika',
        },
      } as MeetingEvent));
  it('keeps a title of its own', () =>
    given({ ...scheduled, data: { ...scheduled.data, title: 'Värmlandsrådet i juni' } } as MeetingEvent)
      .when({ type: 'RescheduleMeeting', data: move })
      .then({ ...moved, data: { ...moved.data, title: 'Värmlandsrådet i juni' } } as MeetingEvent));
  it.each<[string, object, MeetingRule]>([
    ['no reason', { reason: ' ' }, 'reason-required'],
    ['a deadline after the start', { agendaDeadline: '2027-06-18T09:00:00+02:00' }, 'deadline-after-start'],
    ['an end before the start', { endsAt: '2027-06-17T08:00:00+02:00' }, 'ends-before-start'],
    ['neither place nor link', { place: '' }, 'place-or-link-required'],
    ['a bad time', { startsAt: 'juni' }, 'invalid-date-time'],
    ['nothing changed', { startsAt: '2027-06-10T09:00:00+02:00', agendaDeadline: '2027-05-27T16:00:00+02:00' }, 'reschedule-changes-nothing'],
  ])('refuses %s', (_, change, rule) =>
    given(scheduled)
      .when({ type: 'RescheduleMeeting', data: { ...move, ...change } })
      .thenRefused(rule),
  );
  it('refuses a meeting that has started', () =>
    given(scheduled).when({ type: 'RescheduleMeeting', data: move }, '2027-06-10T08:00:00.000Z').thenRefused('meeting-held'));
  it('refuses a meeting with its record begun', () => given(scheduled, attended).when({ type: 'RescheduleMeeting', data: move }).thenRefused('meeting-held'));
  it('refuses a cancelled meeting', () => given(scheduled, cancelled).when({ type: 'RescheduleMeeting', data: move }).thenRefused('meeting-cancelled'));
  it('raises the calendar sequence and keeps the earlier schedule', () => {
    const state = stateAfter(scheduled, moved);
    expect(state.exists && [state.sequence, state.startsAt, state.reschedules.map((entry) => entry.previous.startsAt)]).toEqual([
      1,
      '2027-06-17T07:00:00.000Z',
      ['2027-06-10T07:00:00.000Z'],
    ]);
  });
});

describe('CancelMeeting (ställa in ett sammanträde)', () => {
  it('cancels with a reason', () =>
    given(scheduled)
      .when({ type: 'CancelMeeting', data: { meetingId, reason: 'Inga ärenden', yearWheel: 2027 } })
      .then(cancelled));
  it('refuses without a reason', () =>
    given(scheduled)
      .when({ type: 'CancelMeeting', data: { meetingId, reason: '' } })
      .thenRefused('reason-required'));
  it('refuses twice', () =>
    given(scheduled, cancelled)
      .when({ type: 'CancelMeeting', data: { meetingId, reason: 'x' } })
      .thenRefused('meeting-cancelled'));
  it('refuses a held meeting', () =>
    given(scheduled, attended)
      .when({ type: 'CancelMeeting', data: { meetingId, reason: 'x' } })
      .thenRefused('meeting-held'));
  it('refuses every later command on a cancelled meeting', () =>
    given(scheduled, cancelled)
      .when({ type: 'SetAgenda', data: { meetingId, items: [] } })
      .thenRefused('meeting-cancelled'));
  it('raises the calendar sequence', () => {
    const state = stateAfter(scheduled, moved, cancelled);
    expect(state.exists && [state.sequence, state.cancelled?.reason]).toEqual([2, 'Inga ärenden']);
  });
});
