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

// Each rule of a move from both sides (issue 30): the refusal, naming its field where the input was bad,
// and the nearest valid move beside it.
describe('RescheduleMeeting: each rule and its neighbour', () => {
  const ownTitle = { ...scheduled, data: { ...scheduled.data, title: 'Värmlandsrådet i juni' } } as MeetingEvent;
  const reschedule = (change: object) => ({ type: 'RescheduleMeeting', data: { ...move, ...change } }) as MeetingCommand;
  const rescheduled = (change: object) => ({ type: 'MeetingRescheduled', data: { ...moved.data, ...change } }) as MeetingEvent;
  // The schedule as it stands, written as a move: only the field a test changes differs.
  const same = { startsAt: '2027-06-10T09:00:00+02:00', endsAt: '2027-06-10T12:00:00+02:00', agendaDeadline: '2027-05-27T16:00:00+02:00' };
  const sameEvent = {
    title: 'Värmlandsrådet i juni',
    startsAt: '2027-06-10T07:00:00.000Z',
    endsAt: '2027-06-10T10:00:00.000Z',
    agendaDeadline: '2027-05-27T14:00:00.000Z',
  };

  it.each([
    ['the title', { title: 'Värmlandsrådet, juni' }, { title: 'Värmlandsrådet, juni' }],
    ['the start', { startsAt: '2027-06-10T08:00:00+02:00' }, { startsAt: '2027-06-10T06:00:00.000Z' }],
    ['the end', { endsAt: '2027-06-10T13:00:00+02:00' }, { endsAt: '2027-06-10T11:00:00.000Z' }],
    ['the agenda deadline', { agendaDeadline: '2027-05-28T16:00:00+02:00' }, { agendaDeadline: '2027-05-28T14:00:00.000Z' }],
    ['the digital link (added beside the place)', { digitalLink: 'https://meet.example.org/vr' }, { digitalLink: 'https://meet.example.org/vr' }],
  ])('accepts a move that changes only %s (reschedule-changes-nothing refuses only no change at all)', (_field, change, changed) =>
    given(ownTitle)
      .when(reschedule({ ...same, ...change }))
      .then(rescheduled({ ...sameEvent, ...changed })),
  );

  it('refuses a move that changes nothing, written with its own title and end (reschedule-changes-nothing)', () =>
    given(ownTitle)
      .when(reschedule({ ...same, title: 'Värmlandsrådet i juni' }))
      .thenRefused('reschedule-changes-nothing'));

  it('trims a new title, place and link; a blank title keeps the meeting’s own', () =>
    given(ownTitle)
      .when(reschedule({ title: '  Värmlandsrådet, flyttat  ', place: '  Arvika  ', digitalLink: ' https://meet.example.org/vr ' }))
      .then(rescheduled({ title: 'Värmlandsrådet, flyttat', place: 'Arvika', digitalLink: 'https://meet.example.org/vr' })));

  it('a blank title is no title: the meeting keeps its own', () =>
    given(ownTitle)
      .when(reschedule({ title: '   ' }))
      .then(rescheduled({ title: 'Värmlandsrådet i juni' })));

  it('a blank place beside a link is left out: the meeting moves online', () =>
    given(scheduled)
      .when(reschedule({ place: '   ', digitalLink: 'https://meet.example.org/vr' }))
      .then({
        type: 'MeetingRescheduled',
        data: {
          meetingId,
          title: 'Värmlandsrådet 2027-06-17',
          startsAt: '2027-06-17T07:00:00.000Z',
          endsAt: '2027-06-17T10:00:00.000Z',
          digitalLink: 'https://meet.example.org/vr',
          agendaDeadline: '2027-06-03T14:00:00.000Z',
          reason: 'Årshjulet reviderat',
        },
      }));

  it('refuses a link that is not an http(s) URL (invalid-url), where an https link is accepted above', () =>
    given(scheduled)
      .when(reschedule({ digitalLink: 'ftp://meet.example.org/vr' }))
      .thenRefused('invalid-url', 'digitalLink'));

  it('keeps the annual wheel whose revision moves the meeting', () =>
    given(scheduled)
      .when(reschedule({ yearWheel: 2027 }))
      .then(rescheduled({ yearWheel: 2027 })));

  it('a default title follows the new day in the meeting’s own forum (the chairs’ council)', () => {
    const chairs = { ...scheduled, data: { ...scheduled.data, forum: 'chairs-council', title: 'Ordföranderådet 2027-06-10' } } as MeetingEvent;
    given(chairs)
      .when(reschedule({}))
      .then(rescheduled({ title: 'Ordföranderådet 2027-06-17' }));
  });

  it.each([
    ['startsAt', { startsAt: '2027-06-17 09:00' }],
    ['endsAt', { endsAt: '2027-06-17T12:00' }],
    ['agendaDeadline', { agendaDeadline: '3 juni' }],
  ])('refuses a bad %s, naming it (invalid-date-time)', (field, change) => given(scheduled).when(reschedule(change)).thenRefused('invalid-date-time', field));

  it('refuses a move that ends the instant it starts (ends-before-start)', () =>
    given(scheduled)
      .when(reschedule({ endsAt: move.startsAt }))
      .thenRefused('ends-before-start'));

  it('accepts an agenda deadline the instant the moved meeting starts (deadline-after-start refuses only later)', () =>
    given(scheduled)
      .when(reschedule({ agendaDeadline: move.startsAt }))
      .then(rescheduled({ agendaDeadline: '2027-06-17T07:00:00.000Z' })));

  it('refuses a move the instant the meeting starts (meeting-held), where a millisecond before is accepted', () => {
    given(scheduled).when(reschedule({}), '2027-06-10T07:00:00.000Z').thenRefused('meeting-held');
    given(scheduled).when(reschedule({}), '2027-06-10T06:59:59.999Z').then(moved);
  });

  it('refuses a move once an item has its outcome, though no attendance is recorded (meeting-held)', () => {
    const item = {
      itemId: 'i-1',
      title: 'Punkt',
      kind: 'information' as const,
      logic: 'process' as const,
      documents: [],
      origin: { kind: 'manual' as const },
      late: false,
    };
    const outcome: MeetingEvent = { type: 'ItemOutcomeRecorded', data: { meetingId, itemId: 'i-1', status: 'concluded', summary: 'Noterat' } };
    given(scheduled, { type: 'AgendaPublished', data: { meetingId, items: [item] } }, outcome)
      .when(reschedule({}))
      .thenRefused('meeting-held');
  });
});

describe('CancelMeeting: its neighbours', () => {
  it('cancels by hand with no annual wheel: yearWheel is left out', () =>
    given(scheduled)
      .when({ type: 'CancelMeeting', data: { meetingId, reason: 'Inga ärenden' } })
      .then({ type: 'MeetingCancelled', data: { meetingId, reason: 'Inga ärenden' } }));
});
