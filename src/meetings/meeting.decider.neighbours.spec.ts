import type { Actor } from '../event-store/event-store.port';
import { givenWhenThen } from '../../test/support/given-when-then';
import { command, event } from '../../test/support/meeting-messages';
import type { MeetingCommand } from './meeting.commands';
import { decide, evolve, initialState, type MeetingRule, type MeetingState } from './meeting.decider';
import type { AgendaItem, MeetingEvent } from './meeting.events';

// Each rule of the meeting decider from both sides (issue 30): the refusal, and the nearest
// valid command beside it. Kept apart from meeting.decider.spec.ts so the two change independently.

const chair: Actor = { userId: 'ordf', displayName: 'Ordförande', role: 'chair', organisationId: 'region-varmland' };
const STARTS_AT = '2026-12-10T08:00:00.000Z';
const DEADLINE = '2026-11-26T15:00:00.000Z';
const AFTER_MEETING = '2026-12-10T12:00:00.000Z';
const occurredAt = (index: number) => `2026-11-01T09:${String(index).padStart(2, '0')}:00.000Z`;

const { given } = givenWhenThen<MeetingCommand, MeetingEvent, MeetingState, MeetingRule>(
  { decide, evolve, initialState },
  { actor: chair, now: AFTER_MEETING, occurredAt },
);

const scheduleData = { forum: 'chairs-council' as const, startsAt: '2026-12-10T09:00:00+01:00', place: 'Regionens hus, Karlstad', agendaDeadline: DEADLINE };
const scheduled = event('MeetingScheduled', {
  forum: 'chairs-council',
  title: 'Ordföranderådet 2026-12-10',
  startsAt: STARTS_AT,
  endsAt: '2026-12-10T10:00:00.000Z',
  place: 'Regionens hus, Karlstad',
  agendaDeadline: DEADLINE,
});
const items: AgendaItem[] = [
  {
    itemId: 'i-1',
    title: 'Regional kulturplan',
    kind: 'position',
    logic: 'decision',
    questionId: 'q-1',
    documents: [],
    origin: { kind: 'manual' },
    late: false,
  },
  { itemId: 'i-2', title: 'Kollektivtrafik', kind: 'dialogue', logic: 'process', questionId: 'q-2', documents: [], origin: { kind: 'manual' }, late: false },
  { itemId: 'i-3', title: 'Information från regionen', kind: 'information', logic: 'process', documents: [], origin: { kind: 'manual' }, late: false },
];
const published = [scheduled, event('AgendaSet', { items }), event('AgendaPublished', { items })] as const;
const position = { text: 'Ordföranderådet ställer sig bakom planen', organisationsToDecide: ['kil' as const], decideBy: '2027-03-31' };
const firstItemConcluded = event('ItemOutcomeRecorded', { itemId: 'i-1', status: 'concluded', summary: 'Ställning tagen', questionId: 'q-1', position });

describe('RecordItemOutcome after another item’s outcome', () => {
  it('records the outcome of a second item once the first has one (outcome-already-recorded is per item)', () =>
    given(...published, firstItemConcluded)
      .when(command('RecordItemOutcome', { itemId: 'i-2', status: 'continued', summary: 'Fortsatt dialog' }), AFTER_MEETING)
      .then(event('ItemOutcomeRecorded', { itemId: 'i-2', status: 'continued', summary: 'Fortsatt dialog', questionId: 'q-2' })));

  it('records the outcome of an item without a question, leaving questionId out', () => {
    const [recorded] = decide(
      command('RecordItemOutcome', { itemId: 'i-3', status: 'concluded', summary: 'Informationen noterades' }),
      [...published, firstItemConcluded].reduce<MeetingState>(
        (state, next, index) => evolve(state, next, { occurredAt: occurredAt(index), actor: chair }),
        initialState(),
      ),
      { actor: chair, now: AFTER_MEETING, timeZone: 'Europe/Stockholm' },
    );
    expect(Object.keys(recorded.data)).toEqual(['meetingId', 'itemId', 'status', 'summary']);
  });

  it('refuses a second outcome for the same item (outcome-already-recorded), where another item is accepted', () =>
    given(...published, firstItemConcluded)
      .when(command('RecordItemOutcome', { itemId: 'i-1', status: 'concluded', summary: 'Igen', position }), AFTER_MEETING)
      .thenRefused('outcome-already-recorded'));
});

describe('AmendAgenda after another item’s outcome', () => {
  it('removes an item without an outcome while another item has one (item-has-outcome is per item)', () =>
    given(...published, firstItemConcluded)
      .when(command('AmendAgenda', { add: [], removeItemIds: ['i-3'], reason: 'Informationen utgår' }), AFTER_MEETING)
      .then(event('AgendaAmended', { added: [], removedItemIds: ['i-3'], reason: 'Informationen utgår' })));

  it('refuses to remove the item that has the outcome (item-has-outcome)', () =>
    given(...published, firstItemConcluded)
      .when(command('AmendAgenda', { add: [], removeItemIds: ['i-1'], reason: 'Fel' }), AFTER_MEETING)
      .thenRefused('item-has-outcome'));
});

describe('the position an outcome carries', () => {
  it('refuses a position naming no organisation to decide (required-field-blank)', () =>
    given(...published)
      .when(
        command('RecordItemOutcome', { itemId: 'i-1', status: 'concluded', summary: 'Ställning tagen', position: { ...position, organisationsToDecide: [] } }),
        AFTER_MEETING,
      )
      .thenRefused('required-field-blank'));

  it('accepts a position naming one organisation, the neighbour of naming none', () =>
    given(...published)
      .when(command('RecordItemOutcome', { itemId: 'i-1', status: 'concluded', summary: 'Ställning tagen', position }), AFTER_MEETING)
      .then(firstItemConcluded));
});

describe('time boundaries', () => {
  it('refuses a meeting that ends the instant it starts (ends-before-start)', () =>
    given()
      .when(command('ScheduleMeeting', { ...scheduleData, endsAt: '2026-12-10T09:00:00+01:00' }))
      .thenRefused('ends-before-start'));

  it('schedules a meeting that ends one minute after it starts, the neighbour of ending at the start', () =>
    given()
      .when(command('ScheduleMeeting', { ...scheduleData, endsAt: '2026-12-10T09:01:00+01:00' }))
      .then(event('MeetingScheduled', { ...scheduled.data, endsAt: '2026-12-10T08:01:00.000Z' })));

  it('schedules a meeting whose agenda deadline is the instant it starts (deadline-after-start refuses only later)', () =>
    given()
      .when(command('ScheduleMeeting', { ...scheduleData, agendaDeadline: '2026-12-10T09:00:00+01:00' }))
      .then(event('MeetingScheduled', { ...scheduled.data, agendaDeadline: STARTS_AT })));

  it('refuses an agenda deadline one second after the start (deadline-after-start)', () =>
    given()
      .when(command('ScheduleMeeting', { ...scheduleData, agendaDeadline: '2026-12-10T09:00:01+01:00' }))
      .thenRefused('deadline-after-start'));

  it('an item set exactly at the agenda deadline is not late; one set a millisecond after is', () => {
    const input = { itemId: 'i-9', title: 'Ny punkt', kind: 'information' as const, logic: 'process' as const, documents: [] };
    const expected = (late: boolean) => event('AgendaSet', { items: [{ ...input, origin: { kind: 'manual' as const }, late }] });
    given(scheduled)
      .when(command('SetAgenda', { items: [input] }), DEADLINE)
      .then(expected(false));
    given(scheduled)
      .when(command('SetAgenda', { items: [input] }), '2026-11-26T15:00:00.001Z')
      .then(expected(true));
  });

  it('records an outcome the instant the meeting starts (meeting-not-held refuses only before the start)', () =>
    given(...published)
      .when(command('RecordItemOutcome', { itemId: 'i-2', status: 'continued', summary: 'Fortsatt dialog' }), STARTS_AT)
      .then(event('ItemOutcomeRecorded', { itemId: 'i-2', status: 'continued', summary: 'Fortsatt dialog', questionId: 'q-2' })));

  it('refuses an outcome a millisecond before the meeting starts (meeting-not-held)', () =>
    given(...published)
      .when(command('RecordItemOutcome', { itemId: 'i-2', status: 'continued', summary: 'Fortsatt dialog' }), '2026-12-10T07:59:59.999Z')
      .thenRefused('meeting-not-held'));
});

describe('justering: who may approve, and minutes drafted before the rules changed', () => {
  const held = [...published, event('AttendanceRecorded', { attendance: [{ organisationId: 'kil', status: 'attended', digital: false }] })] as const;
  const eva: Actor = { userId: 'eva.ek', displayName: 'Eva Ek', role: 'member', organisationId: 'kil' };
  const evaAdjuster = { userId: 'eva.ek', name: 'Eva Ek' };
  const ON_THE_14TH = '2026-12-14T10:00:00.000Z';

  it('refuses minutes where only one of two adjusters was named without a user id (adjusters-not-identified)', () =>
    given(...held, event('MinutesDrafted', { adjusters: [evaAdjuster, { userId: null, name: 'Olle Öst' }] }))
      .when(command('ApproveMinutes', {}), ON_THE_14TH, eva)
      .thenRefused('adjusters-not-identified'));

  it('approves minutes folded before signatures were kept: the first approval, the minutes approved', () => {
    const folded = [...held, event('MinutesDrafted', { adjusters: [evaAdjuster] })].reduce<MeetingState>(
      (state, next, index) => evolve(state, next, { occurredAt: occurredAt(index), actor: chair }),
      initialState(),
    );
    if (!folded.exists || !folded.minutes) throw new Error('no minutes');
    const { signatures: _none, ...olderMinutes } = folded.minutes;
    const older = { ...folded, minutes: olderMinutes } as MeetingState;
    expect(decide(command('ApproveMinutes', {}), older, { actor: eva, now: ON_THE_14TH, timeZone: 'Europe/Stockholm' })).toStrictEqual([
      event('MinutesApprovedByAdjuster', { adjuster: evaAdjuster, adjustedOn: '2026-12-14' }),
      event('MinutesApproved', { adjustedBy: [evaAdjuster], adjustedOn: '2026-12-14' }),
    ]);
  });
});

describe('the neighbours of a few more rules', () => {
  it('refuses an amendment that removes nothing and leaves add out altogether (amendment-empty)', () =>
    given(...published)
      .when(command('AmendAgenda', { removeItemIds: [], reason: 'Ingenting' } as never), AFTER_MEETING)
      .thenRefused('amendment-empty'));

  it('records a concluded dialogue item on a question without a position (position-required is only for position items)', () =>
    given(...published)
      .when(command('RecordItemOutcome', { itemId: 'i-2', status: 'concluded', summary: 'Dialogen avslutad' }), AFTER_MEETING)
      .then(event('ItemOutcomeRecorded', { itemId: 'i-2', status: 'concluded', summary: 'Dialogen avslutad', questionId: 'q-2' })));

  it('leaves out a capacity of only spaces, where a name beside it is kept', () =>
    given(scheduled)
      .when(command('RecordAttendance', { attendance: [{ organisationId: 'kil', status: 'attended', name: 'Kim Kil', capacity: '   ', digital: false }] }))
      .then(event('AttendanceRecorded', { attendance: [{ organisationId: 'kil', status: 'attended', name: 'Kim Kil', digital: false }] })));

  it('refuses a decide-by date with an extended year, +010000-01-01 (invalid-date), where 2027-03-31 is accepted above', () =>
    given(...published)
      .when(
        command('RecordItemOutcome', { itemId: 'i-1', status: 'concluded', summary: 'Ställning tagen', position: { ...position, decideBy: '+010000-01-01' } }),
        AFTER_MEETING,
      )
      .thenRefused('invalid-date', 'position.decideBy'));
});
