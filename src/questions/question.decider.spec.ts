import type { Actor } from '../event-store/event-store.port';
import { AggregateNotFound, DomainRuleViolation } from '../shared-kernel/domain-errors';
import { givenWhenThen } from '../../test/support/given-when-then';
import type { CommandContext, QuestionCommand } from './question.commands';
import { decide, evolve, initialState, type QuestionRule, type QuestionState } from './question.decider';
import type { MemberDecisionDetails, QuestionEvent } from './question.events';
import { QUESTION_STAGE_LABELS, isEndedStage, type ExistingQuestionState } from './question.state';

// ─── given / when / then ─────────────────────────────────────────────────────

const secretary: Actor = {
  userId: 'user-anna',
  displayName: 'Anna Sekreterare',
  role: 'secretary',
  organisationId: 'region-varmland',
};
const commandContext: CommandContext = { actor: secretary, now: '2025-03-01T10:00:00.000Z' };
const questionId = 'question-1';

/** The n-th event of a `given` happened at 09:0n, so tests can tell events' times apart. */
const occurredAt = (index: number) => `2025-03-01T09:${String(index).padStart(2, '0')}:00.000Z`;

type CommandOf<T extends QuestionCommand['type']> = Extract<QuestionCommand, { type: T }>;
type EventOf<T extends QuestionEvent['type']> = Extract<QuestionEvent, { type: T }>;

function command<T extends QuestionCommand['type']>(type: T, data: Omit<CommandOf<T>['data'], 'questionId'>): CommandOf<T> {
  // The cast joins the generic type back to its union member; TypeScript cannot see through Omit here.
  return { type, data: { questionId, ...data } } as unknown as CommandOf<T>;
}

function event<T extends QuestionEvent['type']>(type: T, data: Omit<EventOf<T>['data'], 'questionId'>): EventOf<T> {
  return { type, data: { questionId, ...data } } as unknown as EventOf<T>;
}

/** Every state frozen: proves evolve and decide never mutate what they are given. */
const { stateAfter } = givenWhenThen<QuestionCommand, QuestionEvent, QuestionState, QuestionRule>(
  { decide, evolve, initialState },
  { actor: secretary, now: commandContext.now, occurredAt },
);

function questionAfter(...events: QuestionEvent[]): ExistingQuestionState {
  const state = stateAfter(...events);
  if (!state.exists) throw new Error('the given events do not raise a question');
  return state;
}

function refusalOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the command to be refused, but it was accepted');
}

function given(...events: QuestionEvent[]) {
  const state = stateAfter(...events);
  return {
    when(whenCommand: QuestionCommand) {
      const run = () => decide(whenCommand, state, commandContext);
      return {
        then(expected: QuestionEvent[]): void {
          // Strict: an optional field must be left out of `data`, not stored as `undefined`.
          expect(run()).toStrictEqual(expected);
        },
        /** The refusal names its rule and, for bad input, the field (a 4xx problem names both). */
        thenThrows(rule: QuestionRule, field?: string): DomainRuleViolation {
          const error = refusalOf(run);
          expect(error).toBeInstanceOf(DomainRuleViolation);
          const violation = error as DomainRuleViolation;
          expect({ rule: violation.rule, message: violation.message }).toMatchObject({ rule });
          expect(violation.message).toContain(`(rule: ${rule})`);
          if (field !== undefined) expect(violation.message).toContain(field);
          return violation;
        },
        thenNotFound(): void {
          const error = refusalOf(run);
          expect(error).toBeInstanceOf(AggregateNotFound);
          expect(error).toMatchObject({ aggregate: 'Question', id: questionId });
        },
      };
    },
  };
}

// ─── A question's story, as events ───────────────────────────────────────────

const raised = event('QuestionRaised', {
  title: 'Regional kulturplan 2026–2029',
  description: 'Kulturplanen ska arbetas fram i dialog med länets kommuner.',
  raisedBy: { kind: 'forum', id: 'culture-education-forum' },
  topicArea: 'Kultur',
  documents: [{ title: 'Tidsplan', url: 'https://example.org/kulturplan/tidsplan.pdf' }],
});
const accepted = event('QuestionAccepted', {
  forum: 'council',
  logic: 'process',
  responsible: { givenName: 'Eva', familyName: 'Lind', organisationId: 'region-varmland' },
});
const dialogueHeld = event('DialogueRecorded', {
  forum: 'council',
  heldOn: '2025-01-24',
  summary: 'Rådslag om kulturplanens inriktning.',
});
const consultationOpened = event('ConsultationOpened', {
  consultationId: 'remiss-1',
  subject: 'Remiss: utkast till kulturplan',
  parties: ['karlstad', 'kil', 'torsby'],
  answerBy: '2025-02-28',
});
const karlstadAnswered = event('ConsultationAnswered', {
  consultationId: 'remiss-1',
  organisationId: 'karlstad',
  answer: 'Tillstyrker med synpunkter.',
  amendsEarlierAnswer: false,
});
const documentAttached = event('DecisionDocumentAttached', {
  reference: 'RV 2025/123',
  title: 'Beslutsunderlag: regional kulturplan',
  proposedPosition: 'Ordföranderådet ställer sig bakom kulturplanen.',
});
const positionTaken = event('PositionTaken', {
  text: 'Ordföranderådet ställer sig bakom kulturplanen och rekommenderar parterna att anta den.',
  organisationsToDecide: ['region-varmland', 'karlstad', 'kil'],
  decideBy: '2025-06-30',
  meetingReference: 'Ordföranderådet 2025-02-14 § 7',
});

const decisionBy = (organisationId: MemberDecisionDetails['organisationId']): MemberDecisionDetails =>
  organisationId === 'region-varmland'
    ? { organisationId, body: 'regional-board', decidedOn: '2025-04-08', outcome: 'adopted', reference: 'RS 2025-04-08 § 60' }
    : {
        organisationId,
        body: 'municipal-executive-board',
        decidedOn: '2025-03-04',
        outcome: 'adopted',
        reference: 'KS 2025-03-04 § 45',
      };

const regionDecided = event('MemberDecisionRecorded', decisionBy('region-varmland'));
const karlstadDecided = event('MemberDecisionRecorded', decisionBy('karlstad'));
const kilDecided = event('MemberDecisionRecorded', decisionBy('kil'));
const sentBack = event('PositionSentBackToDialogue', {
  reason: 'Nya uppgifter om finansieringen',
  droppedOrganisations: ['region-varmland', 'kil'],
});
const closed = event('QuestionClosed', {
  reason: 'Alla beslut är fattade',
  allDecisionsIn: true,
  outstandingOrganisations: [],
});
const withdrawn = event('QuestionWithdrawn', { reason: 'Frågan hanteras i annan ordning' });
const declined = event('QuestionDeclined', { reason: 'Rent mellankommunal fråga' });

const acceptedQuestion = [raised, accepted] as const;
const positionInForce = [raised, accepted, dialogueHeld, documentAttached, positionTaken] as const;

// ─── Raising ─────────────────────────────────────────────────────────────────

describe('RaiseQuestion (väck en fråga)', () => {
  const raise = command('RaiseQuestion', raised.data);

  it('raises a new question', () => {
    given().when(raise).then([raised]);
  });

  it('accepts a question raised by a member organisation', () => {
    const byKil = command('RaiseQuestion', { ...raised.data, raisedBy: { kind: 'organisation', id: 'kil' } });
    given()
      .when(byKil)
      .then([event('QuestionRaised', { ...raised.data, raisedBy: { kind: 'organisation', id: 'kil' } })]);
  });

  it('refuses to raise a question twice', () => {
    given(raised).when(raise).thenThrows('question-already-exists');
  });

  it.each(['title', 'description', 'topicArea'] as const)('refuses a blank %s', (field) => {
    given()
      .when(command('RaiseQuestion', { ...raised.data, [field]: '  ' }))
      .thenThrows('required-field-blank', field);
  });

  it.each([
    { kind: 'organisation', id: 'oslo' },
    { kind: 'forum', id: 'karlstad' },
    { kind: 'organisation', id: 'council' },
  ] as const)('refuses an unknown raiser %o', (raisedBy) => {
    const raiseBy = command('RaiseQuestion', { ...raised.data, raisedBy: raisedBy as never });
    given().when(raiseBy).thenThrows('unknown-raiser');
  });

  it('refuses a document without a valid http(s) url', () => {
    const documents = [{ title: 'Tidsplan', url: 'file:///tmp/plan.pdf' }];
    given()
      .when(command('RaiseQuestion', { ...raised.data, documents }))
      .thenThrows('invalid-url', 'documents[0].url');
  });

  it('refuses a document without a title', () => {
    const documents = [{ title: '', url: 'https://example.org/a.pdf' }];
    given()
      .when(command('RaiseQuestion', { ...raised.data, documents }))
      .thenThrows('required-field-blank', 'documents[0].title');
  });

  it('accepts a document linked with http: (invalid-url refuses every other scheme, not plain http)', () => {
    const documents = [{ title: 'Tidsplan', url: 'http://example.org/kulturplan/tidsplan.pdf' }];
    given()
      .when(command('RaiseQuestion', { ...raised.data, documents }))
      .then([event('QuestionRaised', { ...raised.data, documents })]);
  });

  it('refuses a document linked with ftp: (invalid-url), where its http: neighbour is accepted', () => {
    const documents = [{ title: 'Tidsplan', url: 'ftp://example.org/kulturplan/tidsplan.pdf' }];
    given()
      .when(command('RaiseQuestion', { ...raised.data, documents }))
      .thenThrows('invalid-url', 'documents[0].url');
  });

  it('raises a question with no documents (documents are optional, only each given one is checked)', () => {
    given()
      .when(command('RaiseQuestion', { ...raised.data, documents: [] }))
      .then([event('QuestionRaised', { ...raised.data, documents: [] })]);
  });

  it('refuses a blank question id (required-field-blank), naming the field', () => {
    given()
      .when({ type: 'RaiseQuestion', data: { ...raised.data, questionId: ' ' } })
      .thenThrows('required-field-blank', 'questionId');
  });
});

/** A second consultation on the question, to Karlstad and Eda: answers and closing are per consultation. */
const secondConsultationOpened = event('ConsultationOpened', {
  consultationId: 'remiss-2',
  subject: 'Remiss: finansiering av kulturplanen',
  parties: ['karlstad', 'eda'],
  answerBy: '2025-03-31',
});

// ─── A question that does not exist, or is no longer open ────────────────────

const everyCommandOnAnExistingQuestion: QuestionCommand[] = [
  command('AcceptQuestion', accepted.data),
  command('DeclineQuestion', { reason: 'Mellankommunal' }),
  command('MoveQuestionToForum', { forum: 'health-care-forum', reason: 'Hör hemma där' }),
  command('RecordDialogue', dialogueHeld.data),
  command('SubmitInput', { organisationId: 'eda', content: 'Inspel' }),
  command('OpenConsultation', consultationOpened.data),
  command('AnswerConsultation', { consultationId: 'remiss-1', organisationId: 'kil', answer: 'Svar' }),
  command('CloseConsultation', { consultationId: 'remiss-1' }),
  command('AttachDecisionDocument', documentAttached.data),
  command('TakePosition', positionTaken.data),
  command('SendBackToDialogue', { reason: 'Mer dialog behövs' }),
  command('RecordMemberDecision', decisionBy('kil')),
  command('CorrectMemberDecision', { ...decisionBy('kil'), reason: 'Fel paragraf' }),
  command('RecordFeedbackAtHome', { organisationId: 'kil', reportedTo: 'Kommunstyrelsen', reportedOn: '2025-03-10' }),
  command('CloseQuestion', { reason: 'Klar' }),
  command('WithdrawQuestion', { reason: 'Återkallad' }),
];

describe('a question that was never raised', () => {
  it.each(everyCommandOnAnExistingQuestion.map((c) => [c.type, c] as const))('%s is refused as not found', (_type, c) => {
    given().when(c).thenNotFound();
  });

  it('ReopenQuestion is refused as not found', () => {
    given()
      .when(command('ReopenQuestion', { reason: 'Åter' }))
      .thenNotFound();
  });
});

describe('a question that is closed, withdrawn or declined (question-not-open)', () => {
  const ended = [
    ['closed', [...positionInForce, closed]],
    ['withdrawn', [raised, accepted, withdrawn]],
    ['declined', [raised, declined]],
  ] as const;

  describe.each(ended)('when %s', (stage, events) => {
    it.each(everyCommandOnAnExistingQuestion.map((c) => [c.type, c] as const))('refuses %s, naming the stage', (_type, c) => {
      const violation = given(...events)
        .when(c)
        .thenThrows('question-not-open');
      expect(violation.message).toContain(stage);
    });
  });
});

// ─── Preparing (bereda) or declining ─────────────────────────────────────────

describe('AcceptQuestion (bered frågan)', () => {
  const accept = command('AcceptQuestion', accepted.data);

  it('accepts a raised question into a forum with a logic and a responsible official', () => {
    given(raised).when(accept).then([accepted]);
  });

  it('refuses to accept a question twice', () => {
    given(raised, accepted).when(accept).thenThrows('question-already-accepted');
  });

  it('refuses an unknown forum', () => {
    given(raised)
      .when(command('AcceptQuestion', { ...accepted.data, forum: 'parliament' as never }))
      .thenThrows('unknown-forum', 'forum:');
  });

  it('refuses a logic other than process or decision', () => {
    given(raised)
      .when(command('AcceptQuestion', { ...accepted.data, logic: 'whim' as never }))
      .thenThrows('unknown-logic');
  });

  it('refuses a responsible official from an unknown organisation', () => {
    const responsible = { name: 'Eva Lind', organisationId: 'oslo' as never };
    given(raised)
      .when(command('AcceptQuestion', { ...accepted.data, responsible }))
      .thenThrows('unknown-organisation', 'responsible.organisationId');
  });

  it('refuses a responsible official without a name', () => {
    const responsible = { name: ' ', organisationId: 'kil' as const };
    given(raised)
      .when(command('AcceptQuestion', { ...accepted.data, responsible }))
      .thenThrows('required-field-blank', 'responsible.name');
  });

  it('accepts the responsible official by full name, as clients did before version 2, and stores given and family name', () => {
    const responsible = { name: '  Eva   Lind ', organisationId: 'region-varmland' as const };
    given(raised)
      .when(command('AcceptQuestion', { ...accepted.data, responsible }))
      .then([accepted]);
  });

  it('refuses a responsible official without a family name', () => {
    const responsible = { givenName: 'Eva', familyName: ' ', organisationId: 'kil' as const };
    const refusal = given(raised)
      .when(command('AcceptQuestion', { ...accepted.data, responsible }))
      .thenThrows('required-field-blank');
    expect(refusal.message).toContain('responsible.familyName');
  });

  it('accepts a question under decision logic (beslutslogik), the neighbour of process logic (unknown-logic refuses only other values)', () => {
    const underDecisionLogic = { ...accepted.data, logic: 'decision' as const };
    given(raised)
      .when(command('AcceptQuestion', underDecisionLogic))
      .then([event('QuestionAccepted', underDecisionLogic)]);
  });

  it('refuses a responsible official without a given name (required-field-blank), naming the field', () => {
    const responsible = { givenName: ' ', familyName: 'Lind', organisationId: 'kil' as const };
    given(raised)
      .when(command('AcceptQuestion', { ...accepted.data, responsible }))
      .thenThrows('required-field-blank', 'responsible.givenName');
  });

  it('stores the given and family name trimmed, as they were given apart', () => {
    const responsible = { givenName: ' Eva ', familyName: ' Lind ', organisationId: 'region-varmland' as const };
    given(raised)
      .when(command('AcceptQuestion', { ...accepted.data, responsible }))
      .then([accepted]);
  });
});

describe('DeclineQuestion (avvisa frågan)', () => {
  it('declines a raised question, e.g. a strictly inter-municipal one', () => {
    given(raised).when(command('DeclineQuestion', declined.data)).then([declined]);
  });

  it('refuses to decline a question already accepted', () => {
    given(raised, accepted).when(command('DeclineQuestion', declined.data)).thenThrows('question-already-accepted');
  });

  it('refuses to decline without a reason', () => {
    given(raised)
      .when(command('DeclineQuestion', { reason: '' }))
      .thenThrows('reason-required');
  });
});

describe('MoveQuestionToForum (flytta till annat forum)', () => {
  const move = command('MoveQuestionToForum', { forum: 'culture-education-forum', reason: 'Sakfråga för forumet' });

  it('moves an accepted question, recording the forum it came from', () => {
    given(...acceptedQuestion)
      .when(move)
      .then([event('QuestionMovedToForum', { fromForum: 'council', toForum: 'culture-education-forum', reason: 'Sakfråga för forumet' })]);
  });

  it('refuses to move a question to the forum it is already in', () => {
    given(...acceptedQuestion)
      .when(command('MoveQuestionToForum', { forum: 'council', reason: 'x' }))
      .thenThrows('same-forum');
  });

  it('refuses to move a question not yet accepted', () => {
    given(raised).when(move).thenThrows('question-not-accepted');
  });

  it('refuses an unknown forum', () => {
    given(...acceptedQuestion)
      .when(command('MoveQuestionToForum', { forum: 'nowhere' as never, reason: 'x' }))
      .thenThrows('unknown-forum', 'forum:');
  });

  it('refuses to move without a reason', () => {
    given(...acceptedQuestion)
      .when(command('MoveQuestionToForum', { forum: 'working-group', reason: ' ' }))
      .thenThrows('reason-required');
  });
});

// ─── Dialogue, input and consultation ────────────────────────────────────────

describe('RecordDialogue (registrera förd dialog)', () => {
  const record = command('RecordDialogue', dialogueHeld.data);

  it('records a dialogue held in a forum', () => {
    given(...acceptedQuestion)
      .when(record)
      .then([dialogueHeld]);
  });

  it('records a further dialogue after a decision document was attached', () => {
    given(...acceptedQuestion, documentAttached)
      .when(record)
      .then([dialogueHeld]);
  });

  it('refuses dialogue on a question not yet accepted', () => {
    given(raised).when(record).thenThrows('question-not-accepted');
  });

  it('refuses dialogue while a position is in force', () => {
    given(...positionInForce)
      .when(record)
      .thenThrows('position-in-force');
  });

  it.each(['2025-02-30', '24 januari', '2025-1-24'])('refuses the date %s', (heldOn) => {
    given(...acceptedQuestion)
      .when(command('RecordDialogue', { ...dialogueHeld.data, heldOn }))
      .thenThrows('invalid-date', 'heldOn');
  });

  it.each([
    ['2025-03-04T10:00', 'a time after the date (the rule is anchored at the end)'],
    ['x2025-03-04', 'text before the date (the rule is anchored at the start)'],
    ['2025-13-01', 'a 13th month'],
    ['2025-00-10', 'a month 0'],
    ['2025-04-31', 'the 31st of a 30-day month'],
    ['2025-02-29', 'the 29th of February outside a leap year'],
  ])('refuses the date %s: %s (invalid-date)', (heldOn) => {
    given(...acceptedQuestion)
      .when(command('RecordDialogue', { ...dialogueHeld.data, heldOn }))
      .thenThrows('invalid-date', 'heldOn');
  });

  it.each([
    ['2024-02-29', 'the 29th of February in a leap year'],
    ['2025-12-31', 'the last day of the year'],
    ['2025-01-01', 'the first day of the year'],
    ['2025-04-30', 'the last day of a 30-day month'],
  ])('accepts the date %s: %s, the valid neighbour of invalid-date', (heldOn) => {
    given(...acceptedQuestion)
      .when(command('RecordDialogue', { ...dialogueHeld.data, heldOn }))
      .then([event('DialogueRecorded', { ...dialogueHeld.data, heldOn })]);
  });

  it('refuses an unknown forum', () => {
    given(...acceptedQuestion)
      .when(command('RecordDialogue', { ...dialogueHeld.data, forum: 'x' as never }))
      .thenThrows('unknown-forum', 'forum:');
  });

  it('refuses a blank summary', () => {
    given(...acceptedQuestion)
      .when(command('RecordDialogue', { ...dialogueHeld.data, summary: '' }))
      .thenThrows('required-field-blank', 'summary');
  });

  it('records the meeting reference (forum, day, §) of a dialogue held as a meeting’s item', () => {
    const meetingReference = 'Värmlandsrådet 2025-01-24 § 2';
    given(...acceptedQuestion)
      .when(command('RecordDialogue', { ...dialogueHeld.data, meetingReference }))
      .then([event('DialogueRecorded', { ...dialogueHeld.data, meetingReference })]);
  });

  it('refuses a blank meeting reference, naming the field', () => {
    given(...acceptedQuestion)
      .when(command('RecordDialogue', { ...dialogueHeld.data, meetingReference: ' ' }))
      .thenThrows('required-field-blank', 'meetingReference');
  });

  it.each([
    ['2025-03-04 as the only element of a list', ['2025-03-04']],
    ['a number', 20250304],
    ['nothing', undefined],
  ])('refuses a date given as %s: only text is a date (invalid-date)', (_, heldOn) => {
    given(...acceptedQuestion)
      .when(command('RecordDialogue', { ...dialogueHeld.data, heldOn: heldOn as never }))
      .thenThrows('invalid-date', 'heldOn');
  });

  it.each(['0025-03-04', '0099-12-31'])('refuses the date %s: a year before 100, which Date.UTC would read as 19xx (invalid-date)', (heldOn) => {
    given(...acceptedQuestion)
      .when(command('RecordDialogue', { ...dialogueHeld.data, heldOn }))
      .thenThrows('invalid-date', 'heldOn');
  });

  it('refuses a summary not given at all as blank, not as an error of the code', () => {
    given(...acceptedQuestion)
      .when(command('RecordDialogue', { ...dialogueHeld.data, summary: undefined as never }))
      .thenThrows('required-field-blank', 'summary');
  });
});

describe('TableQuestion (bordlägga frågan)', () => {
  const tabling = {
    forum: 'council' as const,
    heldOn: '2025-01-24',
    meetingReference: 'Värmlandsrådet 2025-01-24 § 2',
    summary: 'Bordlades i väntan på underlag',
  };

  it('records the question as tabled by the meeting, not as a dialogue held; its stage does not move', () => {
    given(...acceptedQuestion)
      .when(command('TableQuestion', tabling))
      .then([event('QuestionTabled', tabling)]);
    const state = [...acceptedQuestion, event('QuestionTabled', tabling)].reduce(
      (folded, next, index) => evolve(folded, next, { occurredAt: `2025-01-2${index}T09:00:00.000Z`, actor: secretary }),
      initialState(),
    );
    expect(state.exists && { stage: state.stage, dialogues: state.dialogues }).toEqual({ stage: 'accepted', dialogues: [] });
  });

  it('refuses a question not yet accepted, and one withdrawn', () => {
    given(raised).when(command('TableQuestion', tabling)).thenThrows('question-not-accepted');
    given(...acceptedQuestion, withdrawn)
      .when(command('TableQuestion', tabling))
      .thenThrows('question-not-open');
  });

  it('refuses without the meeting reference', () => {
    given(...acceptedQuestion)
      .when(command('TableQuestion', { ...tabling, meetingReference: '' }))
      .thenThrows('required-field-blank');
  });

  it.each([
    ['forum:', { forum: 'town-hall' }, 'unknown-forum'],
    ['heldOn', { heldOn: '24 januari' }, 'invalid-date'],
    ['meetingReference', { meetingReference: ' ' }, 'required-field-blank'],
    ['summary', { summary: '' }, 'required-field-blank'],
  ] as const)('refuses a bad %s, naming the field', (field, change, rule) => {
    given(...acceptedQuestion)
      .when(command('TableQuestion', { ...tabling, ...change } as never))
      .thenThrows(rule, field);
  });
});

describe('SubmitInput (lämna inspel)', () => {
  const input = { organisationId: 'eda' as const, content: 'Eda vill lyfta gränsregionala kulturprojekt.' };

  it('records input from a member organisation', () => {
    given(...acceptedQuestion)
      .when(command('SubmitInput', input))
      .then([event('InputSubmitted', input)]);
  });

  it('refuses input from an unknown organisation', () => {
    given(...acceptedQuestion)
      .when(command('SubmitInput', { ...input, organisationId: 'oslo' as never }))
      .thenThrows('unknown-organisation', 'organisationId');
  });

  it('refuses blank input', () => {
    given(...acceptedQuestion)
      .when(command('SubmitInput', { ...input, content: ' ' }))
      .thenThrows('required-field-blank', 'content');
  });

  it('refuses input on a question not yet accepted', () => {
    given(raised).when(command('SubmitInput', input)).thenThrows('question-not-accepted');
  });

  it('refuses input while a position is in force', () => {
    given(...positionInForce)
      .when(command('SubmitInput', input))
      .thenThrows('position-in-force');
  });
});

describe('OpenConsultation (skicka på remiss)', () => {
  const open = command('OpenConsultation', consultationOpened.data);

  it('opens a consultation asking named parties to answer by a date', () => {
    given(...acceptedQuestion)
      .when(open)
      .then([consultationOpened]);
  });

  it('refuses a consultation id already used on the question', () => {
    given(...acceptedQuestion, consultationOpened)
      .when(open)
      .thenThrows('consultation-already-exists');
  });

  it('refuses a consultation without parties', () => {
    given(...acceptedQuestion)
      .when(command('OpenConsultation', { ...consultationOpened.data, parties: [] }))
      .thenThrows('organisation-list-empty', 'parties');
  });

  it('refuses a party named twice', () => {
    const parties = ['kil', 'eda', 'kil'] as const;
    given(...acceptedQuestion)
      .when(command('OpenConsultation', { ...consultationOpened.data, parties: [...parties] }))
      .thenThrows('duplicate-organisation', 'parties');
  });

  it('refuses an unknown party', () => {
    const parties = ['kil', 'oslo'] as never;
    given(...acceptedQuestion)
      .when(command('OpenConsultation', { ...consultationOpened.data, parties }))
      .thenThrows('unknown-organisation', 'parties');
  });

  it('refuses an answer-by date that is not a date', () => {
    given(...acceptedQuestion)
      .when(command('OpenConsultation', { ...consultationOpened.data, answerBy: 'snart' }))
      .thenThrows('invalid-date', 'answerBy');
  });

  it('refuses a consultation on a question not yet accepted', () => {
    given(raised).when(open).thenThrows('question-not-accepted');
  });

  it('refuses a consultation while a position is in force', () => {
    given(...positionInForce)
      .when(open)
      .thenThrows('position-in-force');
  });

  it('opens a second consultation beside an open one (consultation-already-exists refuses only a used id)', () => {
    const second = { ...consultationOpened.data, consultationId: 'remiss-2', subject: 'Remiss: finansiering', parties: ['eda' as const] };
    given(...acceptedQuestion, consultationOpened)
      .when(command('OpenConsultation', second))
      .then([event('ConsultationOpened', second)]);
  });

  it('refuses a blank consultation id or subject (required-field-blank), naming the field', () => {
    given(...acceptedQuestion)
      .when(command('OpenConsultation', { ...consultationOpened.data, consultationId: ' ' }))
      .thenThrows('required-field-blank', 'consultationId');
    given(...acceptedQuestion)
      .when(command('OpenConsultation', { ...consultationOpened.data, subject: '' }))
      .thenThrows('required-field-blank', 'subject');
  });
});

describe('AnswerConsultation (lämna remissvar)', () => {
  const answer = (organisationId: 'karlstad' | 'kil' | 'eda', text: string, consultationId = 'remiss-1') =>
    command('AnswerConsultation', { consultationId, organisationId, answer: text });

  it('records a first answer from a named party', () => {
    given(...acceptedQuestion, consultationOpened)
      .when(answer('karlstad', 'Tillstyrker med synpunkter.'))
      .then([karlstadAnswered]);
  });

  it('records a later answer from the same party as amending the earlier one', () => {
    given(...acceptedQuestion, consultationOpened, karlstadAnswered)
      .when(answer('karlstad', 'Tillstyrker utan synpunkter.'))
      .then([
        event('ConsultationAnswered', {
          consultationId: 'remiss-1',
          organisationId: 'karlstad',
          answer: 'Tillstyrker utan synpunkter.',
          amendsEarlierAnswer: true,
        }),
      ]);
  });

  it('refuses an answer to an unknown consultation', () => {
    given(...acceptedQuestion, consultationOpened)
      .when(answer('kil', 'Svar', 'remiss-9'))
      .thenThrows('unknown-consultation');
  });

  it('refuses an answer to a closed consultation', () => {
    const consultationClosed = event('ConsultationClosed', {
      consultationId: 'remiss-1',
      unansweredOrganisations: ['karlstad', 'kil', 'torsby'],
    });
    given(...acceptedQuestion, consultationOpened, consultationClosed)
      .when(answer('kil', 'Sent svar'))
      .thenThrows('consultation-closed');
  });

  it('refuses an answer from an organisation not named in the consultation', () => {
    given(...acceptedQuestion, consultationOpened)
      .when(answer('eda', 'Svar'))
      .thenThrows('organisation-not-consultation-party');
  });

  it('refuses a blank answer', () => {
    given(...acceptedQuestion, consultationOpened)
      .when(answer('kil', ' '))
      .thenThrows('required-field-blank', 'answer');
  });

  it('records a first answer to a second consultation although the party answered the first (amendsEarlierAnswer is per consultation)', () => {
    given(...acceptedQuestion, consultationOpened, karlstadAnswered, secondConsultationOpened)
      .when(answer('karlstad', 'Tillstyrker finansieringen.', 'remiss-2'))
      .then([
        event('ConsultationAnswered', {
          consultationId: 'remiss-2',
          organisationId: 'karlstad',
          answer: 'Tillstyrker finansieringen.',
          amendsEarlierAnswer: false,
        }),
      ]);
  });

  it('records an answer to an open consultation while another is closed (consultation-closed looks at the one answered)', () => {
    const firstClosed = event('ConsultationClosed', { consultationId: 'remiss-1', unansweredOrganisations: ['karlstad', 'kil', 'torsby'] });
    given(...acceptedQuestion, consultationOpened, secondConsultationOpened, firstClosed)
      .when(answer('eda', 'Avstyrker.', 'remiss-2'))
      .then([event('ConsultationAnswered', { consultationId: 'remiss-2', organisationId: 'eda', answer: 'Avstyrker.', amendsEarlierAnswer: false })]);
  });

  it('refuses an answer from a party of another consultation only (organisation-not-consultation-party is per consultation)', () => {
    given(...acceptedQuestion, consultationOpened, secondConsultationOpened)
      .when(answer('eda', 'Svar', 'remiss-1'))
      .thenThrows('organisation-not-consultation-party');
  });

  it('refuses an answer from an unknown organisation (unknown-organisation), naming the field', () => {
    given(...acceptedQuestion, consultationOpened)
      .when(command('AnswerConsultation', { consultationId: 'remiss-1', organisationId: 'oslo' as never, answer: 'Svar' }))
      .thenThrows('unknown-organisation', 'organisationId');
  });
});

describe('CloseConsultation (avsluta remiss)', () => {
  const close = command('CloseConsultation', { consultationId: 'remiss-1' });

  it('closes a consultation, listing the parties that never answered', () => {
    given(...acceptedQuestion, consultationOpened, karlstadAnswered)
      .when(close)
      .then([event('ConsultationClosed', { consultationId: 'remiss-1', unansweredOrganisations: ['kil', 'torsby'] })]);
  });

  it('refuses to close an unknown consultation', () => {
    given(...acceptedQuestion)
      .when(close)
      .thenThrows('unknown-consultation');
  });

  it('refuses to close a consultation twice', () => {
    const consultationClosed = event('ConsultationClosed', { consultationId: 'remiss-1', unansweredOrganisations: [] });
    given(...acceptedQuestion, consultationOpened, consultationClosed)
      .when(close)
      .thenThrows('consultation-already-closed');
  });

  it('closes the second consultation while the first is closed, listing only its own unanswered parties', () => {
    const firstClosed = event('ConsultationClosed', { consultationId: 'remiss-1', unansweredOrganisations: ['kil', 'torsby'] });
    given(...acceptedQuestion, consultationOpened, karlstadAnswered, secondConsultationOpened, firstClosed)
      .when(command('CloseConsultation', { consultationId: 'remiss-2' }))
      .then([event('ConsultationClosed', { consultationId: 'remiss-2', unansweredOrganisations: ['karlstad', 'eda'] })]);
  });
});

// ─── Decision document and position ──────────────────────────────────────────

describe('AttachDecisionDocument (bifoga beslutsunderlag)', () => {
  it('attaches a decision document without a url', () => {
    given(...acceptedQuestion, dialogueHeld)
      .when(command('AttachDecisionDocument', documentAttached.data))
      .then([documentAttached]);
  });

  it('attaches a decision document with a url', () => {
    const withUrl = { ...documentAttached.data, url: 'https://example.org/rv-2025-123.pdf' };
    given(...acceptedQuestion)
      .when(command('AttachDecisionDocument', withUrl))
      .then([event('DecisionDocumentAttached', withUrl)]);
  });

  it('refuses a url that is not http(s)', () => {
    const withUrl = { ...documentAttached.data, url: 'not a url' };
    given(...acceptedQuestion)
      .when(command('AttachDecisionDocument', withUrl))
      .thenThrows('invalid-url', 'url must');
  });

  it('refuses a decision document without a proposed position', () => {
    const blank = { ...documentAttached.data, proposedPosition: '' };
    given(...acceptedQuestion)
      .when(command('AttachDecisionDocument', blank))
      .thenThrows('required-field-blank', 'proposedPosition');
  });

  it('refuses a decision document on a question not yet accepted', () => {
    given(raised).when(command('AttachDecisionDocument', documentAttached.data)).thenThrows('question-not-accepted');
  });

  it('refuses a decision document while a position is in force', () => {
    given(...positionInForce)
      .when(command('AttachDecisionDocument', documentAttached.data))
      .thenThrows('position-in-force');
  });

  it('attaches a decision document linked with http: (invalid-url refuses other schemes, not plain http)', () => {
    const withUrl = { ...documentAttached.data, url: 'http://example.org/rv-2025-123.pdf' };
    given(...acceptedQuestion)
      .when(command('AttachDecisionDocument', withUrl))
      .then([event('DecisionDocumentAttached', withUrl)]);
  });

  it('leaves the url out of the event when none is given (optional fields are absent, not undefined)', () => {
    const [attached] = decide(command('AttachDecisionDocument', documentAttached.data), stateAfter(...acceptedQuestion), commandContext);
    expect(Object.keys(attached.data)).toEqual(['questionId', 'reference', 'title', 'proposedPosition']);
  });

  it.each(['reference', 'title'] as const)('refuses a blank %s (required-field-blank), naming the field', (field) => {
    given(...acceptedQuestion)
      .when(command('AttachDecisionDocument', { ...documentAttached.data, [field]: ' ' }))
      .thenThrows('required-field-blank', field);
  });
});

describe('TakePosition (ställningstagande i Ordföranderådet)', () => {
  const take = command('TakePosition', positionTaken.data);

  it('takes a position on a decision document, naming who decides by when', () => {
    given(...acceptedQuestion, dialogueHeld, documentAttached)
      .when(take)
      .then([positionTaken]);
  });

  it('takes a position without a meeting reference', () => {
    const { meetingReference: _omitted, ...withoutReference } = positionTaken.data;
    given(...acceptedQuestion, documentAttached)
      .when(command('TakePosition', withoutReference))
      .then([event('PositionTaken', withoutReference)]);
  });

  it('leaves the meeting reference out of the event when none is given (optional fields are absent, not undefined)', () => {
    const { meetingReference: _omitted, ...withoutReference } = positionTaken.data;
    const [taken] = decide(command('TakePosition', withoutReference), stateAfter(...acceptedQuestion, documentAttached), commandContext);
    expect(Object.keys(taken.data)).toEqual(['questionId', 'text', 'organisationsToDecide', 'decideBy']);
  });

  it('refuses a blank meeting reference (required-field-blank), where leaving it out is accepted', () => {
    given(...acceptedQuestion, documentAttached)
      .when(command('TakePosition', { ...positionTaken.data, meetingReference: ' ' }))
      .thenThrows('required-field-blank', 'meetingReference');
  });

  it('takes a position under decision logic as under process logic', () => {
    const underDecisionLogic = event('QuestionAccepted', { ...accepted.data, logic: 'decision' });
    given(raised, underDecisionLogic, documentAttached).when(take).then([positionTaken]);
  });

  it('takes a new position after the earlier one was sent back', () => {
    given(...positionInForce, sentBack)
      .when(take)
      .then([positionTaken]);
  });

  it('refuses a position without a decision document', () => {
    given(...acceptedQuestion, dialogueHeld)
      .when(take)
      .thenThrows('position-requires-decision-document');
  });

  it('refuses a second position while one is in force', () => {
    given(...positionInForce)
      .when(take)
      .thenThrows('position-already-taken');
  });

  it('refuses a position on a question not yet accepted', () => {
    given(raised).when(take).thenThrows('question-not-accepted');
  });

  it('refuses a position naming no organisation', () => {
    given(...acceptedQuestion, documentAttached)
      .when(command('TakePosition', { ...positionTaken.data, organisationsToDecide: [] }))
      .thenThrows('organisation-list-empty', 'organisationsToDecide');
  });

  it('refuses a position naming an organisation twice', () => {
    given(...acceptedQuestion, documentAttached)
      .when(command('TakePosition', { ...positionTaken.data, organisationsToDecide: ['kil', 'kil'] }))
      .thenThrows('duplicate-organisation', 'organisationsToDecide');
  });

  it('refuses a position naming an unknown organisation', () => {
    given(...acceptedQuestion, documentAttached)
      .when(command('TakePosition', { ...positionTaken.data, organisationsToDecide: ['kil', 'bergen'] as never }))
      .thenThrows('unknown-organisation', 'organisationsToDecide');
  });

  it('refuses a decide-by that is not a date', () => {
    given(...acceptedQuestion, documentAttached)
      .when(command('TakePosition', { ...positionTaken.data, decideBy: '2025-13-01' }))
      .thenThrows('invalid-date', 'decideBy');
  });

  it('refuses a blank position text', () => {
    given(...acceptedQuestion, documentAttached)
      .when(command('TakePosition', { ...positionTaken.data, text: '' }))
      .thenThrows('required-field-blank', 'text');
  });
});

describe('SendBackToDialogue (återförvisa till dialog)', () => {
  const sendBack = command('SendBackToDialogue', { reason: 'Nya uppgifter om finansieringen' });

  it('sends a position back, dropping the decisions still outstanding', () => {
    given(...positionInForce, karlstadDecided)
      .when(sendBack)
      .then([sentBack]);
  });

  it('refuses when no position is in force', () => {
    given(...acceptedQuestion, documentAttached)
      .when(sendBack)
      .thenThrows('no-position-in-force');
  });

  it('refuses without a reason', () => {
    given(...positionInForce)
      .when(command('SendBackToDialogue', { reason: '' }))
      .thenThrows('reason-required');
  });
});

// ─── Decisions in the member organisations ───────────────────────────────────

describe('RecordMemberDecision (beslut i medlemsorganisation)', () => {
  const record = (details: MemberDecisionDetails) => command('RecordMemberDecision', details);

  it('records the decision of an organisation named in the position', () => {
    given(...positionInForce)
      .when(record(decisionBy('kil')))
      .then([kilDecided]);
  });

  it('records a decision with body name and note', () => {
    const details: MemberDecisionDetails = {
      organisationId: 'region-varmland',
      body: 'regional-committee',
      bodyName: 'Kultur- och bildningsnämnden',
      decidedOn: '2025-05-20',
      outcome: 'adopted-with-changes',
      reference: 'KBN 2025-05-20 § 12',
      note: 'Med tillägg om barn och unga',
    };
    given(...positionInForce)
      .when(record(details))
      .then([event('MemberDecisionRecorded', details)]);
  });

  it('records a decision again under a new position after the earlier was sent back', () => {
    const newPosition = event('PositionTaken', { ...positionTaken.data, decideBy: '2025-10-31' });
    given(...positionInForce, karlstadDecided, sentBack, documentAttached, newPosition)
      .when(record(decisionBy('karlstad')))
      .then([karlstadDecided]);
  });

  it('refuses when no position is in force', () => {
    given(...acceptedQuestion, documentAttached)
      .when(record(decisionBy('kil')))
      .thenThrows('no-position-in-force');
  });

  it('refuses when the position was sent back', () => {
    given(...positionInForce, sentBack)
      .when(record(decisionBy('kil')))
      .thenThrows('no-position-in-force');
  });

  it('refuses an organisation not named in the position', () => {
    given(...positionInForce)
      .when(record(decisionBy('arjang')))
      .thenThrows('organisation-not-named-in-position');
  });

  it('refuses a second decision by the same organisation, pointing to correction', () => {
    const violation = given(...positionInForce, kilDecided)
      .when(record(decisionBy('kil')))
      .thenThrows('decision-already-recorded');
    expect(violation.message).toMatch(/correct/i);
  });

  it('refuses an unknown organisation', () => {
    given(...positionInForce)
      .when(record({ ...decisionBy('kil'), organisationId: 'oslo' as never }))
      .thenThrows('unknown-organisation', 'organisationId');
  });

  it('refuses a regional body for a municipality', () => {
    given(...positionInForce)
      .when(record({ ...decisionBy('kil'), body: 'regional-board' }))
      .thenThrows('body-does-not-match-organisation');
  });

  it('refuses a municipal body for the region', () => {
    given(...positionInForce)
      .when(record({ ...decisionBy('region-varmland'), body: 'municipal-council' }))
      .thenThrows('body-does-not-match-organisation');
  });

  it('refuses an unknown outcome', () => {
    given(...positionInForce)
      .when(record({ ...decisionBy('kil'), outcome: 'maybe' as never }))
      .thenThrows('unknown-decision-outcome');
  });

  it('refuses a decision date that is not a date', () => {
    given(...positionInForce)
      .when(record({ ...decisionBy('kil'), decidedOn: '4 mars' }))
      .thenThrows('invalid-date', 'decidedOn');
  });

  it('refuses a decision without a reference to the minutes', () => {
    given(...positionInForce)
      .when(record({ ...decisionBy('kil'), reference: ' ' }))
      .thenThrows('required-field-blank', 'reference');
  });

  it('leaves body name and note out of the event when none is given (optional fields are absent, not undefined)', () => {
    const [recorded] = decide(record(decisionBy('kil')), stateAfter(...positionInForce), commandContext);
    expect(Object.keys(recorded.data)).toEqual(['questionId', 'organisationId', 'body', 'decidedOn', 'outcome', 'reference']);
  });

  it.each(['bodyName', 'note'] as const)('refuses a blank %s (required-field-blank), where leaving it out is accepted', (field) => {
    given(...positionInForce)
      .when(record({ ...decisionBy('kil'), [field]: ' ' }))
      .thenThrows('required-field-blank', field);
  });

  it.each(['adopted', 'adopted-with-changes', 'rejected', 'will-not-decide'] as const)(
    'records the outcome %s, each a neighbour of unknown-decision-outcome',
    (outcome) => {
      given(...positionInForce)
        .when(record({ ...decisionBy('kil'), outcome }))
        .then([event('MemberDecisionRecorded', { ...decisionBy('kil'), outcome })]);
    },
  );

  it.each([
    ['kil', 'municipal-council'],
    ['kil', 'municipal-executive-board'],
    ['kil', 'committee'],
    ['region-varmland', 'regional-council'],
    ['region-varmland', 'regional-board'],
    ['region-varmland', 'regional-committee'],
  ] as const)('records a decision by %s in its %s, a neighbour of body-does-not-match-organisation', (organisationId, body) => {
    given(...positionInForce)
      .when(record({ ...decisionBy(organisationId), body }))
      .then([event('MemberDecisionRecorded', { ...decisionBy(organisationId), body })]);
  });
});

describe('CorrectMemberDecision (rätta registrerat beslut)', () => {
  const corrected = { ...decisionBy('kil'), reference: 'KS 2025-03-04 § 46', reason: 'Fel paragraf' };

  it('corrects a recorded decision', () => {
    given(...positionInForce, kilDecided)
      .when(command('CorrectMemberDecision', corrected))
      .then([event('MemberDecisionCorrected', corrected)]);
  });

  it('refuses when no decision is recorded for the organisation', () => {
    given(...positionInForce)
      .when(command('CorrectMemberDecision', corrected))
      .thenThrows('no-decision-to-correct');
  });

  it('refuses without a reason', () => {
    given(...positionInForce, kilDecided)
      .when(command('CorrectMemberDecision', { ...corrected, reason: '' }))
      .thenThrows('reason-required');
  });

  it('refuses a correction identical to the recorded decision', () => {
    given(...positionInForce, kilDecided)
      .when(command('CorrectMemberDecision', { ...decisionBy('kil'), reason: 'Ingen ändring' }))
      .thenThrows('correction-changes-nothing');
  });

  it('refuses a correction with a body that does not fit the organisation', () => {
    given(...positionInForce, kilDecided)
      .when(command('CorrectMemberDecision', { ...corrected, body: 'regional-council' }))
      .thenThrows('body-does-not-match-organisation');
  });

  it.each([
    ['the outcome', { outcome: 'rejected' }],
    ['the body', { body: 'municipal-council' }],
    ['the date', { decidedOn: '2025-03-05' }],
    ['the note', { note: 'Beslutet fattades med reservation' }],
    ['the body name', { bodyName: 'Kommunstyrelsens arbetsutskott' }],
  ] as const)('accepts a correction that changes only %s (correction-changes-nothing refuses only an identical one)', (_what, change) => {
    const correction = { ...decisionBy('kil'), ...change, reason: 'Rättelse' };
    given(...positionInForce, kilDecided)
      .when(command('CorrectMemberDecision', correction))
      .then([event('MemberDecisionCorrected', correction)]);
  });

  it('accepts a correction that removes a note (correction-changes-nothing compares a missing note as none)', () => {
    const withNote = { ...decisionBy('kil'), note: 'Med reservation' };
    const correction = { ...decisionBy('kil'), reason: 'Ingen reservation' };
    given(...positionInForce, event('MemberDecisionRecorded', withNote))
      .when(command('CorrectMemberDecision', correction))
      .then([event('MemberDecisionCorrected', correction)]);
  });

  it('refuses a correction identical to a decision recorded with body name and note (correction-changes-nothing)', () => {
    const full = { ...decisionBy('kil'), bodyName: 'Kommunstyrelsen', note: 'Med reservation' };
    given(...positionInForce, event('MemberDecisionRecorded', full))
      .when(command('CorrectMemberDecision', { ...full, reason: 'Ingen ändring' }))
      .thenThrows('correction-changes-nothing');
  });

  it('refuses a correction for an unknown organisation (unknown-organisation), naming the field', () => {
    given(...positionInForce, kilDecided)
      .when(command('CorrectMemberDecision', { ...corrected, organisationId: 'oslo' as never }))
      .thenThrows('unknown-organisation', 'organisationId');
  });
});

describe('RecordFeedbackAtHome (återkoppling på hemmaplan)', () => {
  const feedback = { organisationId: 'kil' as const, reportedTo: 'Kommunstyrelsen', reportedOn: '2025-03-10' };

  it('records feedback from an organisation named in the position in force', () => {
    given(...positionInForce)
      .when(command('RecordFeedbackAtHome', feedback))
      .then([event('FeedbackReportedAtHome', feedback)]);
  });

  it('records feedback with a summary', () => {
    const withSummary = { ...feedback, summary: 'Informerade om ställningstagandet' };
    given(...positionInForce, kilDecided)
      .when(command('RecordFeedbackAtHome', withSummary))
      .then([event('FeedbackReportedAtHome', withSummary)]);
  });

  it('records feedback from an organisation that decided on a position since sent back', () => {
    const karlstadFeedback = { ...feedback, organisationId: 'karlstad' as const };
    given(...positionInForce, karlstadDecided, sentBack)
      .when(command('RecordFeedbackAtHome', karlstadFeedback))
      .then([event('FeedbackReportedAtHome', karlstadFeedback)]);
  });

  it('refuses feedback from an organisation neither named nor having decided', () => {
    given(...positionInForce)
      .when(command('RecordFeedbackAtHome', { ...feedback, organisationId: 'arjang' }))
      .thenThrows('feedback-organisation-not-involved');
  });

  it('refuses feedback before any position', () => {
    given(...acceptedQuestion)
      .when(command('RecordFeedbackAtHome', feedback))
      .thenThrows('feedback-organisation-not-involved');
  });

  it('refuses a report date that is not a date', () => {
    given(...positionInForce)
      .when(command('RecordFeedbackAtHome', { ...feedback, reportedOn: 'igår' }))
      .thenThrows('invalid-date', 'reportedOn');
  });

  it('refuses feedback without saying who was told', () => {
    given(...positionInForce)
      .when(command('RecordFeedbackAtHome', { ...feedback, reportedTo: '' }))
      .thenThrows('required-field-blank', 'reportedTo');
  });

  it('leaves the summary out of the event when none is given (optional fields are absent, not undefined)', () => {
    const [reported] = decide(command('RecordFeedbackAtHome', feedback), stateAfter(...positionInForce), commandContext);
    expect(Object.keys(reported.data)).toEqual(['questionId', 'organisationId', 'reportedTo', 'reportedOn']);
  });

  it('refuses a blank summary (required-field-blank), where leaving it out is accepted', () => {
    given(...positionInForce)
      .when(command('RecordFeedbackAtHome', { ...feedback, summary: ' ' }))
      .thenThrows('required-field-blank', 'summary');
  });

  it('refuses feedback from an unknown organisation (unknown-organisation), naming the field', () => {
    given(...positionInForce)
      .when(command('RecordFeedbackAtHome', { ...feedback, organisationId: 'oslo' as never }))
      .thenThrows('unknown-organisation', 'organisationId');
  });
});

// ─── Closing, withdrawing, reopening ─────────────────────────────────────────

describe('CloseQuestion (avsluta frågan)', () => {
  it('closes a question with every decision in', () => {
    given(...positionInForce, regionDecided, karlstadDecided, kilDecided)
      .when(command('CloseQuestion', { reason: 'Alla beslut är fattade' }))
      .then([closed]);
  });

  it('closes a question early, recording who has not decided', () => {
    given(...positionInForce, karlstadDecided)
      .when(command('CloseQuestion', { reason: 'Avslutas i förtid' }))
      .then([
        event('QuestionClosed', {
          reason: 'Avslutas i förtid',
          allDecisionsIn: false,
          outstandingOrganisations: ['region-varmland', 'kil'],
        }),
      ]);
  });

  it('closes a question that never got past raised', () => {
    given(raised)
      .when(command('CloseQuestion', { reason: 'Inaktuell' }))
      .then([event('QuestionClosed', { reason: 'Inaktuell', allDecisionsIn: false, outstandingOrganisations: [] })]);
  });

  it('refuses to close without a reason', () => {
    given(...positionInForce)
      .when(command('CloseQuestion', { reason: ' ' }))
      .thenThrows('reason-required');
  });
});

describe('WithdrawQuestion (återkalla frågan)', () => {
  it('withdraws an open question', () => {
    given(...acceptedQuestion)
      .when(command('WithdrawQuestion', withdrawn.data))
      .then([withdrawn]);
  });

  it('refuses to withdraw without a reason', () => {
    given(...acceptedQuestion)
      .when(command('WithdrawQuestion', { reason: '' }))
      .thenThrows('reason-required');
  });

  it('refuses to withdraw without a reason given at all, as blank, not as an error of the code', () => {
    given(...acceptedQuestion)
      .when(command('WithdrawQuestion', {} as never))
      .thenThrows('reason-required');
  });
});

describe('ReopenQuestion (återöppna frågan)', () => {
  const reopen = command('ReopenQuestion', { reason: 'Nya beslut behövs' });
  const reopenedTo = (stage: EventOf<'QuestionReopened'>['data']['reopenedToStage']) =>
    event('QuestionReopened', { reason: 'Nya beslut behövs', reopenedToStage: stage });

  it('reopens a closed question to the stage it had', () => {
    given(...positionInForce, closed)
      .when(reopen)
      .then([reopenedTo('position-taken')]);
  });

  it('reopens a withdrawn question to the stage it had', () => {
    given(...acceptedQuestion, dialogueHeld, withdrawn)
      .when(reopen)
      .then([reopenedTo('dialogue')]);
  });

  it('reopens a declined question as raised', () => {
    given(raised, declined)
      .when(reopen)
      .then([reopenedTo('raised')]);
  });

  it('refuses to reopen an open question', () => {
    const violation = given(...acceptedQuestion)
      .when(reopen)
      .thenThrows('question-already-open');
    expect(violation.message).toContain('accepted');
  });

  it('refuses to reopen without a reason', () => {
    given(...positionInForce, closed)
      .when(command('ReopenQuestion', { reason: '' }))
      .thenThrows('reason-required');
  });
});

// ─── evolve: the state GET /questions/:id shows ──────────────────────────────

describe('evolve', () => {
  it('starts with no question', () => {
    expect(initialState()).toEqual({ exists: false });
  });

  it('ignores events before the question is raised', () => {
    expect(stateAfter(accepted)).toEqual({ exists: false });
  });

  it('a raised question carries what it was raised with, when and by whom', () => {
    expect(questionAfter(raised)).toMatchObject({
      exists: true,
      id: questionId,
      title: raised.data.title,
      raisedBy: { kind: 'forum', id: 'culture-education-forum' },
      documents: raised.data.documents,
      stage: 'raised',
      forum: null,
      position: null,
      raisedAt: occurredAt(0),
      acceptedAt: null,
      registeredBy: secretary,
      lastChangedAt: occurredAt(0),
    });
  });

  it('remembers when it was accepted (beredd), which a later event does not move', () => {
    expect(questionAfter(raised, accepted).acceptedAt).toBe(occurredAt(1));
    expect(questionAfter(raised, accepted, dialogueHeld).acceptedAt).toBe(occurredAt(1));
  });

  it('a raised question starts with nothing after raising: no forum, logic, position, decisions or closure', () => {
    expect(questionAfter(raised)).toEqual({
      exists: true,
      id: questionId,
      title: raised.data.title,
      description: raised.data.description,
      raisedBy: raised.data.raisedBy,
      topicArea: 'Kultur',
      documents: raised.data.documents,
      stage: 'raised',
      stageBeforeClosing: null,
      forum: null,
      logic: null,
      responsible: null,
      forumMoves: [],
      dialogues: [],
      inputs: [],
      consultations: [],
      decisionDocuments: [],
      position: null,
      earlierPositions: [],
      memberDecisions: {},
      pendingDecisions: [],
      allDecisionsIn: false,
      feedbackAtHome: [],
      closure: null,
      raisedAt: occurredAt(0),
      acceptedAt: null,
      raisedOn: '2025-03-01',
      registeredBy: secretary,
      lastChangedAt: occurredAt(0),
      lastEffectiveOn: '2025-03-01',
    });
  });

  it('every later event moves lastChangedAt to its own time, raisedAt stays', () => {
    const question = questionAfter(raised, accepted, dialogueHeld);
    expect(question).toMatchObject({ raisedAt: occurredAt(0), lastChangedAt: occurredAt(2) });
    expect(questionAfter(raised, accepted, dialogueHeld, withdrawn).lastChangedAt).toBe(occurredAt(3));
  });

  it('acceptance sets forum, logic and responsible official', () => {
    expect(questionAfter(raised, accepted)).toMatchObject({
      stage: 'accepted',
      forum: 'council',
      logic: 'process',
      responsible: { name: 'Eva Lind', organisationId: 'region-varmland' },
      lastChangedAt: occurredAt(1),
    });
  });

  it('acceptance keeps the given and family name apart, and the name as people write it', () => {
    expect(questionAfter(raised, accepted).responsible).toEqual({
      givenName: 'Eva',
      familyName: 'Lind',
      name: 'Eva Lind',
      organisationId: 'region-varmland',
    });
  });

  it('a forum move changes the forum and keeps the move', () => {
    const moved = event('QuestionMovedToForum', { fromForum: 'council', toForum: 'health-care-forum', reason: 'Vårdfråga' });
    const question = questionAfter(raised, accepted, moved);
    expect(question.forum).toBe('health-care-forum');
    expect(question.forumMoves).toEqual([
      { fromForum: 'council', toForum: 'health-care-forum', reason: 'Vårdfråga', movedAt: occurredAt(2), movedBy: secretary },
    ]);
  });

  it('dialogue, input and consultation put the question in dialogue', () => {
    const input = event('InputSubmitted', { organisationId: 'eda', content: 'Inspel' });
    expect(questionAfter(raised, accepted, input).stage).toBe('accepted');
    expect(questionAfter(raised, accepted, dialogueHeld).stage).toBe('dialogue');
    expect(questionAfter(raised, accepted, consultationOpened).stage).toBe('dialogue');
    expect(questionAfter(raised, accepted, dialogueHeld, input).inputs).toEqual([
      { organisationId: 'eda', content: 'Inspel', recordedAt: occurredAt(3), recordedBy: secretary },
    ]);
  });

  it('keeps every answer to a consultation, the latest as current', () => {
    const amended = event('ConsultationAnswered', { ...karlstadAnswered.data, answer: 'Ändrat svar', amendsEarlierAnswer: true });
    const consultationClosed = event('ConsultationClosed', { consultationId: 'remiss-1', unansweredOrganisations: ['kil', 'torsby'] });
    const question = questionAfter(raised, accepted, consultationOpened, karlstadAnswered, amended, consultationClosed);
    const [consultation] = question.consultations;
    expect(consultation).toEqual({
      id: 'remiss-1',
      subject: consultationOpened.data.subject,
      parties: ['karlstad', 'kil', 'torsby'],
      answerBy: '2025-02-28',
      status: 'closed',
      openedAt: occurredAt(2),
      closedAt: occurredAt(5),
      answers: {
        karlstad: {
          organisationId: 'karlstad',
          current: { answer: 'Ändrat svar', answeredAt: occurredAt(4), answeredBy: secretary },
          earlierVersions: [{ answer: 'Tillstyrker med synpunkter.', answeredAt: occurredAt(3), answeredBy: secretary }],
        },
      },
      unansweredAtClose: ['kil', 'torsby'],
    });
  });

  it('an answer to one consultation, or closing it, leaves the other consultation as it was', () => {
    const secondAnswered = event('ConsultationAnswered', {
      consultationId: 'remiss-2',
      organisationId: 'karlstad',
      answer: 'Om finansieringen',
      amendsEarlierAnswer: false,
    });
    const secondClosed = event('ConsultationClosed', { consultationId: 'remiss-2', unansweredOrganisations: ['eda'] });
    const before = questionAfter(raised, accepted, consultationOpened, secondConsultationOpened);
    const after = questionAfter(raised, accepted, consultationOpened, secondConsultationOpened, secondAnswered, secondClosed);
    expect(after.consultations[0]).toEqual(before.consultations[0]);
    expect(after.consultations[1]).toMatchObject({
      id: 'remiss-2',
      status: 'closed',
      unansweredAtClose: ['eda'],
      answers: { karlstad: { current: { answer: 'Om finansieringen' } } },
    });
  });

  it('a decision document moves the question to the decision-document stage', () => {
    const question = questionAfter(raised, accepted, dialogueHeld, documentAttached);
    expect(question.stage).toBe('decision-document');
    expect(question.decisionDocuments).toEqual([
      {
        reference: 'RV 2025/123',
        title: 'Beslutsunderlag: regional kulturplan',
        proposedPosition: 'Ordföranderådet ställer sig bakom kulturplanen.',
        url: null,
        recordedAt: occurredAt(3),
        recordedBy: secretary,
      },
    ]);
  });

  it('keeps the url of a decision document that has one', () => {
    const withUrl = event('DecisionDocumentAttached', { ...documentAttached.data, url: 'https://example.org/rv.pdf' });
    expect(questionAfter(raised, accepted, withUrl).decisionDocuments[0]?.url).toBe('https://example.org/rv.pdf');
  });

  it('a dialogue is kept with its forum, date, summary and who recorded it', () => {
    expect(questionAfter(raised, accepted, dialogueHeld).dialogues).toEqual([
      { forum: 'council', heldOn: '2025-01-24', summary: 'Rådslag om kulturplanens inriktning.', recordedAt: occurredAt(2), recordedBy: secretary },
    ]);
  });

  it('a dialogue keeps its meeting reference when it has one, and has none (absent, not undefined) when not', () => {
    const meetingReference = 'Värmlandsrådet 2025-01-24 § 2';
    const withReference = questionAfter(raised, accepted, event('DialogueRecorded', { ...dialogueHeld.data, meetingReference }));
    expect(withReference.dialogues[0]).toMatchObject({ meetingReference });
    expect(Object.keys(questionAfter(raised, accepted, dialogueHeld).dialogues[0])).not.toContain('meetingReference');
  });

  it('a position without a meeting reference stores none', () => {
    const { meetingReference: _omitted, ...withoutReference } = positionTaken.data;
    const question = questionAfter(raised, accepted, documentAttached, event('PositionTaken', withoutReference));
    expect(question.position?.meetingReference).toBeNull();
  });

  it('a position makes every named organisation owe a decision', () => {
    const question = questionAfter(...positionInForce);
    expect(question).toMatchObject({
      stage: 'position-taken',
      position: {
        number: 1,
        text: positionTaken.data.text,
        organisationsToDecide: ['region-varmland', 'karlstad', 'kil'],
        decideBy: '2025-06-30',
        meetingReference: 'Ordföranderådet 2025-02-14 § 7',
        takenAt: occurredAt(4),
        takenBy: secretary,
      },
      memberDecisions: {},
      pendingDecisions: ['region-varmland', 'karlstad', 'kil'],
      allDecisionsIn: false,
    });
  });

  it('each decision recorded shrinks what is pending, until all decisions are in', () => {
    expect(questionAfter(...positionInForce, karlstadDecided)).toMatchObject({
      pendingDecisions: ['region-varmland', 'kil'],
      allDecisionsIn: false,
    });
    const allIn = questionAfter(...positionInForce, karlstadDecided, kilDecided, regionDecided);
    expect(allIn).toMatchObject({ pendingDecisions: [], allDecisionsIn: true });
    expect(allIn.memberDecisions.kil).toEqual({
      organisationId: 'kil',
      current: {
        body: 'municipal-executive-board',
        bodyName: null,
        decidedOn: '2025-03-04',
        outcome: 'adopted',
        reference: 'KS 2025-03-04 § 45',
        note: null,
        recordedAt: occurredAt(6),
        recordedBy: secretary,
        correctionReason: null,
      },
      earlierVersions: [],
    });
  });

  it('a correction supersedes the recorded decision and keeps it in history', () => {
    const correction = event('MemberDecisionCorrected', { ...decisionBy('kil'), outcome: 'rejected', reason: 'Fel utfall' });
    const decision = questionAfter(...positionInForce, kilDecided, correction).memberDecisions.kil;
    expect(decision?.current).toMatchObject({ outcome: 'rejected', correctionReason: 'Fel utfall', recordedAt: occurredAt(6) });
    expect(decision?.earlierVersions).toEqual([expect.objectContaining({ outcome: 'adopted', correctionReason: null, recordedAt: occurredAt(5) })]);
  });

  it('sending a position back keeps it, with its decisions, among the earlier positions', () => {
    const question = questionAfter(...positionInForce, karlstadDecided, sentBack);
    expect(question).toMatchObject({
      stage: 'dialogue',
      position: null,
      memberDecisions: {},
      pendingDecisions: [],
      allDecisionsIn: false,
    });
    expect(question.earlierPositions).toEqual([
      expect.objectContaining({
        number: 1,
        sentBackAt: occurredAt(6),
        sentBackReason: 'Nya uppgifter om finansieringen',
        droppedOrganisations: ['region-varmland', 'kil'],
        memberDecisions: { karlstad: expect.objectContaining({ organisationId: 'karlstad' }) },
      }),
    ]);
    expect(questionAfter(...positionInForce, sentBack, documentAttached, positionTaken).position?.number).toBe(2);
  });

  it('keeps feedback reported at home', () => {
    const reported = { organisationId: 'kil', reportedTo: 'Kommunfullmäktige', reportedOn: '2025-04-01' } as const;
    const feedback = event('FeedbackReportedAtHome', reported);
    expect(questionAfter(...positionInForce, feedback).feedbackAtHome).toEqual([
      { ...reported, summary: null, recordedAt: occurredAt(5), recordedBy: secretary },
    ]);
  });

  it('closing remembers the stage to return to, and reopening returns to it', () => {
    const closedQuestion = questionAfter(...positionInForce, closed);
    expect(closedQuestion).toMatchObject({
      stage: 'closed',
      stageBeforeClosing: 'position-taken',
      closure: { stage: 'closed', reason: 'Alla beslut är fattade', at: occurredAt(5), by: secretary },
    });
    const reopened = event('QuestionReopened', { reason: 'Åter', reopenedToStage: 'position-taken' });
    expect(questionAfter(...positionInForce, closed, reopened)).toMatchObject({
      stage: 'position-taken',
      stageBeforeClosing: null,
      closure: null,
      position: expect.objectContaining({ number: 1 }),
      lastChangedAt: occurredAt(6),
    });
  });

  it('declining and withdrawing end the question', () => {
    expect(questionAfter(raised, declined)).toMatchObject({ stage: 'declined', stageBeforeClosing: 'raised' });
    expect(questionAfter(raised, accepted, withdrawn)).toMatchObject({ stage: 'withdrawn', stageBeforeClosing: 'accepted' });
  });

  it('a correction of a decision never recorded (a stream written elsewhere) starts its history empty', () => {
    const correction = event('MemberDecisionCorrected', { ...decisionBy('kil'), reason: 'Rättelse' });
    expect(questionAfter(...positionInForce, correction).memberDecisions.kil?.earlierVersions).toEqual([]);
  });

  it('a second correction keeps both superseded versions, oldest first', () => {
    const first = event('MemberDecisionCorrected', { ...decisionBy('kil'), outcome: 'rejected', reason: 'Fel utfall' });
    const second = event('MemberDecisionCorrected', { ...decisionBy('kil'), outcome: 'adopted-with-changes', reason: 'Rätt utfall' });
    const decision = questionAfter(...positionInForce, kilDecided, first, second).memberDecisions.kil;
    expect(decision?.current).toMatchObject({ outcome: 'adopted-with-changes', correctionReason: 'Rätt utfall' });
    expect(decision?.earlierVersions.map((version) => version.outcome)).toEqual(['adopted', 'rejected']);
  });

  it('a correction with body name and note keeps them on the current version', () => {
    const correction = event('MemberDecisionCorrected', { ...decisionBy('kil'), bodyName: 'KS', note: 'Med reservation', reason: 'Komplettering' });
    expect(questionAfter(...positionInForce, kilDecided, correction).memberDecisions.kil?.current).toMatchObject({ bodyName: 'KS', note: 'Med reservation' });
  });

  it('a third answer to a consultation keeps both earlier answers, oldest first', () => {
    const amended = (answer: string) => event('ConsultationAnswered', { ...karlstadAnswered.data, answer, amendsEarlierAnswer: true });
    const question = questionAfter(raised, accepted, consultationOpened, karlstadAnswered, amended('Andra'), amended('Tredje'));
    const answer = question.consultations[0]?.answers.karlstad;
    expect(answer?.current.answer).toBe('Tredje');
    expect(answer?.earlierVersions.map((version) => version.answer)).toEqual(['Tillstyrker med synpunkter.', 'Andra']);
  });

  it('an answer to a consultation the question does not have changes no consultation', () => {
    const stray = event('ConsultationAnswered', { ...karlstadAnswered.data, consultationId: 'remiss-9' });
    const before = questionAfter(raised, accepted, consultationOpened);
    expect(questionAfter(raised, accepted, consultationOpened, stray).consultations).toEqual(before.consultations);
  });

  it('a send-back with no position in force (a stream written elsewhere) changes nothing but lastChangedAt', () => {
    const before = questionAfter(raised, accepted, dialogueHeld);
    expect(questionAfter(raised, accepted, dialogueHeld, sentBack)).toEqual({ ...before, lastChangedAt: occurredAt(3) });
  });

  it('feedback keeps its summary when it has one', () => {
    const feedback = event('FeedbackReportedAtHome', { organisationId: 'kil', reportedTo: 'KF', reportedOn: '2025-04-01', summary: 'Informerade' });
    expect(questionAfter(...positionInForce, feedback).feedbackAtHome[0]?.summary).toBe('Informerade');
  });

  it('an ended question ended again (a stream written elsewhere) keeps the stage to return to', () => {
    expect(questionAfter(...positionInForce, closed, withdrawn)).toMatchObject({
      stage: 'withdrawn',
      stageBeforeClosing: 'position-taken',
      closure: { stage: 'withdrawn', reason: withdrawn.data.reason, at: occurredAt(6), by: secretary },
    });
  });

  it.each([
    ['raised', false],
    ['accepted', false],
    ['dialogue', false],
    ['decision-document', false],
    ['position-taken', false],
    ['closed', true],
    ['withdrawn', true],
    ['declined', true],
  ] as const)('isEndedStage(%s) is %s', (stage, ended) => {
    expect(isEndedStage(stage)).toBe(ended);
  });

  it('names every stage in Swedish and English, as the pages and the API show them', () => {
    expect(QUESTION_STAGE_LABELS).toEqual({
      raised: { sv: 'Väckt', en: 'Raised' },
      accepted: { sv: 'Beredd', en: 'Accepted' },
      dialogue: { sv: 'Dialog', en: 'Dialogue' },
      'decision-document': { sv: 'Beslutsunderlag', en: 'Decision document' },
      'position-taken': { sv: 'Ställningstagande', en: 'Position taken' },
      closed: { sv: 'Avslutad', en: 'Closed' },
      withdrawn: { sv: 'Återkallad', en: 'Withdrawn' },
      declined: { sv: 'Avvisad', en: 'Declined' },
    });
  });

  it('returns a new state and leaves the one it was given untouched', () => {
    const before = stateAfter(...positionInForce);
    const snapshot = JSON.stringify(before);
    const after = evolve(before, kilDecided, { occurredAt: occurredAt(9), actor: secretary });
    expect(after).not.toBe(before);
    expect(JSON.stringify(before)).toBe(snapshot);
  });

  it('is JSON-serialisable without loss', () => {
    const question = stateAfter(...positionInForce, karlstadAnswered, kilDecided, sentBack, documentAttached, positionTaken);
    expect(JSON.parse(JSON.stringify(question))).toEqual(question);
  });
});
