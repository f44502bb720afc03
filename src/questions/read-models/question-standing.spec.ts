import type { Actor } from '../../event-store/event-store.port';
import type { QuestionEvent } from '../question.events';
import { evolve, initialState, type ExistingQuestionState } from '../question.state';
import { lastMeetingOf, nextStepOf, obligationsOf, positionDateOf } from './question-standing';

const actor: Actor = { userId: 'u', displayName: 'U', role: 'working-group', organisationId: 'region-varmland' };
const q = 'q1';

/** Given these events (at these instants), the question's state. */
function given(...events: Array<QuestionEvent | [string, QuestionEvent]>): ExistingQuestionState {
  const state = events.reduce((s, entry, index) => {
    const [at, event] = Array.isArray(entry) ? entry : [`2025-01-${String(index + 1).padStart(2, '0')}T10:00:00.000Z`, entry];
    return evolve(s, event, { occurredAt: at, actor });
  }, initialState());
  if (!state.exists) throw new Error('no question');
  return state;
}

const raised: QuestionEvent = {
  type: 'QuestionRaised',
  data: { questionId: q, title: 'T', description: 'D', raisedBy: { kind: 'organisation', id: 'kil' }, topicArea: 'X', documents: [] },
};
const accepted = (logic: 'process' | 'decision'): QuestionEvent => ({
  type: 'QuestionAccepted',
  data: { questionId: q, forum: 'culture-education-forum', logic, responsible: { givenName: 'Karin', familyName: 'Berg', organisationId: 'region-varmland' } },
});
const consultation: QuestionEvent = {
  type: 'ConsultationOpened',
  data: { questionId: q, consultationId: 'c1', subject: 'S', parties: ['kil', 'eda'], answerBy: '2025-03-01' },
};
const answer = (organisationId: 'kil' | 'eda'): QuestionEvent => ({
  type: 'ConsultationAnswered',
  data: { questionId: q, consultationId: 'c1', organisationId, answer: 'A', amendsEarlierAnswer: false },
});
const document: QuestionEvent = { type: 'DecisionDocumentAttached', data: { questionId: q, reference: 'R', title: 'T', proposedPosition: 'P' } };
const position: QuestionEvent = {
  type: 'PositionTaken',
  data: { questionId: q, text: 'P', organisationsToDecide: ['kil', 'eda'], decideBy: '2025-06-01', meetingReference: 'Ordföranderådet 2025-04-11 § 3' },
};
const decision = (organisationId: 'kil' | 'eda'): QuestionEvent => ({
  type: 'MemberDecisionRecorded',
  data: { questionId: q, organisationId, body: 'municipal-council', decidedOn: '2025-05-02', outcome: 'adopted', reference: 'KF § 1' },
});

describe('the next step of a question', () => {
  it('raised: the working group prepares it', () => {
    expect(nextStepOf(given(raised))).toEqual({ code: 'prepare', owner: { kind: 'forum', id: 'working-group' }, dueDate: null });
  });

  it('accepted: dialogue in its forum under process logic, a decision document under decision logic', () => {
    expect(nextStepOf(given(raised, accepted('process')))).toEqual({
      code: 'hold-dialogue',
      owner: { kind: 'forum', id: 'culture-education-forum' },
      dueDate: null,
    });
    expect(nextStepOf(given(raised, accepted('decision')))).toEqual({
      code: 'prepare-decision-document',
      owner: { kind: 'forum', id: 'working-group' },
      dueDate: null,
    });
  });

  it('an open consultation comes first: answers from those who have not answered, then closing it', () => {
    expect(nextStepOf(given(raised, accepted('decision'), consultation, answer('eda')))).toEqual({
      code: 'answer-consultation',
      owner: { kind: 'organisations', ids: ['kil'] },
      dueDate: '2025-03-01',
    });
    expect(nextStepOf(given(raised, accepted('decision'), consultation, answer('eda'), answer('kil')))).toEqual({
      code: 'close-consultation',
      owner: { kind: 'forum', id: 'working-group' },
      dueDate: null,
    });
  });

  it('a decision document waits for the chairs’ council; a position for the organisations, then closing', () => {
    expect(nextStepOf(given(raised, accepted('decision'), document)).code).toBe('take-position');
    expect(nextStepOf(given(raised, accepted('decision'), document, position, decision('kil')))).toEqual({
      code: 'decide-at-home',
      owner: { kind: 'organisations', ids: ['eda'] },
      dueDate: '2025-06-01',
    });
    expect(nextStepOf(given(raised, accepted('decision'), document, position, decision('kil'), decision('eda'))).code).toBe('close-question');
  });

  it('an ended question has none', () => {
    expect(nextStepOf(given(raised, { type: 'QuestionWithdrawn', data: { questionId: q, reason: 'R' } }))).toEqual({
      code: 'none',
      owner: null,
      dueDate: null,
    });
  });
});

describe('what the organisations owe and did', () => {
  it('feedback at home is owed once an organisation has decided, until it reports', () => {
    const decided = given(raised, accepted('decision'), document, position, decision('kil'));
    expect(
      obligationsOf(decided)
        .filter((o) => o.kind === 'feedback-at-home')
        .map((o) => [o.organisationId, o.status]),
    ).toEqual([['kil', 'owed']]);
    const reported = given(raised, accepted('decision'), document, position, decision('kil'), {
      type: 'FeedbackReportedAtHome',
      data: { questionId: q, organisationId: 'kil', reportedTo: 'KS', reportedOn: '2025-05-20' },
    });
    expect(
      obligationsOf(reported)
        .filter((o) => o.kind === 'feedback-at-home')
        .map((o) => [o.organisationId, o.status, o.doneOn]),
    ).toEqual([['kil', 'done', '2025-05-20']]);
  });

  it('a closed consultation owes no more answers; an ended question owes nothing', () => {
    const closed = given(raised, accepted('decision'), consultation, answer('eda'), {
      type: 'ConsultationClosed',
      data: { questionId: q, consultationId: 'c1', unansweredOrganisations: ['kil'] },
    });
    expect(obligationsOf(closed).map((o) => [o.organisationId, o.status])).toEqual([['eda', 'done']]);
    const withdrawn = given(raised, accepted('decision'), document, position, decision('kil'), {
      type: 'QuestionWithdrawn',
      data: { questionId: q, reason: 'R' },
    });
    expect(obligationsOf(withdrawn).map((o) => [o.key, o.status])).toEqual([['decision:1:kil', 'done']]);
  });

  it('decisions under a position sent back stay done; the dropped ones are owed no more', () => {
    const sentBack = given(raised, accepted('decision'), document, position, decision('kil'), {
      type: 'PositionSentBackToDialogue',
      data: { questionId: q, reason: 'R', droppedOrganisations: ['eda'] },
    });
    expect(obligationsOf(sentBack).map((o) => [o.key, o.status, o.details.positionInForce])).toEqual([['decision:1:kil', 'done', false]]);
  });
});

describe('dates', () => {
  it('a position is dated by its meeting reference, else by the day it was recorded in Sweden', () => {
    const state = given(raised, accepted('decision'), document, ['2025-04-13T22:30:00.000Z', position]);
    expect(positionDateOf(state.position!)).toBe('2025-04-11');
    expect(positionDateOf({ ...state.position!, meetingReference: 'Ordföranderådet § 3' })).toBe('2025-04-14');
  });

  it('the last meeting is the latest dialogue or position', () => {
    const dialogue: QuestionEvent = { type: 'DialogueRecorded', data: { questionId: q, forum: 'council', heldOn: '2025-05-02', summary: 'S' } };
    expect(lastMeetingOf(given(raised, accepted('process'), dialogue))).toEqual({ forum: 'council', on: '2025-05-02', reference: null });
    expect(lastMeetingOf(given(raised, accepted('process'), dialogue, document, position))).toEqual({ forum: 'council', on: '2025-05-02', reference: null });
    expect(lastMeetingOf(given(raised, accepted('process'), document, position))).toEqual({
      forum: 'chairs-council',
      on: '2025-04-11',
      reference: 'Ordföranderådet 2025-04-11 § 3',
    });
  });
});
