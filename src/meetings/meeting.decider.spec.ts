import type { Actor } from '../event-store/event-store.port';
import { givenWhenThen } from '../../test/support/given-when-then';
import { command, event } from '../../test/support/meeting-messages';
import type { AgendaItemInput, MeetingCommand } from './meeting.commands';
import { decide, evolve, initialState, openItemsOf, type MeetingRule, type MeetingState } from './meeting.decider';
import type { AgendaItem, MeetingEvent } from './meeting.events';

// ─── given / when / then ─────────────────────────────────────────────────────

const chair: Actor = { userId: 'ordf', displayName: 'Ordförande', role: 'chair', organisationId: 'region-varmland' };
const BEFORE_DEADLINE = '2026-11-20T10:00:00.000Z';
const AFTER_DEADLINE = '2026-11-30T10:00:00.000Z';
const AFTER_MEETING = '2026-12-10T12:00:00.000Z';
const occurredAt = (index: number) => `2026-11-01T09:${String(index).padStart(2, '0')}:00.000Z`;

const { given, stateAfter } = givenWhenThen<MeetingCommand, MeetingEvent, MeetingState, MeetingRule>(
  { decide, evolve, initialState },
  { actor: chair, now: BEFORE_DEADLINE, occurredAt },
);

// ─── fixtures ────────────────────────────────────────────────────────────────

const scheduleData = {
  forum: 'chairs-council' as const,
  startsAt: '2026-12-10T09:00:00+01:00',
  place: 'Regionens hus, Karlstad',
  agendaDeadline: '2026-11-26T16:00:00+01:00',
};
const scheduled = event('MeetingScheduled', {
  forum: 'chairs-council',
  title: 'Ordföranderådet 2026-12-10',
  startsAt: '2026-12-10T08:00:00.000Z',
  endsAt: '2026-12-10T10:00:00.000Z',
  place: 'Regionens hus, Karlstad',
  agendaDeadline: '2026-11-26T15:00:00.000Z',
});

const positionInput: AgendaItemInput = {
  itemId: 'i-1',
  title: 'Regional kulturplan',
  kind: 'position',
  logic: 'decision',
  questionId: 'q-1',
  documents: [{ title: 'Beslutsunderlag', reference: 'VRAU 2026/12' }],
};
const dialogueInput: AgendaItemInput = { itemId: 'i-2', title: 'Kollektivtrafik', kind: 'dialogue', logic: 'process', questionId: 'q-2', documents: [] };
const infoInput: AgendaItemInput = { itemId: 'i-3', title: 'Information från regionen', kind: 'information', logic: 'process', documents: [] };
const item = (input: AgendaItemInput, late = false, origin: AgendaItem['origin'] = { kind: 'manual' }): AgendaItem => ({
  ...input,
  origin: input.origin ?? origin,
  late,
});

const agendaItems = [item(positionInput), item(dialogueInput), item(infoInput)];
const agendaSet = event('AgendaSet', { items: agendaItems });
const published = event('AgendaPublished', { items: agendaItems });
const attendance = [
  { organisationId: 'karlstad' as const, status: 'attended' as const, name: 'Anna Andersson', capacity: 'ordinarie ledamot', digital: false },
  { organisationId: 'kil' as const, status: 'attended' as const, name: 'Kim Kil', digital: true },
  { organisationId: 'eda' as const, status: 'absent' as const, digital: false },
];
const attended = event('AttendanceRecorded', { attendance });
const position = { text: 'Ordföranderådet ställer sig bakom planen', organisationsToDecide: ['kil' as const, 'karlstad' as const], decideBy: '2027-03-31' };
const positionOutcome = event('ItemOutcomeRecorded', { itemId: 'i-1', status: 'concluded', summary: 'Ställning tagen', questionId: 'q-1', position });
const dialogueContinued = event('ItemOutcomeRecorded', { itemId: 'i-2', status: 'continued', summary: 'Fortsatt dialog i februari', questionId: 'q-2' });
const eva: Actor = { userId: 'eva.ek', displayName: 'Eva Ek', role: 'member', organisationId: 'kil' };
const olle: Actor = { userId: 'olle.ost', displayName: 'Olle Öst', role: 'chair', organisationId: 'karlstad' };
const evaAdjuster = { userId: 'eva.ek', name: 'Eva Ek', organisationId: 'kil' as const };
const olleAdjuster = { userId: 'olle.ost', name: 'Olle Öst', organisationId: 'karlstad' as const };
const adjusters = [evaAdjuster];
const drafted = event('MinutesDrafted', { adjusters });
const approvedByEva = event('MinutesApprovedByAdjuster', { adjuster: evaAdjuster, adjustedOn: '2026-12-14' });
const approved = event('MinutesApproved', { adjustedBy: adjusters, adjustedOn: '2026-12-14' });
const draftedForTwo = event('MinutesDrafted', { adjusters: [evaAdjuster, olleAdjuster] });
const ON_THE_14TH = '2026-12-14T10:00:00.000Z';
const minutesPublished = event('MinutesPublished', {});
const held = [scheduled, agendaSet, published, attended] as const;

// ─── scheduling ──────────────────────────────────────────────────────────────

describe('ScheduleMeeting (utlysa sammanträde)', () => {
  it('schedules with times in UTC, a default title and end two hours later', () => given().when(command('ScheduleMeeting', scheduleData)).then(scheduled));
  it('keeps a digital link and a given title and end', () =>
    given()
      .when(
        command('ScheduleMeeting', {
          ...scheduleData,
          place: undefined,
          digitalLink: 'https://meet.example.org/x',
          title: 'Ordföranderådet i december',
          endsAt: '2026-12-10T12:00:00+01:00',
        }),
      )
      .then(
        event('MeetingScheduled', {
          forum: 'chairs-council',
          title: 'Ordföranderådet i december',
          startsAt: '2026-12-10T08:00:00.000Z',
          endsAt: '2026-12-10T11:00:00.000Z',
          digitalLink: 'https://meet.example.org/x',
          agendaDeadline: '2026-11-26T15:00:00.000Z',
        }),
      ));
  it('refuses to schedule twice', () => given(scheduled).when(command('ScheduleMeeting', scheduleData)).thenRefused('meeting-already-exists'));
  it.each<[string, object, MeetingRule]>([
    ['an unknown forum', { forum: 'town-hall' }, 'unknown-forum'],
    ['a start without offset', { startsAt: '2026-12-10T09:00:00' }, 'invalid-date-time'],
    ['an end before the start', { endsAt: '2026-12-10T08:00:00+01:00' }, 'ends-before-start'],
    ['a deadline after the start', { agendaDeadline: '2026-12-11T09:00:00+01:00' }, 'deadline-after-start'],
    ['neither place nor link', { place: ' ' }, 'place-or-link-required'],
    ['a link that is not http(s)', { digitalLink: 'ftp://x' }, 'invalid-url'],
  ])('refuses %s', (_, change, rule) =>
    given()
      .when(command('ScheduleMeeting', { ...scheduleData, ...change } as never))
      .thenRefused(rule),
  );
  it('refuses a command on a meeting never scheduled', () => given().when(command('PublishAgenda', {})).thenNotFound());

  // The default title carries the meeting's day where it is held (TIME_ZONE, Europe/Stockholm), not its day in UTC.
  it.each([
    ['just after midnight in winter (UTC still the day before)', '2025-03-14T00:30:00+01:00', '2025-03-13T23:30:00.000Z', 'Ordföranderådet 2025-03-14'],
    ['just before midnight in winter', '2025-03-13T23:30:00+01:00', '2025-03-13T22:30:00.000Z', 'Ordföranderådet 2025-03-13'],
    ['just after midnight in summer (UTC+2)', '2025-06-14T01:30:00+02:00', '2025-06-13T23:30:00.000Z', 'Ordföranderådet 2025-06-14'],
    ['just after midnight, the night clocks go forward', '2025-03-30T00:30:00+01:00', '2025-03-29T23:30:00.000Z', 'Ordföranderådet 2025-03-30'],
    ['just after midnight, the night clocks go back', '2025-10-26T00:30:00+02:00', '2025-10-25T22:30:00.000Z', 'Ordföranderådet 2025-10-26'],
    ['at 23:30 after the clocks went back (UTC+1 again)', '2025-10-26T23:30:00+01:00', '2025-10-26T22:30:00.000Z', 'Ordföranderådet 2025-10-26'],
  ])('titles a meeting %s with its Swedish date', (_, startsAt, utc, title) =>
    given()
      .when(command('ScheduleMeeting', { ...scheduleData, startsAt, agendaDeadline: '2025-03-01T16:00:00+01:00' }))
      .then(
        event('MeetingScheduled', {
          forum: 'chairs-council',
          title,
          startsAt: utc,
          endsAt: new Date(Date.parse(utc) + 2 * 3_600_000).toISOString(),
          place: 'Regionens hus, Karlstad',
          agendaDeadline: '2025-03-01T15:00:00.000Z',
        }),
      ),
  );
  it('reads the day in the configured time zone', () =>
    expect(
      decide(
        command('ScheduleMeeting', { ...scheduleData, startsAt: '2025-03-14T00:30:00+01:00', agendaDeadline: '2025-03-01T16:00:00+01:00' }),
        initialState(),
        {
          actor: chair,
          now: BEFORE_DEADLINE,
          timeZone: 'UTC',
        },
      )[0].data,
    ).toMatchObject({ title: 'Ordföranderådet 2025-03-13' }));
});

// ─── the agenda ──────────────────────────────────────────────────────────────

describe('ProposeAgenda (förslag till dagordning)', () => {
  it('records the proposal, items from the outstanding log', () =>
    given(scheduled)
      .when(command('ProposeAgenda', { items: [positionInput] }))
      .then(event('AgendaProposed', { items: [item(positionInput, false, { kind: 'outstanding-log' })] })));
  it('flags items proposed after the deadline', () =>
    given(scheduled)
      .when(command('ProposeAgenda', { items: [positionInput] }), AFTER_DEADLINE)
      .then(event('AgendaProposed', { items: [item(positionInput, true, { kind: 'outstanding-log' })] })));
  it('refuses once the agenda is published', () =>
    given(scheduled, agendaSet, published)
      .when(command('ProposeAgenda', { items: [] }))
      .thenRefused('agenda-published'));
});

describe('SetAgenda (the chair accepts or edits)', () => {
  const proposed = event('AgendaProposed', { items: [item(positionInput, false, { kind: 'outstanding-log' })] });
  it('accepts the proposal, keeping origin and flags', () =>
    given(scheduled, proposed)
      .when(command('SetAgenda', { items: [positionInput] }), AFTER_DEADLINE)
      .then(event('AgendaSet', { items: [item(positionInput, false, { kind: 'outstanding-log' })] })));
  it('flags an item added after the deadline, not those already there', () =>
    given(scheduled, proposed)
      .when(command('SetAgenda', { items: [positionInput, infoInput] }), AFTER_DEADLINE)
      .then(event('AgendaSet', { items: [item(positionInput, false, { kind: 'outstanding-log' }), item(infoInput, true)] })));
  it('refuses an edit after publishing without an amendment', () =>
    given(scheduled, agendaSet, published)
      .when(command('SetAgenda', { items: [infoInput] }))
      .thenRefused('agenda-published'));
  it('sets the agenda again over a draft with the same items (duplicate-item looks only within the new list)', () =>
    given(scheduled, agendaSet)
      .when(command('SetAgenda', { items: [infoInput, positionInput] }), AFTER_DEADLINE)
      .then(event('AgendaSet', { items: [item(infoInput), item(positionInput)] })));
  it('refuses the same item twice', () =>
    given(scheduled)
      .when(command('SetAgenda', { items: [infoInput, infoInput] }))
      .thenRefused('duplicate-item'));
  it('refuses an unknown kind', () =>
    given(scheduled)
      .when(command('SetAgenda', { items: [{ ...infoInput, kind: 'vote' as never }] }))
      .thenRefused('unknown-item-kind'));
  it('refuses an unknown logic', () =>
    given(scheduled)
      .when(command('SetAgenda', { items: [{ ...infoInput, logic: 'whim' as never }] }))
      .thenRefused('unknown-item-logic'));
  it('refuses a blank title', () =>
    given(scheduled)
      .when(command('SetAgenda', { items: [{ ...infoInput, title: ' ' }] }))
      .thenRefused('required-field-blank'));
  it('refuses a document link that is not http(s)', () =>
    given(scheduled)
      .when(command('SetAgenda', { items: [{ ...infoInput, documents: [{ title: 'X', url: 'javascript:alert(1)' }] }] }))
      .thenRefused('invalid-url'));
});

describe('PublishAgenda', () => {
  it('publishes and freezes the agenda', () => given(scheduled, agendaSet).when(command('PublishAgenda', {})).then(published));
  it('refuses an empty agenda', () => given(scheduled).when(command('PublishAgenda', {})).thenRefused('agenda-empty'));
  it('refuses to publish twice', () => given(scheduled, agendaSet, published).when(command('PublishAgenda', {})).thenRefused('agenda-published'));
});

describe('AmendAgenda (ändring i publicerad dagordning)', () => {
  const extra: AgendaItemInput = { itemId: 'i-9', title: 'Brådskande remiss', kind: 'information', logic: 'process', documents: [] };
  it('adds an item, flagged late after the deadline, and removes one, with a reason', () =>
    given(scheduled, agendaSet, published)
      .when(command('AmendAgenda', { add: [extra], removeItemIds: ['i-3'], reason: 'Remiss från regeringen' }), AFTER_DEADLINE)
      .then(event('AgendaAmended', { added: [item(extra, true)], removedItemIds: ['i-3'], reason: 'Remiss från regeringen' })));
  it('applies the amendment to the agenda', () => {
    const state = stateAfter(scheduled, agendaSet, published, event('AgendaAmended', { added: [item(extra, true)], removedItemIds: ['i-3'], reason: 'R' }));
    expect(state.exists && state.agenda.map((entry) => entry.itemId)).toEqual(['i-1', 'i-2', 'i-9']);
  });
  it('refuses before publishing', () =>
    given(scheduled, agendaSet)
      .when(command('AmendAgenda', { add: [extra], removeItemIds: [], reason: 'R' }))
      .thenRefused('agenda-not-published'));
  it('refuses without a reason', () =>
    given(scheduled, agendaSet, published)
      .when(command('AmendAgenda', { add: [extra], removeItemIds: [], reason: ' ' }))
      .thenRefused('reason-required'));
  it('refuses an empty amendment', () =>
    given(scheduled, agendaSet, published)
      .when(command('AmendAgenda', { add: [], removeItemIds: [], reason: 'R' }))
      .thenRefused('amendment-empty'));
  it('refuses to remove an item not on the agenda', () =>
    given(scheduled, agendaSet, published)
      .when(command('AmendAgenda', { add: [], removeItemIds: ['nope'], reason: 'R' }))
      .thenRefused('item-not-on-agenda'));
  it('refuses to remove an item with an outcome', () =>
    given(...held, positionOutcome)
      .when(command('AmendAgenda', { add: [], removeItemIds: ['i-1'], reason: 'R' }), AFTER_MEETING)
      .thenRefused('item-has-outcome'));
  it('refuses to add an item already on the agenda', () =>
    given(scheduled, agendaSet, published)
      .when(command('AmendAgenda', { add: [infoInput], removeItemIds: [], reason: 'R' }))
      .thenRefused('duplicate-item'));
  it('refuses once the minutes are approved', () =>
    given(...held, drafted, approved)
      .when(command('AmendAgenda', { add: [extra], removeItemIds: [], reason: 'R' }))
      .thenRefused('minutes-approved'));
});

// ─── attendance and outcomes ─────────────────────────────────────────────────

describe('RecordAttendance (närvarolista)', () => {
  it('records the list; digital only for those who attended', () =>
    given(scheduled)
      .when(command('RecordAttendance', { attendance: [...attendance.slice(0, 2), { organisationId: 'eda', status: 'absent', digital: true }] }))
      .then(attended));
  it('refuses an unknown party', () =>
    given(scheduled)
      .when(command('RecordAttendance', { attendance: [{ organisationId: 'oslo' as never, status: 'attended', digital: false }] }))
      .thenRefused('unknown-organisation'));
  it('refuses a party twice', () =>
    given(scheduled)
      .when(command('RecordAttendance', { attendance: [attendance[0], attendance[0]] }))
      .thenRefused('duplicate-organisation'));
  it('refuses an empty list', () =>
    given(scheduled)
      .when(command('RecordAttendance', { attendance: [] }))
      .thenRefused('attendance-empty'));
  it('refuses once the minutes are approved', () =>
    given(...held, drafted, approved)
      .when(command('RecordAttendance', { attendance }))
      .thenRefused('minutes-approved'));
});

describe('RecordItemOutcome', () => {
  it('records a position on a position item, naming its question', () =>
    given(...held)
      .when(command('RecordItemOutcome', { itemId: 'i-1', status: 'concluded', summary: 'Ställning tagen', position }), AFTER_MEETING)
      .then(positionOutcome));
  it('records a continued dialogue item (an open item)', () =>
    given(...held)
      .when(command('RecordItemOutcome', { itemId: 'i-2', status: 'continued', summary: 'Fortsatt dialog i februari' }), AFTER_MEETING)
      .then(dialogueContinued));
  it('refuses an item not on the agenda', () =>
    given(...held)
      .when(command('RecordItemOutcome', { itemId: 'nope', status: 'concluded', summary: 'X' }), AFTER_MEETING)
      .thenRefused('item-not-on-agenda'));
  it('refuses before the agenda is published', () =>
    given(scheduled, agendaSet)
      .when(command('RecordItemOutcome', { itemId: 'i-3', status: 'concluded', summary: 'X' }), AFTER_MEETING)
      .thenRefused('agenda-not-published'));
  it('refuses before the meeting starts', () =>
    given(...held)
      .when(command('RecordItemOutcome', { itemId: 'i-3', status: 'concluded', summary: 'X' }))
      .thenRefused('meeting-not-held'));
  it('refuses a second outcome for the same item', () =>
    given(...held, positionOutcome)
      .when(command('RecordItemOutcome', { itemId: 'i-1', status: 'concluded', summary: 'X', position }), AFTER_MEETING)
      .thenRefused('outcome-already-recorded'));
  it('refuses a concluded position item without its position', () =>
    given(...held)
      .when(command('RecordItemOutcome', { itemId: 'i-1', status: 'concluded', summary: 'X' }), AFTER_MEETING)
      .thenRefused('position-required'));
  it('refuses a position on an item that is not a position item', () =>
    given(...held)
      .when(command('RecordItemOutcome', { itemId: 'i-2', status: 'concluded', summary: 'X', position }), AFTER_MEETING)
      .thenRefused('position-only-on-position-item'));
  it('refuses a position naming an unknown organisation', () =>
    given(...held)
      .when(
        command('RecordItemOutcome', { itemId: 'i-1', status: 'concluded', summary: 'X', position: { ...position, organisationsToDecide: ['oslo' as never] } }),
        AFTER_MEETING,
      )
      .thenRefused('unknown-organisation'));
  it('refuses a position with an impossible date', () =>
    given(...held)
      .when(
        command('RecordItemOutcome', { itemId: 'i-1', status: 'concluded', summary: 'X', position: { ...position, decideBy: '2027-02-30' } }),
        AFTER_MEETING,
      )
      .thenRefused('invalid-date'));
  it('refuses a blank summary', () =>
    given(...held)
      .when(command('RecordItemOutcome', { itemId: 'i-3', status: 'concluded', summary: '' }), AFTER_MEETING)
      .thenRefused('required-field-blank'));
  it('refuses an unknown status', () =>
    given(...held)
      .when(command('RecordItemOutcome', { itemId: 'i-3', status: 'tabled' as never, summary: 'X' }), AFTER_MEETING)
      .thenRefused('unknown-outcome-status'));
  it('refuses once the minutes are approved', () =>
    given(...held, drafted, approved)
      .when(command('RecordItemOutcome', { itemId: 'i-3', status: 'concluded', summary: 'X' }), AFTER_MEETING)
      .thenRefused('minutes-approved'));
});

// ─── minutes ─────────────────────────────────────────────────────────────────

describe('DraftMinutes (upprätta protokoll)', () => {
  it('drafts, naming the adjusters', () =>
    given(...held)
      .when(command('DraftMinutes', { adjusters }), AFTER_MEETING)
      .then(drafted));
  it('drafts again before approval', () =>
    given(...held, drafted)
      .when(command('DraftMinutes', { adjusters, notes: 'Rev.' }), AFTER_MEETING)
      .then(event('MinutesDrafted', { adjusters, notes: 'Rev.' })));
  it('refuses without attendance', () =>
    given(scheduled, agendaSet, published).when(command('DraftMinutes', { adjusters }), AFTER_MEETING).thenRefused('attendance-not-recorded'));
  it('refuses before the meeting', () =>
    given(...held)
      .when(command('DraftMinutes', { adjusters }))
      .thenRefused('meeting-not-held'));
  it('refuses before the agenda is published', () =>
    given(scheduled, agendaSet).when(command('DraftMinutes', { adjusters }), AFTER_MEETING).thenRefused('agenda-not-published'));
  it('refuses without adjusters', () =>
    given(...held)
      .when(command('DraftMinutes', { adjusters: [] }), AFTER_MEETING)
      .thenRefused('adjusters-required'));
  it('refuses an adjuster without a user id', () =>
    given(...held)
      .when(command('DraftMinutes', { adjusters: [{ userId: ' ', name: 'Eva Ek' }] }), AFTER_MEETING)
      .thenRefused('required-field-blank'));
  it('refuses the same adjuster twice', () =>
    given(...held)
      .when(command('DraftMinutes', { adjusters: [evaAdjuster, { ...evaAdjuster, name: 'E. Ek' }] }), AFTER_MEETING)
      .thenRefused('duplicate-adjuster'));
  it('refuses once approved', () =>
    given(...held, drafted, approved)
      .when(command('DraftMinutes', { adjusters }), AFTER_MEETING)
      .thenRefused('minutes-approved'));
});

describe('ApproveMinutes (justering)', () => {
  it('approves as the one named adjuster, signed in as that person: the minutes are approved on today’s date', () =>
    given(...held, drafted)
      .when(command('ApproveMinutes', {}), ON_THE_14TH, eva)
      .then(approvedByEva, approved));
  it('with two named adjusters, the first approval records who approved when; the minutes stay a draft', () =>
    given(...held, draftedForTwo)
      .when(command('ApproveMinutes', {}), ON_THE_14TH, eva)
      .then(approvedByEva));
  it('the last named adjuster’s approval approves the minutes, on that day', () =>
    given(...held, draftedForTwo, approvedByEva)
      .when(command('ApproveMinutes', {}), '2026-12-16T08:00:00.000Z', olle)
      .then(
        event('MinutesApprovedByAdjuster', { adjuster: olleAdjuster, adjustedOn: '2026-12-16' }),
        event('MinutesApproved', { adjustedBy: [evaAdjuster, olleAdjuster], adjustedOn: '2026-12-16' }),
      ));
  it('dates the approval where the meeting is held: 00:30 on the 15th in Sweden is the 15th', () =>
    given(...held, drafted)
      .when(command('ApproveMinutes', {}), '2026-12-14T23:30:00.000Z', eva)
      .then(
        event('MinutesApprovedByAdjuster', { adjuster: evaAdjuster, adjustedOn: '2026-12-15' }),
        event('MinutesApproved', { adjustedBy: adjusters, adjustedOn: '2026-12-15' }),
      ));
  it('shows who approved when in the minutes', () => {
    const state = stateAfter(...held, draftedForTwo, approvedByEva);
    expect(state.exists && state.minutes).toMatchObject({
      status: 'draft',
      approval: null,
      signatures: [{ adjuster: evaAdjuster, adjustedOn: '2026-12-14', approvedBy: chair }],
    });
  });
  it('refuses anyone not named, whatever their role (the chair, the secretary, an admin)', () =>
    given(...held, draftedForTwo)
      .when(command('ApproveMinutes', {}), ON_THE_14TH, chair)
      .thenRefused('not-a-named-adjuster'));
  it('refuses a named adjuster approving twice', () =>
    given(...held, draftedForTwo, approvedByEva)
      .when(command('ApproveMinutes', {}), ON_THE_14TH, eva)
      .thenRefused('adjuster-already-approved'));
  it('starts over when the minutes are drafted again: an approval was of the earlier draft', () =>
    given(...held, draftedForTwo, approvedByEva, draftedForTwo)
      .when(command('ApproveMinutes', {}), ON_THE_14TH, olle)
      .then(event('MinutesApprovedByAdjuster', { adjuster: olleAdjuster, adjustedOn: '2026-12-14' })));
  it('refuses to approve twice', () =>
    given(...held, drafted, approvedByEva, approved)
      .when(command('ApproveMinutes', {}), AFTER_MEETING, eva)
      .thenRefused('minutes-already-approved'));
  it('refuses before a draft', () =>
    given(...held)
      .when(command('ApproveMinutes', {}), ON_THE_14TH, eva)
      .thenRefused('minutes-not-drafted'));
  it('refuses minutes whose adjusters were named without a user id (drafted before adjusters were identified)', () =>
    given(...held, event('MinutesDrafted', { adjusters: [{ userId: null, name: 'Eva Ek' }] }))
      .when(command('ApproveMinutes', {}), ON_THE_14TH, eva)
      .thenRefused('adjusters-not-identified'));
});

describe('PublishMinutes', () => {
  it('publishes approved minutes', () =>
    given(...held, drafted, approved)
      .when(command('PublishMinutes', {}))
      .then(minutesPublished));
  it('refuses unapproved minutes', () =>
    given(...held, drafted)
      .when(command('PublishMinutes', {}))
      .thenRefused('minutes-not-approved'));
  it('refuses to publish twice', () =>
    given(...held, drafted, approved, minutesPublished)
      .when(command('PublishMinutes', {}))
      .thenRefused('minutes-already-published'));
});

describe('CorrectMinutes (rättelse)', () => {
  it('adds a correction beside the approved text', () =>
    given(...held, drafted, approved, minutesPublished)
      .when(command('CorrectMinutes', { itemId: 'i-3', correction: 'Rätt datum är 12 december', reason: 'Skrivfel' }))
      .then(event('MinutesCorrected', { itemId: 'i-3', correction: 'Rätt datum är 12 december', reason: 'Skrivfel' })));
  it('keeps the approval when corrected', () => {
    const state = stateAfter(...held, drafted, approved, event('MinutesCorrected', { correction: 'C', reason: 'R' }));
    expect(state.exists && state.minutes).toMatchObject({
      status: 'approved',
      approval: { adjustedOn: '2026-12-14' },
      corrections: [{ correction: 'C', reason: 'R' }],
    });
  });
  it('refuses before approval', () =>
    given(...held, drafted)
      .when(command('CorrectMinutes', { correction: 'C', reason: 'R' }))
      .thenRefused('minutes-not-approved'));
  it('refuses without a reason', () =>
    given(...held, drafted, approved)
      .when(command('CorrectMinutes', { correction: 'C', reason: '' }))
      .thenRefused('reason-required'));
  it('refuses a blank correction', () =>
    given(...held, drafted, approved)
      .when(command('CorrectMinutes', { correction: ' ', reason: 'R' }))
      .thenRefused('required-field-blank'));
  it('refuses an item not on the agenda', () =>
    given(...held, drafted, approved)
      .when(command('CorrectMinutes', { itemId: 'x', correction: 'C', reason: 'R' }))
      .thenRefused('item-not-on-agenda'));
});

describe('open items (öppna punkter)', () => {
  it('are the continued items, and once the minutes are drafted those without an outcome', () => {
    const during = stateAfter(...held, positionOutcome, dialogueContinued);
    expect(during.exists && openItemsOf(during).map((entry) => entry.itemId)).toEqual(['i-2']);
    const after = stateAfter(...held, positionOutcome, dialogueContinued, drafted);
    expect(after.exists && openItemsOf(after).map((entry) => entry.itemId)).toEqual(['i-2', 'i-3']);
  });
});
