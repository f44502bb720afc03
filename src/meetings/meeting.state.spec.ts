import type { Actor } from '../event-store/event-store.port';
import { deepFreeze } from '../shared-kernel/deep-freeze';
import { event } from '../../test/support/meeting-messages';
import type { AgendaItem, MeetingEvent } from './meeting.events';
import { evolve, initialState, openItemsOf, type ExistingMeetingState, type MeetingState } from './meeting.state';

// What `evolve` keeps of each meeting event (issue 30): given these events, the meeting's state is
// exactly this — compared strictly, so an optional field left out of the state is checked to be left out,
// and each rule of the fold is pinned beside its neighbour (the same item replaced, another item kept).

const chair: Actor = { userId: 'ordf', displayName: 'Ordförande', role: 'chair', organisationId: 'region-varmland' };
const secretary: Actor = { userId: 'sekr', displayName: 'Sekreterare', role: 'working-group', organisationId: 'region-varmland' };
const at = (index: number) => `2026-11-01T09:${String(index).padStart(2, '0')}:00.000Z`;

/** Given these events, each with its actor (the chair unless given) at `at(index)`: the state. Every state is frozen. */
function given(...events: Array<MeetingEvent | [MeetingEvent, Actor]>): MeetingState {
  return events.reduce<MeetingState>((state, entry, index) => {
    const [next, actor] = Array.isArray(entry) ? entry : [entry, chair];
    return deepFreeze(evolve(state, next, { occurredAt: at(index), actor }));
  }, deepFreeze(initialState()));
}

function existing(state: MeetingState): ExistingMeetingState {
  if (!state.exists) throw new Error('the meeting does not exist');
  return state;
}

const scheduled = event('MeetingScheduled', {
  forum: 'chairs-council',
  title: 'Ordföranderådet 2026-12-10',
  startsAt: '2026-12-10T08:00:00.000Z',
  endsAt: '2026-12-10T10:00:00.000Z',
  place: 'Regionens hus, Karlstad',
  agendaDeadline: '2026-11-26T15:00:00.000Z',
});
const item = (itemId: string, extra: Partial<AgendaItem> = {}): AgendaItem => ({
  itemId,
  title: `Punkt ${itemId}`,
  kind: 'information',
  logic: 'process',
  documents: [],
  origin: { kind: 'manual' },
  late: false,
  ...extra,
});
const agenda = [item('i-1', { kind: 'position', logic: 'decision', questionId: 'q-1' }), item('i-2'), item('i-3')];
const published = [scheduled, event('AgendaSet', { items: agenda }), event('AgendaPublished', { items: agenda })] as const;
const adjusters = [
  { userId: 'eva', name: 'Eva Ek', organisationId: 'kil' as const },
  { userId: 'per', name: 'Per Al' },
];
const position = { text: 'Ställer sig bakom', organisationsToDecide: ['kil' as const], decideBy: '2027-03-31' };

describe('MeetingScheduled', () => {
  it('starts the meeting with every field given, an empty record and the calendar sequence 0', () => {
    const withAll = event('MeetingScheduled', { ...scheduled.data, digitalLink: 'https://meet.example.org/or', yearWheel: 2027 });
    expect(given(withAll)).toStrictEqual({
      exists: true,
      id: 'meeting-1',
      forum: 'chairs-council',
      title: 'Ordföranderådet 2026-12-10',
      startsAt: '2026-12-10T08:00:00.000Z',
      endsAt: '2026-12-10T10:00:00.000Z',
      place: 'Regionens hus, Karlstad',
      digitalLink: 'https://meet.example.org/or',
      agendaDeadline: '2026-11-26T15:00:00.000Z',
      yearWheel: 2027,
      reschedules: [],
      cancelled: null,
      sequence: 0,
      proposedAgenda: null,
      agenda: [],
      agendaPublishedAt: null,
      amendments: [],
      attendance: null,
      outcomes: [],
      notCarried: [],
      minutes: null,
      scheduledAt: at(0),
      lastChangedAt: at(0),
    });
  });

  it('keeps a place, link or annual wheel not given as null (a meeting with only a link has no place)', () => {
    const { place: _place, ...withoutPlace } = scheduled.data;
    const online = existing(given(event('MeetingScheduled', { ...withoutPlace, digitalLink: 'https://meet.example.org/or' })));
    expect([online.place, online.digitalLink, online.yearWheel]).toStrictEqual([null, 'https://meet.example.org/or', null]);
  });

  it('ignores any other event before the meeting is scheduled', () => {
    expect(given(event('AgendaSet', { items: agenda }))).toStrictEqual({ exists: false });
  });
});

describe('MeetingRescheduled and MeetingCancelled', () => {
  const moved = event('MeetingRescheduled', {
    title: 'Ordföranderådet 2026-12-17',
    startsAt: '2026-12-17T08:00:00.000Z',
    endsAt: '2026-12-17T09:00:00.000Z',
    digitalLink: 'https://meet.example.org/or',
    agendaDeadline: '2026-12-03T15:00:00.000Z',
    reason: 'Krock med fullmäktige',
    yearWheel: 2027,
  });

  it('takes the whole new schedule, keeps the earlier one with why, when and by whom, and raises the sequence', () => {
    const state = existing(given(scheduled, [moved, secretary]));
    expect(state).toStrictEqual({
      ...existing(given(scheduled)),
      title: 'Ordföranderådet 2026-12-17',
      startsAt: '2026-12-17T08:00:00.000Z',
      endsAt: '2026-12-17T09:00:00.000Z',
      place: null,
      digitalLink: 'https://meet.example.org/or',
      agendaDeadline: '2026-12-03T15:00:00.000Z',
      reschedules: [
        {
          previous: {
            title: 'Ordföranderådet 2026-12-10',
            startsAt: '2026-12-10T08:00:00.000Z',
            endsAt: '2026-12-10T10:00:00.000Z',
            place: 'Regionens hus, Karlstad',
            digitalLink: null,
            agendaDeadline: '2026-11-26T15:00:00.000Z',
          },
          reason: 'Krock med fullmäktige',
          rescheduledAt: at(1),
          rescheduledBy: secretary,
        },
      ],
      sequence: 1,
      lastChangedAt: at(1),
    });
  });

  it('a move back to a place drops the link; a second move is kept after the first', () => {
    const back = event('MeetingRescheduled', { ...scheduled.data, reason: 'Tillbaka' });
    const state = existing(given(scheduled, moved, back));
    expect([state.place, state.digitalLink, state.sequence, state.reschedules.map((entry) => entry.reason)]).toStrictEqual([
      'Regionens hus, Karlstad',
      null,
      2,
      ['Krock med fullmäktige', 'Tillbaka'],
    ]);
  });

  it('moves a meeting folded before moves were kept (no reschedules, no sequence): its first move, sequence 1', () => {
    const { reschedules: _reschedules, sequence: _sequence, ...older } = existing(given(scheduled));
    const state = existing(evolve(older as ExistingMeetingState, moved, { occurredAt: at(1), actor: chair }));
    expect([state.reschedules.length, state.sequence]).toStrictEqual([1, 1]);
  });

  it('a cancellation keeps why, when and by whom, and raises the sequence after a move', () => {
    const cancelled = event('MeetingCancelled', { reason: 'Inga ärenden' });
    const state = existing(given(scheduled, moved, [cancelled, secretary]));
    expect([state.cancelled, state.sequence, state.lastChangedAt]).toStrictEqual([
      { reason: 'Inga ärenden', cancelledAt: at(2), cancelledBy: secretary },
      2,
      at(2),
    ]);
  });

  it('cancels a meeting folded before the sequence was kept: sequence 1', () => {
    const { sequence: _sequence, ...older } = existing(given(scheduled));
    const state = existing(evolve(older as ExistingMeetingState, event('MeetingCancelled', { reason: 'R' }), { occurredAt: at(1), actor: chair }));
    expect(state.sequence).toBe(1);
  });
});

describe('the agenda', () => {
  it('a proposal is kept apart from the agenda; setting it makes the draft; publishing stamps when', () => {
    const proposed = existing(given(scheduled, event('AgendaProposed', { items: [item('i-9')] })));
    expect([proposed.proposedAgenda, proposed.agenda, proposed.agendaPublishedAt]).toStrictEqual([[item('i-9')], [], null]);
    const set = existing(given(scheduled, event('AgendaProposed', { items: [item('i-9')] }), event('AgendaSet', { items: agenda })));
    expect([set.proposedAgenda, set.agenda, set.agendaPublishedAt]).toStrictEqual([[item('i-9')], agenda, null]);
    const state = existing(given(...published));
    expect([state.agenda, state.agendaPublishedAt, state.lastChangedAt]).toStrictEqual([agenda, at(2), at(2)]);
  });

  it('an amendment removes the items it names, keeps the others in order, adds at the end, and is kept with why', () => {
    const first = event('AgendaAmended', { added: [item('i-4', { late: true })], removedItemIds: ['i-2'], reason: 'Brådskande' });
    const second = event('AgendaAmended', { added: [], removedItemIds: ['i-1'], reason: 'Utgår' });
    const state = existing(given(...published, first, [second, secretary]));
    expect(state.agenda.map((entry) => entry.itemId)).toStrictEqual(['i-3', 'i-4']);
    expect(state.amendments).toStrictEqual([
      { added: [item('i-4', { late: true })], removedItemIds: ['i-2'], reason: 'Brådskande', amendedAt: at(3), amendedBy: chair },
      { added: [], removedItemIds: ['i-1'], reason: 'Utgår', amendedAt: at(4), amendedBy: secretary },
    ]);
  });
});

describe('attendance and outcomes', () => {
  it('keeps the attendance list as recorded', () => {
    const attendance = [{ organisationId: 'kil' as const, status: 'attended' as const, digital: true }];
    expect(existing(given(...published, event('AttendanceRecorded', { attendance }))).attendance).toStrictEqual(attendance);
  });

  it('keeps an outcome with its question and position; one without either leaves both out', () => {
    const withPosition = event('ItemOutcomeRecorded', { itemId: 'i-1', status: 'concluded', summary: 'Ställning tagen', questionId: 'q-1', position });
    const plain = event('ItemOutcomeRecorded', { itemId: 'i-3', status: 'continued', summary: 'Fortsätter' });
    const state = existing(given(...published, withPosition, [plain, secretary]));
    expect(state.outcomes).toStrictEqual([
      { itemId: 'i-1', status: 'concluded', summary: 'Ställning tagen', questionId: 'q-1', position, recordedAt: at(3), recordedBy: chair },
      { itemId: 'i-3', status: 'continued', summary: 'Fortsätter', recordedAt: at(4), recordedBy: secretary },
    ]);
  });

  it('a later outcome of the same item replaces the earlier one, where another item’s outcome stays', () => {
    const first = event('ItemOutcomeRecorded', { itemId: 'i-2', status: 'continued', summary: 'Först' });
    const other = event('ItemOutcomeRecorded', { itemId: 'i-3', status: 'concluded', summary: 'Annan' });
    const again = event('ItemOutcomeRecorded', { itemId: 'i-2', status: 'concluded', summary: 'Sedan' });
    const state = existing(given(...published, first, other, again));
    expect(state.outcomes.map((entry) => [entry.itemId, entry.summary])).toStrictEqual([
      ['i-3', 'Annan'],
      ['i-2', 'Sedan'],
    ]);
  });

  it('keeps each outcome its question refused, with the rule, after those kept before', () => {
    const refusal = { itemId: 'i-1', questionId: 'q-1', outcomeEventId: 'e-1', rule: 'question-closed', message: 'Frågan är avslutad' };
    const second = { ...refusal, outcomeEventId: 'e-2' };
    const state = existing(given(...published, event('MeetingOutcomeNotCarried', refusal), event('MeetingOutcomeNotCarried', second)));
    expect(state.notCarried).toStrictEqual([
      { ...refusal, recordedAt: at(3) },
      { ...second, recordedAt: at(4) },
    ]);
  });

  it('keeps a refused outcome on a meeting folded before the list existed', () => {
    const { notCarried: _notCarried, ...older } = existing(given(...published));
    const refusal = { itemId: 'i-1', questionId: 'q-1', outcomeEventId: 'e-1', rule: 'question-closed', message: 'M' };
    const state = existing(evolve(older as ExistingMeetingState, event('MeetingOutcomeNotCarried', refusal), { occurredAt: at(3), actor: chair }));
    expect(state.notCarried).toStrictEqual([{ ...refusal, recordedAt: at(3) }]);
  });
});

describe('the minutes', () => {
  const drafted = event('MinutesDrafted', { adjusters, notes: 'Mötet öppnades 09.00' });

  it('a draft names its adjusters and keeps its notes; nothing is approved, published or corrected yet', () => {
    expect(existing(given(...published, drafted)).minutes).toStrictEqual({
      status: 'draft',
      adjusters,
      notes: 'Mötet öppnades 09.00',
      draftedAt: at(3),
      signatures: [],
      approval: null,
      publishedAt: null,
      corrections: [],
    });
  });

  it('a draft without notes leaves notes out', () => {
    expect(Object.keys(existing(given(...published, event('MinutesDrafted', { adjusters }))).minutes ?? {})).not.toContain('notes');
  });

  it('each adjuster’s approval is kept with the day, the time and who was signed in, after the earlier ones', () => {
    const byEva = event('MinutesApprovedByAdjuster', { adjuster: adjusters[0], adjustedOn: '2026-12-11' });
    const byPer = event('MinutesApprovedByAdjuster', { adjuster: adjusters[1], adjustedOn: '2026-12-12' });
    const minutes = existing(given(...published, drafted, byEva, [byPer, secretary])).minutes;
    expect([minutes?.status, minutes?.signatures]).toStrictEqual([
      'draft',
      [
        { adjuster: adjusters[0], adjustedOn: '2026-12-11', approvedAt: at(4), approvedBy: chair },
        { adjuster: adjusters[1], adjustedOn: '2026-12-12', approvedAt: at(5), approvedBy: secretary },
      ],
    ]);
  });

  it('an adjuster’s approval of minutes folded before signatures were kept is their first', () => {
    const { signatures: _signatures, ...olderMinutes } = existing(given(...published, drafted)).minutes ?? ({} as never);
    const older = { ...existing(given(...published, drafted)), minutes: olderMinutes } as ExistingMeetingState;
    const byEva = event('MinutesApprovedByAdjuster', { adjuster: adjusters[0], adjustedOn: '2026-12-11' });
    const state = existing(evolve(older, byEva, { occurredAt: at(4), actor: chair }));
    expect(state.minutes?.signatures).toStrictEqual([{ adjuster: adjusters[0], adjustedOn: '2026-12-11', approvedAt: at(4), approvedBy: chair }]);
  });

  it('approved minutes keep who adjusted them on which day, when and signed in as whom; published ones when', () => {
    const approved = event('MinutesApproved', { adjustedBy: adjusters, adjustedOn: '2026-12-12' });
    const approvedState = existing(given(...published, drafted, [approved, secretary]));
    expect([approvedState.minutes?.status, approvedState.minutes?.approval, approvedState.minutes?.publishedAt]).toStrictEqual([
      'approved',
      // The event's data as it came, so the meeting's id too (GET /meetings/:id shows it so).
      { meetingId: 'meeting-1', adjustedBy: adjusters, adjustedOn: '2026-12-12', approvedAt: at(4), approvedBy: secretary },
      null,
    ]);
    const publishedState = existing(given(...published, drafted, approved, event('MinutesPublished', {})));
    expect([publishedState.minutes?.status, publishedState.minutes?.publishedAt, publishedState.minutes?.approval?.adjustedOn]).toStrictEqual([
      'published',
      at(5),
      '2026-12-12',
    ]);
  });

  it('corrections are kept after one another, each naming its item or none', () => {
    const approved = event('MinutesApproved', { adjustedBy: adjusters, adjustedOn: '2026-12-12' });
    const onItem = event('MinutesCorrected', { itemId: 'i-1', correction: 'Rätt datum: 31 mars', reason: 'Skrivfel' });
    const whole = event('MinutesCorrected', { correction: 'Närvaro: Kil deltog digitalt', reason: 'Förbisett' });
    const minutes = existing(given(...published, drafted, approved, onItem, [whole, secretary])).minutes;
    expect([minutes?.status, minutes?.corrections]).toStrictEqual([
      'approved',
      [
        { itemId: 'i-1', correction: 'Rätt datum: 31 mars', reason: 'Skrivfel', correctedAt: at(5), correctedBy: chair },
        { correction: 'Närvaro: Kil deltog digitalt', reason: 'Förbisett', correctedAt: at(6), correctedBy: secretary },
      ],
    ]);
  });

  it.each([
    ['MinutesApprovedByAdjuster', event('MinutesApprovedByAdjuster', { adjuster: adjusters[0], adjustedOn: '2026-12-11' })],
    ['MinutesApproved', event('MinutesApproved', { adjustedBy: adjusters, adjustedOn: '2026-12-12' })],
    ['MinutesPublished', event('MinutesPublished', {})],
    ['MinutesCorrected', event('MinutesCorrected', { correction: 'C', reason: 'R' })],
  ] as const)('%s before any draft leaves the minutes absent (only the change time moves)', (_type, minutesEvent) => {
    const state = existing(given(...published, minutesEvent));
    expect(state).toStrictEqual({ ...existing(given(...published)), lastChangedAt: at(3) });
  });
});

describe('open items (öppna punkter)', () => {
  it('before the minutes: only continued items; a concluded item and one without an outcome are not open yet', () => {
    const continued = event('ItemOutcomeRecorded', { itemId: 'i-2', status: 'continued', summary: 'Fortsätter' });
    const concluded = event('ItemOutcomeRecorded', { itemId: 'i-1', status: 'concluded', summary: 'Klar', questionId: 'q-1', position });
    expect(openItemsOf(existing(given(...published, concluded, continued))).map((entry) => entry.itemId)).toStrictEqual(['i-2']);
    expect(openItemsOf(existing(given(...published, concluded, continued, event('MinutesDrafted', { adjusters })))).map((entry) => entry.itemId)).toStrictEqual(
      ['i-2', 'i-3'],
    );
  });
});
