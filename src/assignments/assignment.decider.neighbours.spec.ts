import type { Actor } from '../event-store/event-store.port';
import { givenWhenThen } from '../../test/support/given-when-then';
import { command, event, assignmentId } from '../../test/support/assignment-messages';
import type { AssignmentCommand, AssignmentSystemCommand } from './assignment.commands';
import { decide, evolve, initialState, type AssignmentRule, type AssignmentState } from './assignment.decider';
import type { AssignmentEvent } from './assignment.events';

// Each rule of the assignment decider from both sides (issue 30): the refusal, naming its field
// where the input was bad, and the nearest valid command beside it. Kept apart from
// assignment.decider.spec.ts, which tells an assignment's story.

const chair: Actor = { userId: 'ordf', displayName: 'Ordförande', role: 'chair', organisationId: 'region-varmland' };
const system: Actor = { userId: 'fragespar', displayName: 'Frågespår (automatisk följd)', role: 'system', organisationId: 'region-varmland' };
const now = '2026-03-01T10:00:00.000Z';
const occurredAt = (index: number) => `2026-03-01T09:${String(index).padStart(2, '0')}:00.000Z`;

const { given, stateAfter } = givenWhenThen<AssignmentCommand | AssignmentSystemCommand, AssignmentEvent, AssignmentState, AssignmentRule>(
  { decide, evolve, initialState },
  { actor: chair, now, occurredAt },
);

const giveData = {
  givenBy: 'working-group' as const,
  title: 'Sammanställ remissvaren',
  description: 'En sammanställning till Värmlandsrådet',
  purpose: 'Värmlandsrådet ska kunna föra dialog i maj',
  deliverable: 'other' as const,
  questionIds: [],
  responsible: { userId: 'anna', name: 'Anna Andersson', organisationId: 'karlstad' as const },
  dueDate: '2026-04-30',
};
const given_ = event('AssignmentGiven', giveData);
const accepted = event('AssignmentAccepted', {});
const document = { reference: 'VRAU 2026/13', title: 'Sammanställning av remissvar' };
const delivered = event('AssignmentDelivered', { document });
const approved = event('AssignmentApproved', {});

describe('RecordApprovalNotAttached (beslutsunderlag ej bifogat frågan)', () => {
  const refusal = { questionId: 'question-1', approvalEventId: 'e-1', rule: 'position-in-force', message: 'A position is in force' };
  const record: AssignmentSystemCommand = { type: 'RecordApprovalNotAttached', data: { assignmentId, ...refusal } };
  const notAttached = event('ApprovalNotAttached', refusal);

  it('records the question’s refusal on the approved assignment, though nothing else may be done with it', () =>
    given(given_, accepted, delivered, approved).when(record).then(notAttached));

  it('records it once: the reaction may be handed the same approval again', () =>
    given(given_, accepted, delivered, approved, notAttached).when(record).then());

  it('records the same approval refused by another question (once per approval and question)', () => {
    const other = { ...refusal, questionId: 'question-2' };
    given(given_, accepted, delivered, approved, notAttached)
      .when({ type: 'RecordApprovalNotAttached', data: { assignmentId, ...other } })
      .then(event('ApprovalNotAttached', other));
  });

  it('records another approval refused by the same question', () => {
    const other = { ...refusal, approvalEventId: 'e-2' };
    given(given_, accepted, delivered, approved, notAttached)
      .when({ type: 'RecordApprovalNotAttached', data: { assignmentId, ...other } })
      .then(event('ApprovalNotAttached', other));
  });

  it('refuses an assignment never given, naming it', () => given().when(record).thenNotFound('Assignment', assignmentId));

  it('keeps each refusal with when it was recorded', () => {
    const state = stateAfter(given_, accepted, delivered, approved, notAttached);
    expect(state.exists && state.notAttached).toEqual([{ ...refusal, recordedAt: occurredAt(4) }]);
  });

  it('reads a state folded before the list existed as having none', () => {
    const folded = stateAfter(given_, accepted, delivered, approved);
    const older = { ...folded, notAttached: undefined } as unknown as AssignmentState;
    expect(decide(record, older, { actor: system, now })).toEqual([notAttached]);
    const next = evolve(older, notAttached, { occurredAt: occurredAt(5), actor: system });
    expect(next.exists && next.notAttached).toEqual([{ ...refusal, recordedAt: occurredAt(5) }]);
  });
});

describe('the lifecycle: each field the refusal names, and its neighbours', () => {
  it('refuses a blank progress note, naming the field', () =>
    given(given_, accepted)
      .when(command('NoteAssignmentProgress', { note: ' ' }))
      .thenRefused('required-field-blank', 'note'));

  it('refuses a missing progress note as blank, not as an error of the code', () =>
    given(given_, accepted)
      .when(command('NoteAssignmentProgress', {} as never))
      .thenRefused('required-field-blank', 'note'));

  it('refuses a return without comments given at all (comments-required)', () =>
    given(given_, accepted, delivered)
      .when(command('ReturnAssignment', {} as never))
      .thenRefused('comments-required'));

  it('refuses a cancellation without a reason given at all (reason-required)', () =>
    given(given_)
      .when(command('CancelAssignment', {} as never))
      .thenRefused('reason-required'));

  it('leaves an empty approval comment out of the event', () =>
    given(given_, accepted, delivered)
      .when(command('ApproveAssignment', { comment: '' }))
      .then(approved));

  it('accepts a delivery of another deliverable without a proposed position (proposed-position-required is for decision documents)', () =>
    given(given_, accepted).when(command('DeliverAssignment', { document })).then(delivered));

  it('keeps a proposed position given with another deliverable, and only the document’s own fields', () => {
    const withPosition = { ...document, proposedPosition: 'Att notera sammanställningen' };
    given(given_, accepted)
      .when(command('DeliverAssignment', { document: { ...withPosition, note: 'x' } as never }))
      .then(event('AssignmentDelivered', { document: withPosition }));
  });

  it('accepts a document linked with https:, as with http:', () => {
    const linked = { ...document, url: 'https://example.org/vrau-2026-13.pdf' };
    given(given_, accepted)
      .when(command('DeliverAssignment', { document: linked }))
      .then(event('AssignmentDelivered', { document: linked }));
  });

  it('refuses a document url that is not http(s), naming the field', () =>
    given(given_, accepted)
      .when(command('DeliverAssignment', { document: { ...document, url: 'mailto:anna@karlstad.se' } }))
      .thenRefused('invalid-url', 'document.url'));

  it('extends an assignment in progress by one day, the neighbour of the same day (extension-not-later)', () =>
    given(given_, accepted)
      .when(command('ExtendAssignmentDueDate', { newDueDate: '2026-05-01', reason: 'Sent besked' }))
      .then(event('AssignmentDueDateExtended', { previousDueDate: '2026-04-30', newDueDate: '2026-05-01', reason: 'Sent besked' })));

  it('refuses an extension to an earlier date (extension-not-later)', () =>
    given(given_, accepted)
      .when(command('ExtendAssignmentDueDate', { newDueDate: '2026-04-29', reason: 'Fel' }))
      .thenRefused('extension-not-later'));

  it('extends after a return, when the assignment is in progress again', () => {
    const returned = event('AssignmentReturned', { comments: 'Komplettera' });
    given(given_, accepted, delivered, returned)
      .when(command('ExtendAssignmentDueDate', { newDueDate: '2026-05-15', reason: 'Komplettering' }))
      .then(event('AssignmentDueDateExtended', { previousDueDate: '2026-04-30', newDueDate: '2026-05-15', reason: 'Komplettering' }));
  });

  it('refuses an extension to a day that does not exist, naming the field', () =>
    given(given_)
      .when(command('ExtendAssignmentDueDate', { newDueDate: '2026-02-29', reason: 'x' }))
      .thenRefused('invalid-date', 'newDueDate'));
});

describe('GiveAssignment: each field the refusal names, and its neighbours', () => {
  const give = (change: object) => command('GiveAssignment', { ...giveData, ...change } as never);

  it.each([
    ['givenBy', { givenBy: 'chairs' }, 'unknown-assigning-forum'],
    ['deliverable', { deliverable: 'memo' }, 'unknown-deliverable'],
    ['responsible.organisationId', { responsible: { ...giveData.responsible, organisationId: 'oslo' } }, 'unknown-organisation'],
    ['dueDate', { dueDate: '2026-02-29' }, 'invalid-date'],
  ] as const)('refuses a bad %s, naming the field', (field, change, rule) => given().when(give(change)).thenRefused(rule, field));

  it('copies the question ids, so the event shares no list with the command', () => {
    const questionIds = ['question-1'];
    const [givenEvent] = decide(give({ questionIds }), stateAfter(), { actor: chair, now });
    questionIds.push('question-2');
    expect(givenEvent.type === 'AssignmentGiven' && givenEvent.data.questionIds).toEqual(['question-1']);
  });

  it.each(['2026-04', '2026', '2026-04-3'])(
    'refuses the due date %j, which the date parser would read as a day (invalid-date: written YYYY-MM-DD)',
    (dueDate) => given().when(give({ dueDate })).thenRefused('invalid-date', 'dueDate'),
  );

  it('refuses a due date not given at all (invalid-date)', () =>
    given()
      .when(give({ dueDate: undefined }))
      .thenRefused('invalid-date', 'dueDate'));
});
