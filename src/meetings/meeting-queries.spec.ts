import type { Actor } from '../event-store/event-store.port';
import { stillOpenItems } from './meeting-queries';
import type { AgendaItem, MeetingEvent } from './meeting.events';
import { evolve, initialState, type ExistingMeetingState, type MeetingState } from './meeting.state';

const actor: Actor = { userId: 's', displayName: 'S', role: 'secretary', organisationId: 'region-varmland' };
const item = (itemId: string, origin: AgendaItem['origin'] = { kind: 'manual' }): AgendaItem => ({
  itemId,
  title: itemId,
  kind: 'dialogue',
  logic: 'process',
  questionId: `q-${itemId}`,
  documents: [],
  origin,
  late: false,
});

function meeting(meetingId: string, startsAt: string, items: AgendaItem[], continued: string[]): ExistingMeetingState {
  const events: MeetingEvent[] = [
    {
      type: 'MeetingScheduled',
      data: { meetingId, forum: 'chairs-council', title: meetingId, startsAt, endsAt: startsAt, place: 'K', agendaDeadline: startsAt },
    },
    { type: 'AgendaPublished', data: { meetingId, items } },
    ...continued.map((itemId): MeetingEvent => ({ type: 'ItemOutcomeRecorded', data: { meetingId, itemId, status: 'continued', summary: 'Fortsätter' } })),
  ];
  return events.reduce<MeetingState>((state, event) => evolve(state, event, { occurredAt: startsAt, actor }), initialState()) as ExistingMeetingState;
}

describe('stillOpenItems (öppna punkter)', () => {
  const february = meeting('feb', '2027-02-11T08:00:00.000Z', [item('a'), item('b')], ['a']);

  it('are the items a meeting left open', () => {
    expect(stillOpenItems([february]).map(({ meeting: from, item: open }) => [from.id, open.itemId])).toEqual([['feb', 'a']]);
  });

  it('leave the earlier meeting once a later agenda has taken them up, and stay open there if continued again', () => {
    const april = meeting('apr', '2027-04-15T07:00:00.000Z', [item('c', { kind: 'earlier-meeting', meetingId: 'feb', itemId: 'a' })], ['c']);
    expect(stillOpenItems([february, april]).map(({ meeting: from, item: open }) => [from.id, open.itemId])).toEqual([['apr', 'c']]);
  });
});
