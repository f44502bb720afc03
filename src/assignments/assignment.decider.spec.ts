import type { Actor } from '../event-store/event-store.port';
import { DomainRuleViolation } from '../shared-kernel/domain-errors';
import { givenWhenThen } from '../../test/support/given-when-then';
import { command, event, assignmentId } from '../../test/support/assignment-messages';
import type { AssignmentCommand } from './assignment.commands';
import { decide, evolve, initialState, type AssignmentRule, type AssignmentState } from './assignment.decider';
import type { AssignmentEvent } from './assignment.events';
import { ASSIGNMENT_STATUSES, ASSIGNMENT_STATUS_LABELS, isOpenStatus } from './assignment.state';

// ─── given / when / then ─────────────────────────────────────────────────────

const chair: Actor = { userId: 'ordf', displayName: 'Ordförande', role: 'chair', organisationId: 'region-varmland' };
const now = '2026-03-01T10:00:00.000Z';
const occurredAt = (index: number) => `2026-03-01T09:${String(index).padStart(2, '0')}:00.000Z`;

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
    ['an unknown forum', { givenBy: 'styrelsen' }, 'unknown-assigning-forum'],
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

// ─── each rule from both sides: the refusal and its nearest valid neighbour ──

/** The refusal, so a test can check that it names the field (a 4xx problem names its field). */
function refusalOf(events: AssignmentEvent[], when: AssignmentCommand): DomainRuleViolation {
  try {
    decide(when, stateAfter(...events), { actor: chair, now });
  } catch (error) {
    if (error instanceof DomainRuleViolation) return error;
    throw error;
  }
  throw new Error('expected the command to be refused, but it was accepted');
}

describe('GiveAssignment: each rule and its valid neighbour', () => {
  const give = (change: object) => command('GiveAssignment', { ...giveData, ...change } as never);
  const givenWith = (change: object) => event('AssignmentGiven', { ...giveData, ...change } as never);

  it('accepts an assignment due today (due-date-in-the-past refuses only earlier days)', () =>
    given()
      .when(give({ dueDate: '2026-03-01' }))
      .then(givenWith({ dueDate: '2026-03-01' })));

  it('refuses an assignment due yesterday (due-date-in-the-past), where today is accepted', () =>
    given()
      .when(give({ dueDate: '2026-02-28' }))
      .thenRefused('due-date-in-the-past'));

  it('takes today from the date part of now, whatever the time of day', () =>
    given()
      .when(give({ dueDate: '2026-03-01' }), '2026-03-01T23:59:59.999Z')
      .then(givenWith({ dueDate: '2026-03-01' })));

  it.each([
    ['2026-04-30T10:00', 'a time after the date (anchored at the end)'],
    ['x2026-04-30', 'text before the date (anchored at the start)'],
    ['+010000-01-01', 'an extended year, which Date reads and writes back alike (anchored at the start)'],
    ['2026-4-30', 'a one-digit month'],
  ])('refuses the due date %s: %s (invalid-date), naming the field', (dueDate) => {
    expect(refusalOf([], give({ dueDate }))).toMatchObject({ rule: 'invalid-date', message: expect.stringContaining('dueDate') });
  });

  it.each(['chairs-council', 'council', 'working-group', 'preparation-group', 'culture-education-forum'])(
    'accepts an assignment given by %s, a forum of the default data: a neighbour of unknown-assigning-forum',
    (givenBy) => given().when(give({ givenBy })).then(givenWith({ givenBy })),
  );

  describe('given by a forum of the register (another collaboration)', () => {
    const structure = {
      organisations: { bengtsfors: { kind: 'municipality' as const } },
      forums: ['presidiet', 'dalslandsradet', 'kulturradet'],
      endedForums: { kulturradet: { on: '2026-02-01', how: 'discontinued' as const } },
    };
    const dalsland = (change: object) => give({ responsible: { userId: 'eva', name: 'Eva Ek', organisationId: 'bengtsfors' }, ...change });
    const decideIn = (when: AssignmentCommand) => decide(when, initialState(), { actor: chair, now, structure });
    const refusalIn = (when: AssignmentCommand) => {
      try {
        decideIn(when);
      } catch (error) {
        if (error instanceof DomainRuleViolation) return error;
        throw error;
      }
      throw new Error('expected the command to be refused, but it was accepted');
    };

    it.each(['presidiet', 'dalslandsradet'])('accepts %s, a forum the register knows', (givenBy) => {
      expect(decideIn(dalsland({ givenBy }))).toMatchObject([{ type: 'AssignmentGiven', data: { givenBy } }]);
    });

    it("refuses Värmland's chairs-council, which the register does not know (unknown-assigning-forum), naming the field and where to look", () => {
      expect(refusalIn(dalsland({ givenBy: 'chairs-council' }))).toMatchObject({
        rule: 'unknown-assigning-forum',
        message: expect.stringMatching(/givenBy "chairs-council" is no forum in the structure register/),
      });
    });

    it('refuses a forum the register discontinued by today (forum-not-open), naming the day', () => {
      expect(refusalIn(dalsland({ givenBy: 'kulturradet' }))).toMatchObject({
        rule: 'forum-not-open',
        message: expect.stringContaining('discontinued on 2026-02-01'),
      });
    });

    it('accepts a forum ending after today: it is open on the day the assignment is given', () => {
      const later = { ...structure, endedForums: { kulturradet: { on: '2026-03-02', how: 'discontinued' as const } } };
      expect(decide(dalsland({ givenBy: 'kulturradet' }), initialState(), { actor: chair, now, structure: later })).toHaveLength(1);
    });
  });

  it('stores an empty description when a client leaves it out (the command type asks for one; JSON need not have it)', () => {
    const { description: _omitted, ...withoutDescription } = giveData;
    given()
      .when(command('GiveAssignment', withoutDescription as never))
      .then(givenWith({ description: '' }));
  });

  it('leaves the e-mail out of the responsible person when none is given (optional fields are absent, not undefined)', () => {
    const { email: _omitted, ...withoutEmail } = giveData.responsible;
    const [givenEvent] = decide(give({ responsible: withoutEmail }), stateAfter(), { actor: chair, now });
    expect(givenEvent.type === 'AssignmentGiven' && Object.keys(givenEvent.data.responsible)).toEqual(['userId', 'name', 'organisationId']);
  });

  it('stores the responsible person trimmed, with only the fields of the contract', () =>
    given()
      .when(give({ responsible: { ...giveData.responsible, name: '  Anna Andersson ' } }))
      .then(given_));

  it.each(['anna', 'anna@', '@karlstad.se', 'anna andersson@karlstad.se', 'anna@karlstad.se x'])(
    'refuses the e-mail address %j, where anna@karlstad.se is accepted',
    (email) => {
      expect(refusalOf([], give({ responsible: { ...giveData.responsible, email } }))).toMatchObject({
        rule: 'required-field-blank',
        message: expect.stringContaining('responsible.email'),
      });
    },
  );

  it.each([
    ['assignmentId', { assignmentId: ' ' }],
    ['title', { title: ' ' }],
    ['purpose', { purpose: '' }],
    ['questionIds[1]', { questionIds: ['question-1', ' '] }],
    ['responsible.userId', { responsible: { ...giveData.responsible, userId: '' } }],
    ['responsible.name', { responsible: { ...giveData.responsible, name: ' ' } }],
  ])('refuses a blank %s (required-field-blank), naming the field', (field, change) => {
    const when = { type: 'GiveAssignment', data: { ...giveData, assignmentId, ...change } } as AssignmentCommand;
    expect(refusalOf([], when)).toMatchObject({ rule: 'required-field-blank', message: expect.stringContaining(field) });
  });

  it('accepts a decision document for two different questions (duplicate-question refuses only a repeat)', () =>
    given()
      .when(give({ questionIds: ['question-1', 'question-2'] }))
      .then(givenWith({ questionIds: ['question-1', 'question-2'] })));
});

describe('DeliverAssignment: each rule and its valid neighbour', () => {
  it('accepts a document linked with http: (invalid-url refuses other schemes, not plain http)', () => {
    const linked = { ...document, url: 'http://example.org/vrau-2026-12.pdf' };
    given(given_, accepted)
      .when(command('DeliverAssignment', { document: linked }))
      .then(event('AssignmentDelivered', { document: linked }));
  });

  it('refuses a document url that is no url at all (invalid-url)', () =>
    given(given_, accepted)
      .when(command('DeliverAssignment', { document: { ...document, url: 'vrau-2026-12.pdf' } }))
      .thenRefused('invalid-url'));

  it('leaves url and proposed position out of the event when none is given (optional fields are absent, not undefined)', () => {
    const other = event('AssignmentGiven', { ...giveData, deliverable: 'other', questionIds: [] });
    const [delivery] = decide(command('DeliverAssignment', { document: { reference: 'R', title: 'T' } }), stateAfter(other, accepted), {
      actor: chair,
      now,
    });
    expect(delivery.type === 'AssignmentDelivered' && Object.keys(delivery.data.document)).toEqual(['reference', 'title']);
  });

  it('refuses a blank proposed position on a decision document (proposed-position-required)', () =>
    given(given_, accepted)
      .when(command('DeliverAssignment', { document: { ...document, proposedPosition: ' ' } }))
      .thenRefused('proposed-position-required'));

  it('refuses a blank document title (required-field-blank), naming the field', () => {
    const refusal = refusalOf([given_, accepted], command('DeliverAssignment', { document: { ...document, title: ' ' } }));
    expect(refusal).toMatchObject({ rule: 'required-field-blank', message: expect.stringContaining('document.title') });
  });

  it('refuses a blank document reference (required-field-blank), naming the field', () => {
    const refusal = refusalOf([given_, accepted], command('DeliverAssignment', { document: { ...document, reference: '' } }));
    expect(refusal).toMatchObject({ rule: 'required-field-blank', message: expect.stringContaining('document.reference') });
  });
});

describe('the lifecycle: each rule and its valid neighbour', () => {
  it('leaves the comment out of an approval without one (optional fields are absent, not undefined)', () => {
    const [approval] = decide(command('ApproveAssignment', {}), stateAfter(given_, accepted, delivered), { actor: chair, now });
    expect(Object.keys(approval.data)).toEqual(['assignmentId']);
  });

  it('refuses a return with blank comments (comments-required)', () =>
    given(given_, accepted, delivered)
      .when(command('ReturnAssignment', { comments: '  ' }))
      .thenRefused('comments-required'));

  it('extends an assignment not yet accepted (assignment-not-in-progress refuses only a delivered one)', () =>
    given(given_)
      .when(command('ExtendAssignmentDueDate', { newDueDate: '2026-05-01', reason: 'Sent besked' }))
      .then(event('AssignmentDueDateExtended', { previousDueDate: '2026-04-30', newDueDate: '2026-05-01', reason: 'Sent besked' })));

  it('refuses an extension to a date that is not a date (invalid-date), naming the field', () => {
    const refusal = refusalOf([given_], command('ExtendAssignmentDueDate', { newDueDate: '30 april', reason: 'x' }));
    expect(refusal).toMatchObject({ rule: 'invalid-date', message: expect.stringContaining('newDueDate') });
  });

  it('cancels an assignment that is delivered and awaiting review (assignment-closed refuses only approved or cancelled)', () =>
    given(given_, accepted, delivered)
      .when(command('CancelAssignment', { reason: 'Frågan återkallad' }))
      .then(cancelled));

  it('refuses to note progress once delivered (assignment-not-in-progress)', () =>
    given(given_, accepted, delivered)
      .when(command('NoteAssignmentProgress', { note: 'x' }))
      .thenRefused('assignment-not-in-progress'));
});

describe('evolve: what each event keeps', () => {
  it('an assignment as given: status given, its due date the first in its history, nothing done yet', () => {
    expect(stateAfter(given_)).toEqual({
      exists: true,
      id: assignmentId,
      givenBy: 'chairs-council',
      title: giveData.title,
      description: giveData.description,
      purpose: giveData.purpose,
      deliverable: 'decision-document',
      questionIds: ['question-1'],
      responsible: giveData.responsible,
      status: 'given',
      dueDate: '2026-04-30',
      dueDateHistory: [{ dueDate: '2026-04-30', reason: null, setAt: occurredAt(0), setBy: chair }],
      givenAt: occurredAt(0),
      givenByActor: chair,
      acceptedAt: null,
      progressNotes: [],
      deliveries: [],
      approvedAt: null,
      cancelled: null,
      lastChangedAt: occurredAt(0),
      notAttached: [],
    });
  });

  it('ignores events before the assignment is given', () => {
    expect(stateAfter(accepted)).toEqual({ exists: false });
  });

  it('every event moves lastChangedAt; a cancellation keeps why, when and by whom', () => {
    const state = stateAfter(given_, accepted, cancelled);
    expect(state).toMatchObject({
      status: 'cancelled',
      lastChangedAt: occurredAt(2),
      cancelled: { reason: 'Frågan återkallad', cancelledAt: occurredAt(2), cancelledBy: chair },
    });
  });

  it('a review applies to the last delivery only; an approval keeps its comment, one without keeps none', () => {
    const returned = event('AssignmentReturned', { comments: 'Komplettera' });
    const state = stateAfter(given_, accepted, delivered, returned, delivered, event('AssignmentApproved', { comment: 'Bra' }));
    expect(state.exists && state.deliveries.map((delivery) => delivery.review && [delivery.review.outcome, delivery.review.comments])).toEqual([
      ['returned', 'Komplettera'],
      ['approved', 'Bra'],
    ]);
    const plain = stateAfter(given_, accepted, delivered, approved);
    expect(plain.exists && plain.deliveries[0]?.review).toEqual({ outcome: 'approved', comments: null, reviewedAt: occurredAt(3), reviewedBy: chair });
  });

  it('a delivery awaits review and is kept with who delivered it', () => {
    const state = stateAfter(given_, accepted, delivered);
    expect(state.exists && state.deliveries).toEqual([{ document, deliveredAt: occurredAt(2), deliveredBy: chair, review: null }]);
    expect(state.exists && state.status).toBe('delivered');
  });

  it('a progress note is kept with who wrote it', () => {
    const state = stateAfter(given_, accepted, event('AssignmentProgressNoted', { note: 'Utkast' }));
    expect(state.exists && state.progressNotes).toEqual([{ note: 'Utkast', notedAt: occurredAt(2), notedBy: chair }]);
  });

  it.each([
    ['given', true],
    ['in-progress', true],
    ['delivered', false],
    ['approved', false],
    ['cancelled', false],
  ] as const)('isOpenStatus(%s) is %s: only what is still owed can be overdue', (status, open) => {
    expect(isOpenStatus(status)).toBe(open);
  });

  it('names every status in Swedish and English, in the order of the lifecycle', () => {
    expect(ASSIGNMENT_STATUSES).toEqual(['given', 'in-progress', 'delivered', 'approved', 'cancelled']);
    expect(ASSIGNMENT_STATUS_LABELS).toEqual({
      given: { sv: 'Givet', en: 'Given' },
      'in-progress': { sv: 'Pågår', en: 'In progress' },
      delivered: { sv: 'Levererat', en: 'Delivered' },
      approved: { sv: 'Godkänt', en: 'Approved' },
      cancelled: { sv: 'Avbrutet', en: 'Cancelled' },
    });
  });
});
