import type { Actor } from '../event-store/event-store.port';
import { givenWhenThen } from '../../test/support/given-when-then';
import type { AssignmentCommand } from './assignment.commands';
import { decide, evolve, initialState, type AssignmentRule, type AssignmentState } from './assignment.decider';
import type { AssignmentEvent } from './assignment.events';

// ─── given / when / then ─────────────────────────────────────────────────────

const chair: Actor = { userId: 'ordf', displayName: 'Ordförande', role: 'chair', organisationId: 'region-varmland' };
const now = '2026-03-01T10:00:00.000Z';
const assignmentId = 'assignment-1';
const occurredAt = (index: number) => `2026-03-01T09:${String(index).padStart(2, '0')}:00.000Z`;

type CommandOf<T extends AssignmentCommand['type']> = Extract<AssignmentCommand, { type: T }>;
type EventOf<T extends AssignmentEvent['type']> = Extract<AssignmentEvent, { type: T }>;

function command<T extends AssignmentCommand['type']>(type: T, data: Omit<CommandOf<T>['data'], 'assignmentId'>): CommandOf<T> {
  return { type, data: { assignmentId, ...data } } as unknown as CommandOf<T>;
}
function event<T extends AssignmentEvent['type']>(type: T, data: Omit<EventOf<T>['data'], 'assignmentId'>): EventOf<T> {
  return { type, data: { assignmentId, ...data } } as unknown as EventOf<T>;
}

const { given, stateAfter } = givenWhenThen<AssignmentCommand, AssignmentEvent, AssignmentState, AssignmentRule>(
  { decide, evolve, initialState },
  { actor: chair, now, occurredAt },
);

const giveData = {
  givenBy: 'chairs-council' as const,
  title: 'Beslutsunderlag om regional kulturplan',
  description: 'Underlag med förslag till ställningstagande',
  purpose: 'Ordföranderådet ska ta ställning i juni',
  deliverable: 'decision-document' as const,
  questionIds: ['question-1'],
  responsible: { userId: 'anna', name: 'Anna Andersson', organisationId: 'karlstad' as const, email: 'anna@karlstad.se' },
  dueDate: '2026-04-30',
};
const document = { reference: 'VRAU 2026/12', title: 'Beslutsunderlag kulturplan', proposedPosition: 'Att ställa sig bakom planen' };

const given_ = event('AssignmentGiven', giveData);
const accepted = event('AssignmentAccepted', {});
const delivered = event('AssignmentDelivered', { document });
const approved = event('AssignmentApproved', {});
const cancelled = event('AssignmentCancelled', { reason: 'Frågan återkallad' });

// ─── giving ──────────────────────────────────────────────────────────────────

describe('GiveAssignment (ge ett uppdrag)', () => {
  it('gives an assignment specified in content and time', () => given().when(command('GiveAssignment', giveData)).then(given_));

  it('refuses to give the same assignment twice', () => given(given_).when(command('GiveAssignment', giveData)).thenRefused('assignment-already-exists'));

  it.each([
    ['a blank title', { title: ' ' }, 'required-field-blank'],
    ['a blank purpose (why)', { purpose: '' }, 'required-field-blank'],
    ['an unknown forum', { givenBy: 'preparation-group' }, 'unknown-assigning-forum'],
    ['an unknown deliverable', { deliverable: 'report' }, 'unknown-deliverable'],
    ['a decision document without a question', { questionIds: [] }, 'question-required-for-decision-document'],
    ['the same question twice', { questionIds: ['q', 'q'] }, 'duplicate-question'],
    ['an unknown organisation', { responsible: { ...giveData.responsible, organisationId: 'oslo' } }, 'unknown-organisation'],
    ['a responsible person without a name', { responsible: { ...giveData.responsible, name: '' } }, 'required-field-blank'],
    ['an impossible due date', { dueDate: '2026-02-30' }, 'invalid-date'],
    ['a malformed due date', { dueDate: '2026-13-01' }, 'invalid-date'],
    ['a due date already passed', { dueDate: '2026-02-28' }, 'due-date-in-the-past'],
  ])('refuses %s', (_, change, rule) =>
    given()
      .when(command('GiveAssignment', { ...giveData, ...(change as object) } as never))
      .thenRefused(rule as AssignmentRule),
  );

  it('accepts a task with another deliverable and no linked question', () => {
    const data = { ...giveData, deliverable: 'other' as const, questionIds: [] };
    given().when(command('GiveAssignment', data)).then(event('AssignmentGiven', data));
  });

  it('refuses every other command on an assignment never given', () => given().when(command('AcceptAssignment', {})).thenNotFound());
});

// ─── the lifecycle ───────────────────────────────────────────────────────────

describe('AcceptAssignment', () => {
  it('accepts a given assignment', () => given(given_).when(command('AcceptAssignment', {})).then(accepted));
  it('refuses to accept twice', () => given(given_, accepted).when(command('AcceptAssignment', {})).thenRefused('assignment-not-given'));
});

describe('NoteAssignmentProgress (lägesrapport)', () => {
  it('notes progress on an accepted assignment', () =>
    given(given_, accepted)
      .when(command('NoteAssignmentProgress', { note: 'Utkast klart' }))
      .then(event('AssignmentProgressNoted', { note: 'Utkast klart' })));
  it('refuses progress before it is accepted', () =>
    given(given_)
      .when(command('NoteAssignmentProgress', { note: 'Utkast' }))
      .thenRefused('assignment-not-in-progress'));
  it('refuses a blank note', () =>
    given(given_, accepted)
      .when(command('NoteAssignmentProgress', { note: ' ' }))
      .thenRefused('required-field-blank'));
});

describe('DeliverAssignment', () => {
  it('delivers the document', () => given(given_, accepted).when(command('DeliverAssignment', { document })).then(delivered));
  it('refuses delivery before acceptance', () => given(given_).when(command('DeliverAssignment', { document })).thenRefused('assignment-not-in-progress'));
  it('refuses a second delivery awaiting review', () =>
    given(given_, accepted, delivered).when(command('DeliverAssignment', { document })).thenRefused('assignment-not-in-progress'));
  it('refuses a decision document without a proposed position', () =>
    given(given_, accepted)
      .when(command('DeliverAssignment', { document: { reference: 'X', title: 'Y' } }))
      .thenRefused('proposed-position-required'));
  it('refuses a blank document reference', () =>
    given(given_, accepted)
      .when(command('DeliverAssignment', { document: { ...document, reference: '' } }))
      .thenRefused('required-field-blank'));
  it('refuses a document url that is not http(s)', () =>
    given(given_, accepted)
      .when(command('DeliverAssignment', { document: { ...document, url: 'ftp://x' } }))
      .thenRefused('invalid-url'));
  it('refuses to deliver a cancelled assignment', () =>
    given(given_, accepted, cancelled).when(command('DeliverAssignment', { document })).thenRefused('assignment-closed'));
});

describe('ApproveAssignment / ReturnAssignment', () => {
  it('approves a delivery', () => given(given_, accepted, delivered).when(command('ApproveAssignment', {})).then(approved));
  it('keeps an approval comment', () =>
    given(given_, accepted, delivered)
      .when(command('ApproveAssignment', { comment: 'Bra' }))
      .then(event('AssignmentApproved', { comment: 'Bra' })));
  it('refuses approval of what was not delivered', () =>
    given(given_, accepted).when(command('ApproveAssignment', {})).thenRefused('assignment-not-delivered'));
  it('refuses to approve twice', () => given(given_, accepted, delivered, approved).when(command('ApproveAssignment', {})).thenRefused('assignment-closed'));
  it('returns a delivery with comments, back to in progress, and it can be delivered again', () => {
    const returned = event('AssignmentReturned', { comments: 'Komplettera med ekonomi' });
    given(given_, accepted, delivered)
      .when(command('ReturnAssignment', { comments: 'Komplettera med ekonomi' }))
      .then(returned);
    given(given_, accepted, delivered, returned).when(command('DeliverAssignment', { document })).then(delivered);
    const state = stateAfter(given_, accepted, delivered, returned);
    expect(state.exists && state.status).toBe('in-progress');
    expect(state.exists && state.deliveries[0].review).toMatchObject({ outcome: 'returned', comments: 'Komplettera med ekonomi' });
  });
  it('refuses a return without comments', () =>
    given(given_, accepted, delivered)
      .when(command('ReturnAssignment', { comments: '' }))
      .thenRefused('comments-required'));
  it('refuses a return of what was not delivered', () =>
    given(given_, accepted)
      .when(command('ReturnAssignment', { comments: 'x' }))
      .thenRefused('assignment-not-delivered'));
});

describe('ExtendAssignmentDueDate (förlängning)', () => {
  const extended = event('AssignmentDueDateExtended', { previousDueDate: '2026-04-30', newDueDate: '2026-05-31', reason: 'Remissen dröjer' });
  it('moves the due date later with a reason, and the history keeps every earlier date', () => {
    given(given_, accepted)
      .when(command('ExtendAssignmentDueDate', { newDueDate: '2026-05-31', reason: 'Remissen dröjer' }))
      .then(extended);
    const state = stateAfter(given_, accepted, extended);
    expect(state.exists && state.dueDate).toBe('2026-05-31');
    expect(state.exists && state.dueDateHistory.map((entry) => [entry.dueDate, entry.reason])).toEqual([
      ['2026-04-30', null],
      ['2026-05-31', 'Remissen dröjer'],
    ]);
  });
  it('refuses an extension without a reason', () =>
    given(given_)
      .when(command('ExtendAssignmentDueDate', { newDueDate: '2026-05-31', reason: ' ' }))
      .thenRefused('reason-required'));
  it('refuses an "extension" to an earlier or the same date', () =>
    given(given_)
      .when(command('ExtendAssignmentDueDate', { newDueDate: '2026-04-30', reason: 'x' }))
      .thenRefused('extension-not-later'));
  it('refuses an impossible date', () =>
    given(given_)
      .when(command('ExtendAssignmentDueDate', { newDueDate: '2026-04-31', reason: 'x' }))
      .thenRefused('invalid-date'));
  it('refuses to extend a delivered assignment', () =>
    given(given_, accepted, delivered)
      .when(command('ExtendAssignmentDueDate', { newDueDate: '2026-05-31', reason: 'x' }))
      .thenRefused('assignment-not-in-progress'));
  it('refuses to extend an approved one', () =>
    given(given_, accepted, delivered, approved)
      .when(command('ExtendAssignmentDueDate', { newDueDate: '2026-05-31', reason: 'x' }))
      .thenRefused('assignment-closed'));
});

describe('CancelAssignment', () => {
  it('cancels with a reason', () =>
    given(given_, accepted)
      .when(command('CancelAssignment', { reason: 'Frågan återkallad' }))
      .then(cancelled));
  it('refuses to cancel without a reason', () =>
    given(given_)
      .when(command('CancelAssignment', { reason: '' }))
      .thenRefused('reason-required'));
  it('refuses to cancel twice', () =>
    given(given_, cancelled)
      .when(command('CancelAssignment', { reason: 'x' }))
      .thenRefused('assignment-closed'));
  it('refuses to cancel an approved assignment', () =>
    given(given_, accepted, delivered, approved)
      .when(command('CancelAssignment', { reason: 'x' }))
      .thenRefused('assignment-closed'));
  it.each([
    ['accept', command('AcceptAssignment', {})],
    ['note progress', command('NoteAssignmentProgress', { note: 'x' })],
    ['approve', command('ApproveAssignment', {})],
    ['return', command('ReturnAssignment', { comments: 'x' })],
    ['extend', command('ExtendAssignmentDueDate', { newDueDate: '2026-06-30', reason: 'x' })],
  ])('refuses to %s a cancelled assignment', (_, cmd) => given(given_, cancelled).when(cmd).thenRefused('assignment-closed'));
});

describe('evolve', () => {
  it('folds the whole life: who gave it, notes, deliveries with reviews, approval', () => {
    const state = stateAfter(given_, accepted, event('AssignmentProgressNoted', { note: 'Utkast' }), delivered, approved);
    expect(state).toMatchObject({
      exists: true,
      status: 'approved',
      givenBy: 'chairs-council',
      acceptedAt: occurredAt(1),
      progressNotes: [{ note: 'Utkast', notedAt: occurredAt(2) }],
      deliveries: [{ document, deliveredAt: occurredAt(3), review: { outcome: 'approved', reviewedAt: occurredAt(4) } }],
      approvedAt: occurredAt(4),
    });
  });
});
