import type { Actor } from '../event-store/event-store.port';
import { givenWhenThen } from '../../test/support/given-when-then';
import { command, event, meetingId } from '../../test/support/meeting-messages';
import type { AgendaItemInput, MeetingCommand, MeetingSystemCommand } from './meeting.commands';
import { decide, evolve, initialState, type MeetingRule, type MeetingState } from './meeting.decider';
import type { AgendaItem, MeetingEvent } from './meeting.events';

// Each refusal of bad input names its field (a 4xx problem names field and rule), and each
// optional or lenient input has its accepted neighbour (issue 30). Kept apart from
// meeting.decider.spec.ts, which tells the meeting's story.

const chair: Actor = { userId: 'ordf', displayName: 'Ordförande', role: 'chair', organisationId: 'region-varmland' };
const eva: Actor = { userId: 'eva.ek', displayName: 'Eva Ek', role: 'member', organisationId: 'kil' };
const BEFORE_DEADLINE = '2026-11-20T10:00:00.000Z';
const AFTER_MEETING = '2026-12-10T12:00:00.000Z';
const occurredAt = (index: number) => `2026-11-01T09:${String(index).padStart(2, '0')}:00.000Z`;

const { given } = givenWhenThen<MeetingCommand | MeetingSystemCommand, MeetingEvent, MeetingState, MeetingRule>(
  { decide, evolve, initialState },
  { actor: chair, now: BEFORE_DEADLINE, occurredAt },
);

const scheduleData = {
  forum: 'chairs-council' as const,
  startsAt: '2026-12-10T09:00:00+01:00',
  place: 'Regionens hus, Karlstad',
  agendaDeadline: '2026-11-26T16:00:00+01:00',
};
const scheduledData = {
  forum: 'chairs-council' as const,
  title: 'Ordföranderådet 2026-12-10',
  startsAt: '2026-12-10T08:00:00.000Z',
  endsAt: '2026-12-10T10:00:00.000Z',
  place: 'Regionens hus, Karlstad',
  agendaDeadline: '2026-11-26T15:00:00.000Z',
};
const scheduled = event('MeetingScheduled', scheduledData);
const infoInput: AgendaItemInput = { itemId: 'i-3', title: 'Information från regionen', kind: 'information', logic: 'process', documents: [] };
const positionInput: AgendaItemInput = { itemId: 'i-1', title: 'Regional kulturplan', kind: 'position', logic: 'decision', questionId: 'q-1', documents: [] };
const asItem = (input: AgendaItemInput, late = false): AgendaItem => ({ ...input, origin: { kind: 'manual' }, late });
const items = [asItem(positionInput), asItem(infoInput)];
const published = [scheduled, event('AgendaSet', { items }), event('AgendaPublished', { items })] as const;
const attended = event('AttendanceRecorded', { attendance: [{ organisationId: 'kil', status: 'attended', digital: false }] });
const held = [...published, attended] as const;
const evaAdjuster = { userId: 'eva.ek', name: 'Eva Ek', organisationId: 'kil' as const };
const drafted = event('MinutesDrafted', { adjusters: [evaAdjuster] });
const approved = event('MinutesApproved', { adjustedBy: [evaAdjuster], adjustedOn: '2026-12-14' });
const position = { text: 'Ordföranderådet ställer sig bakom planen', organisationsToDecide: ['kil' as const], decideBy: '2027-03-31' };

describe('ScheduleMeeting: each field the refusal names, and its neighbours', () => {
  const schedule = (change: object) => command('ScheduleMeeting', { ...scheduleData, ...change } as never);

  it.each([
    ['meetingId', { meetingId: ' ' }, 'required-field-blank'],
    ['startsAt', { startsAt: '10 december' }, 'invalid-date-time'],
    ['endsAt', { endsAt: '2026-12-10' }, 'invalid-date-time'],
    ['agendaDeadline', { agendaDeadline: '2026-11-26 16:00' }, 'invalid-date-time'],
  ] as const)('refuses a bad %s, naming the field', (field, change, rule) => given().when(schedule(change)).thenRefused(rule, field));

  it.each([
    ['without seconds', '2026-12-10T09:00+01:00'],
    ['with milliseconds', '2026-12-10T08:00:00.000Z'],
    ['with one decimal of a second', '2026-12-10T08:00:00.0Z'],
    ['in UTC written Z', '2026-12-10T08:00:00Z'],
    ['with a negative offset', '2026-12-10T05:00:00-03:00'],
  ])('accepts a start %s (%s), the neighbours of invalid-date-time', (_, startsAt) => given().when(schedule({ startsAt })).then(scheduled));

  it.each([
    ['text before it (anchored at the start)', 'x2026-12-10T09:00:00+01:00'],
    ['text after it (anchored at the end)', '2026-12-10T09:00:00+01:00x'],
    ['an expanded year, which the date parser would read', '+002026-12-10T09:00:00+01:00'],
    ['four decimals of a second', '2026-12-10T08:00:00.0000Z'],
    ['no time', '2026-12-10'],
    ['an offset without minutes', '2026-12-10T09:00:00+01'],
    ['a one-digit hour', '2026-12-10T9:00:00+01:00'],
    ['a space for the T', '2026-12-10 09:00:00+01:00'],
    ['an hour that does not exist', '2026-12-10T25:00:00+01:00'],
    ['a date that is not a string', 20261210],
  ])('refuses a start with %s (invalid-date-time)', (_, startsAt) => given().when(schedule({ startsAt })).thenRefused('invalid-date-time', 'startsAt'));

  it('takes a place and a title trimmed, and leaves a blank title to the default', () =>
    given()
      .when(schedule({ place: '  Regionens hus, Karlstad ', title: '   ' }))
      .then(scheduled));

  it('keeps a title of its own, trimmed', () =>
    given()
      .when(schedule({ title: ' Ordföranderådet i december ' }))
      .then(event('MeetingScheduled', { ...scheduledData, title: 'Ordföranderådet i december' })));

  it('names a meeting of another forum by that forum, by default', () =>
    given()
      .when(schedule({ forum: 'council' }))
      .then(event('MeetingScheduled', { ...scheduledData, forum: 'council', title: 'Värmlandsrådet 2026-12-10' })));

  it('leaves out a blank place when a link is given (place-or-link-required needs one of them, not both)', () =>
    given()
      .when(schedule({ place: '  ', digitalLink: ' https://meet.example.org/x ' }))
      .then(
        event('MeetingScheduled', {
          forum: 'chairs-council',
          title: 'Ordföranderådet 2026-12-10',
          startsAt: scheduledData.startsAt,
          endsAt: scheduledData.endsAt,
          digitalLink: 'https://meet.example.org/x',
          agendaDeadline: scheduledData.agendaDeadline,
        }),
      ));

  it('keeps place and link when both are given, and the year wheel it comes from', () => {
    const yearWheel = 2026;
    given()
      .when(schedule({ digitalLink: 'http://meet.example.org/x', yearWheel }))
      .then(
        event('MeetingScheduled', {
          ...scheduledData,
          place: 'Regionens hus, Karlstad',
          digitalLink: 'http://meet.example.org/x',
          agendaDeadline: scheduledData.agendaDeadline,
          yearWheel,
        }),
      );
  });

  it('refuses a link that is no URL at all (invalid-url)', () =>
    given()
      .when(schedule({ digitalLink: 'meet.example.org' }))
      .thenRefused('invalid-url'));
});

describe('the agenda: each field the refusal names, and its neighbours', () => {
  it.each([
    ['items[1].itemId', { itemId: ' ' }],
    ['items[1].title', { title: '' }],
    ['items[1].questionId', { questionId: ' ' }],
  ])('refuses a blank %s, naming the field', (field, change) =>
    given(scheduled)
      .when(command('SetAgenda', { items: [positionInput, { ...infoInput, ...change }] }))
      .thenRefused('required-field-blank', field),
  );

  it('refuses a missing title as blank, not as an error of the code', () =>
    given(scheduled)
      .when(command('SetAgenda', { items: [{ ...infoInput, title: undefined as never }] }))
      .thenRefused('required-field-blank', 'items[0].title'));

  it('refuses a blank document title, naming the document', () =>
    given(scheduled)
      .when(command('SetAgenda', { items: [{ ...infoInput, documents: [{ title: 'A' }, { title: ' ' }] }] }))
      .thenRefused('required-field-blank', 'items[0].documents[1].title'));

  it('refuses a document url that is not http(s), naming the document', () =>
    given(scheduled)
      .when(command('SetAgenda', { items: [{ ...infoInput, documents: [{ title: 'A', url: 'ftp://x' }] }] }))
      .thenRefused('invalid-url', 'items[0].documents[0].url'));

  it('keeps a document’s reference and url when given, trims the title, and leaves out what is not given', () =>
    given(scheduled)
      .when(
        command('SetAgenda', {
          items: [
            {
              ...infoInput,
              title: '  Information från regionen ',
              documents: [{ title: 'Underlag', reference: 'RS 2026/1', url: 'http://example.org/u.pdf' }, { title: 'Bilaga' }],
            },
          ],
        }),
      )
      .then(
        event('AgendaSet', {
          items: [asItem({ ...infoInput, documents: [{ title: 'Underlag', reference: 'RS 2026/1', url: 'http://example.org/u.pdf' }, { title: 'Bilaga' }] })],
        }),
      ));

  it('keeps the origin an item is given with', () => {
    const fromLog = { ...infoInput, origin: { kind: 'outstanding-log' as const } };
    given(scheduled)
      .when(command('SetAgenda', { items: [fromLog] }))
      .then(event('AgendaSet', { items: [{ ...fromLog, late: false }] }));
  });

  it('sets an agenda with an item missing its documents, as having none', () => {
    const { documents: _none, ...withoutDocuments } = infoInput;
    given(scheduled)
      .when(command('SetAgenda', { items: [withoutDocuments as AgendaItemInput] }))
      .then(event('AgendaSet', { items: [asItem(infoInput)] }));
  });

  it('an amendment may add only, without a list of items to remove', () => {
    const extra: AgendaItemInput = { itemId: 'i-9', title: 'Brådskande remiss', kind: 'information', logic: 'process', documents: [] };
    given(...published)
      .when(command('AmendAgenda', { add: [extra], reason: 'Remiss' } as never))
      .then(event('AgendaAmended', { added: [asItem(extra)], removedItemIds: [], reason: 'Remiss' }));
  });

  it('an amendment may remove only, without a list of items to add', () =>
    given(...published)
      .when(command('AmendAgenda', { removeItemIds: ['i-3'], reason: 'Utgår' } as never))
      .then(event('AgendaAmended', { added: [], removedItemIds: ['i-3'], reason: 'Utgår' })));

  it('an amendment may add back an item it removes, under the same id (duplicate-item looks at what stays)', () => {
    const again: AgendaItemInput = { ...infoInput, title: 'Information från regionen, ny' };
    given(...published)
      .when(command('AmendAgenda', { add: [again], removeItemIds: ['i-3'], reason: 'Ny version' }))
      .then(event('AgendaAmended', { added: [asItem(again)], removedItemIds: ['i-3'], reason: 'Ny version' }));
  });

  it('refuses an amendment without a reason given at all (reason-required)', () =>
    given(...published)
      .when(command('AmendAgenda', { add: [], removeItemIds: ['i-3'] } as never))
      .thenRefused('reason-required'));
});

describe('attendance: each field, and its neighbours', () => {
  it('trims name and capacity and leaves out blank ones', () =>
    given(scheduled)
      .when(
        command('RecordAttendance', {
          attendance: [
            { organisationId: 'kil', status: 'attended', name: ' Kim Kil ', capacity: ' ersättare ', digital: false },
            { organisationId: 'eda', status: 'attended', name: ' ', capacity: '', digital: true },
          ],
        }),
      )
      .then(
        event('AttendanceRecorded', {
          attendance: [
            { organisationId: 'kil', status: 'attended', name: 'Kim Kil', capacity: 'ersättare', digital: false },
            { organisationId: 'eda', status: 'attended', digital: true },
          ],
        }),
      ));

  it('records any status other than attended as absent', () =>
    given(scheduled)
      .when(command('RecordAttendance', { attendance: [{ organisationId: 'kil', status: 'excused' as never, digital: true }] }))
      .then(event('AttendanceRecorded', { attendance: [{ organisationId: 'kil', status: 'absent', digital: false }] })));

  it('refuses a missing list as empty (attendance-empty)', () =>
    given(scheduled)
      .when(command('RecordAttendance', {} as never))
      .thenRefused('attendance-empty'));

  it('refuses an unknown party, naming its place in the list', () =>
    given(scheduled)
      .when(
        command('RecordAttendance', {
          attendance: [
            { organisationId: 'kil', status: 'attended', digital: false },
            { organisationId: 'oslo' as never, status: 'attended', digital: false },
          ],
        }),
      )
      .thenRefused('unknown-organisation', 'attendance[1].organisationId'));
});

describe('outcomes: each field the refusal names, and its neighbours', () => {
  const outcome = (change: object) =>
    command('RecordItemOutcome', { itemId: 'i-1', status: 'concluded', summary: 'Ställning tagen', position, ...change } as never);

  it.each([
    ['summary', { summary: ' ' }, 'required-field-blank'],
    ['position.text', { position: { ...position, text: '' } }, 'required-field-blank'],
    ['position.organisationsToDecide', { position: { ...position, organisationsToDecide: undefined } }, 'required-field-blank'],
    ['position.decideBy', { position: { ...position, decideBy: '2027-03-31T00:00' } }, 'invalid-date'],
  ] as const)('refuses a bad %s, naming the field', (field, change, rule) =>
    given(...held)
      .when(outcome(change), AFTER_MEETING)
      .thenRefused(rule, field),
  );

  it.each([
    ['text before it (anchored at the start)', 'x2027-03-31'],
    ['a one-digit month', '2027-3-31'],
    ['no day (the date parser would read the 1st)', '2027-03'],
    ['a day that does not exist', '2027-02-29'],
    ['no date at all', undefined],
  ])('refuses a decide-by with %s (invalid-date)', (_, decideBy) =>
    given(...held)
      .when(outcome({ position: { ...position, decideBy } }), AFTER_MEETING)
      .thenRefused('invalid-date', 'position.decideBy'),
  );

  it('accepts a decide-by on a leap day, the neighbour of a day that does not exist', () =>
    given(...held)
      .when(outcome({ position: { ...position, decideBy: '2028-02-29' } }), AFTER_MEETING)
      .then(
        event('ItemOutcomeRecorded', {
          itemId: 'i-1',
          status: 'concluded',
          summary: 'Ställning tagen',
          questionId: 'q-1',
          position: { ...position, decideBy: '2028-02-29' },
        }),
      ));

  it('stores only the position’s own fields', () =>
    given(...held)
      .when(outcome({ position: { ...position, note: 'x' } }), AFTER_MEETING)
      .then(event('ItemOutcomeRecorded', { itemId: 'i-1', status: 'concluded', summary: 'Ställning tagen', questionId: 'q-1', position })));

  it('records a position item that is continued without a position (position-required asks one only of a concluded item)', () =>
    given(...held)
      .when(command('RecordItemOutcome', { itemId: 'i-1', status: 'continued', summary: 'Fortsätter i mars' }), AFTER_MEETING)
      .then(event('ItemOutcomeRecorded', { itemId: 'i-1', status: 'continued', summary: 'Fortsätter i mars', questionId: 'q-1' })));

  it('refuses a position on a position item without a question (position-only-on-position-item)', () => {
    const loose: AgendaItemInput = { itemId: 'i-5', title: 'Ställningstagande utan fråga', kind: 'position', logic: 'decision', documents: [] };
    const agenda = [asItem(loose)];
    given(scheduled, event('AgendaSet', { items: agenda }), event('AgendaPublished', { items: agenda }))
      .when(command('RecordItemOutcome', { itemId: 'i-5', status: 'concluded', summary: 'Klart', position }), AFTER_MEETING)
      .thenRefused('position-only-on-position-item');
  });

  it('records a concluded position item without a question and without a position', () => {
    const loose: AgendaItemInput = { itemId: 'i-5', title: 'Ställningstagande utan fråga', kind: 'position', logic: 'decision', documents: [] };
    const agenda = [asItem(loose)];
    given(scheduled, event('AgendaSet', { items: agenda }), event('AgendaPublished', { items: agenda }))
      .when(command('RecordItemOutcome', { itemId: 'i-5', status: 'concluded', summary: 'Klart' }), AFTER_MEETING)
      .then(event('ItemOutcomeRecorded', { itemId: 'i-5', status: 'concluded', summary: 'Klart' }));
  });
});

describe('minutes: each field the refusal names, and its neighbours', () => {
  it.each([
    ['adjusters[1].userId', [evaAdjuster, { userId: ' ', name: 'Olle Öst' }]],
    ['adjusters[1].name', [evaAdjuster, { userId: 'olle.ost', name: '' }]],
  ])('refuses a blank %s, naming the field', (field, adjusters) =>
    given(...held)
      .when(command('DraftMinutes', { adjusters }), AFTER_MEETING)
      .thenRefused('required-field-blank', field),
  );

  it('refuses an adjuster of an unknown organisation, naming the field', () =>
    given(...held)
      .when(command('DraftMinutes', { adjusters: [{ ...evaAdjuster, organisationId: 'oslo' as never }] }), AFTER_MEETING)
      .thenRefused('unknown-organisation', 'adjusters[0].organisationId'));

  it('refuses a missing adjuster list (adjusters-required)', () =>
    given(...held)
      .when(command('DraftMinutes', {} as never), AFTER_MEETING)
      .thenRefused('adjusters-required'));

  it('trims the adjusters, leaves out an organisation not given, and a blank note', () =>
    given(...held)
      .when(command('DraftMinutes', { adjusters: [{ userId: ' olle.ost ', name: ' Olle Öst ' }], notes: '  ' }), AFTER_MEETING)
      .then(event('MinutesDrafted', { adjusters: [{ userId: 'olle.ost', name: 'Olle Öst' }] })));

  it('refuses the same adjuster twice however it is spaced (duplicate-adjuster compares trimmed ids)', () =>
    given(...held)
      .when(command('DraftMinutes', { adjusters: [evaAdjuster, { userId: ' eva.ek', name: 'E. Ek' }] }), AFTER_MEETING)
      .thenRefused('duplicate-adjuster'));

  it('refuses a blank correction, naming the field', () =>
    given(...held, drafted, approved)
      .when(command('CorrectMinutes', { correction: ' ', reason: 'R' }))
      .thenRefused('required-field-blank', 'correction'));

  it('corrects the minutes as a whole, without an item', () =>
    given(...held, drafted, approved)
      .when(command('CorrectMinutes', { correction: 'Rätt datum är 12 december', reason: 'Skrivfel' }))
      .then(event('MinutesCorrected', { correction: 'Rätt datum är 12 december', reason: 'Skrivfel' })));

  it('approves as the one named adjuster though an earlier draft named someone else', () =>
    given(...held, event('MinutesDrafted', { adjusters: [{ userId: 'olle.ost', name: 'Olle Öst' }] }), drafted)
      .when(command('ApproveMinutes', {}), '2026-12-14T10:00:00.000Z', eva)
      .then(
        event('MinutesApprovedByAdjuster', { adjuster: evaAdjuster, adjustedOn: '2026-12-14' }),
        event('MinutesApproved', { adjustedBy: [evaAdjuster], adjustedOn: '2026-12-14' }),
      ));
});

describe('a meeting never scheduled', () => {
  it('is not found, naming the meeting', () => given().when(command('PublishAgenda', {})).thenNotFound('Meeting', meetingId));
});

describe('cancelling: its neighbours', () => {
  it('cancels with a reason, keeping the year wheel it comes from', () => {
    const yearWheel = 2026;
    given(scheduled)
      .when(command('CancelMeeting', { reason: 'Inget att behandla', yearWheel }))
      .then(event('MeetingCancelled', { reason: 'Inget att behandla', yearWheel }));
  });

  it('refuses a cancellation without a reason given at all (reason-required)', () =>
    given(scheduled)
      .when(command('CancelMeeting', {} as never))
      .thenRefused('reason-required'));
});
