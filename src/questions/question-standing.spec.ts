import type { Actor } from '../event-store/event-store.port';
import type { QuestionEvent } from './question.events';
import {
  evolve,
  initialState,
  isEndedStage,
  QUESTION_STAGE_LABELS,
  type ExistingQuestionState,
  type QuestionStage,
  type QuestionState,
} from './question.state';
import {
  OBLIGATION_INPUTS,
  lastMeetingOf,
  nextStepOf,
  obligationsOf,
  positionDateOf,
  sameObligations,
  standingOf,
  standingWhenRead,
} from './question-standing';

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
    expect(obligationsOf(sentBack).map((o) => [o.key, o.status, o.kind === 'member-decision' && o.details.positionInForce])).toEqual([
      ['decision:1:kil', 'done', false],
    ]);
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

// ─── each rule from both sides ───────────────────────────────────────────────

const secondConsultation = (answerBy: string): QuestionEvent => ({
  type: 'ConsultationOpened',
  data: { questionId: q, consultationId: 'c2', subject: 'S2', parties: ['eda', 'karlstad'], answerBy },
});
const feedback = (organisationId: 'kil' | 'eda'): QuestionEvent => ({
  type: 'FeedbackReportedAtHome',
  data: { questionId: q, organisationId, reportedTo: 'KS', reportedOn: '2025-05-20' },
});

describe('the standing of a question, field by field', () => {
  it('a position in force with one decision in: the decision done, the other owed, feedback owed by the one that decided', () => {
    const state = given(raised, accepted('decision'), document, position, decision('kil'));
    const base = {
      positionNumber: 1,
      positionInForce: true,
      positionDate: '2025-04-11',
      decideBy: '2025-06-01',
      meetingReference: 'Ordföranderådet 2025-04-11 § 3',
    };
    expect(standingOf(state)).toEqual({
      title: 'T',
      stage: 'position-taken',
      forum: 'culture-education-forum',
      positionInForce: {
        number: 1,
        date: '2025-04-11',
        decideBy: '2025-06-01',
        meetingReference: 'Ordföranderådet 2025-04-11 § 3',
        organisationsToDecide: ['kil', 'eda'],
        pendingDecisions: ['eda'],
      },
      nextStep: { code: 'decide-at-home', owner: { kind: 'organisations', ids: ['eda'] }, dueDate: '2025-06-01' },
      obligations: [
        {
          key: 'decision:1:kil',
          kind: 'member-decision',
          organisationId: 'kil',
          status: 'done',
          dueDate: '2025-06-01',
          doneOn: '2025-05-02',
          reference: 'KF § 1',
          outcome: 'adopted',
          details: { ...base, body: 'municipal-council', bodyName: null, note: null, corrected: false, correctionReason: null },
        },
        {
          key: 'decision:1:eda',
          kind: 'member-decision',
          organisationId: 'eda',
          status: 'owed',
          dueDate: '2025-06-01',
          doneOn: null,
          reference: null,
          outcome: null,
          details: base,
        },
        {
          key: 'feedback-owed:kil',
          kind: 'feedback-at-home',
          organisationId: 'kil',
          status: 'owed',
          dueDate: null,
          doneOn: null,
          reference: null,
          outcome: null,
          details: { positionNumber: 1, decidedOn: '2025-05-02' },
        },
      ],
      lastMeeting: { forum: 'chairs-council', on: '2025-04-11', reference: 'Ordföranderådet 2025-04-11 § 3' },
      earliestDueDate: '2025-06-01',
      positionDate: '2025-04-11',
      searchText: 'T \nD \nX \nKarin Berg \nT \nR \nP \nOrdföranderådet 2025-04-11 § 3',
    });
  });

  it('a corrected decision is done with its current version, marked corrected with the reason', () => {
    const correction: QuestionEvent = {
      type: 'MemberDecisionCorrected',
      data: {
        questionId: q,
        organisationId: 'kil',
        body: 'committee',
        bodyName: 'BUN',
        decidedOn: '2025-05-03',
        outcome: 'rejected',
        reference: 'BUN § 2',
        note: 'N',
        reason: 'Fel organ',
      },
    };
    const [kil] = obligationsOf(given(raised, accepted('decision'), document, position, decision('kil'), correction));
    expect(kil).toMatchObject({
      status: 'done',
      doneOn: '2025-05-03',
      reference: 'BUN § 2',
      outcome: 'rejected',
      details: { body: 'committee', bodyName: 'BUN', note: 'N', corrected: true, correctionReason: 'Fel organ' },
    });
  });

  it('consultation answers: done with the answer and the day it came, owed while open, amended once answered again', () => {
    const state = given(raised, accepted('process'), consultation, answer('kil'), answer('kil'));
    expect(obligationsOf(state)).toEqual([
      {
        key: 'consultation:c1:kil',
        kind: 'consultation-answer',
        organisationId: 'kil',
        status: 'done',
        dueDate: '2025-03-01',
        doneOn: '2025-01-05',
        reference: null,
        outcome: null,
        details: { consultationId: 'c1', subject: 'S', answerBy: '2025-03-01', answer: 'A', amended: true },
      },
      {
        key: 'consultation:c1:eda',
        kind: 'consultation-answer',
        organisationId: 'eda',
        status: 'owed',
        dueDate: '2025-03-01',
        doneOn: null,
        reference: null,
        outcome: null,
        details: { consultationId: 'c1', subject: 'S', answerBy: '2025-03-01' },
      },
    ]);
    const [answered] = obligationsOf(given(raised, accepted('process'), consultation, answer('kil')));
    expect(answered?.kind === 'consultation-answer' && answered.details.amended).toBe(false);
  });

  it('feedback reported is done, keyed by its place, with whom it was reported to', () => {
    const state = given(raised, accepted('decision'), document, position, decision('kil'), feedback('kil'));
    expect(obligationsOf(state).filter((o) => o.kind === 'feedback-at-home')).toEqual([
      {
        key: 'feedback:0',
        kind: 'feedback-at-home',
        organisationId: 'kil',
        status: 'done',
        dueDate: null,
        doneOn: '2025-05-20',
        reference: 'KS',
        outcome: null,
        details: { reportedTo: 'KS', summary: null },
      },
    ]);
  });

  it('feedback recorded the instant the position was taken counts as reported since; one recorded before does not', () => {
    const at = '2025-04-11T12:00:00.000Z';
    const sameInstant = given(raised, accepted('decision'), document, [at, position], [at, feedback('kil')], decision('kil'));
    expect(obligationsOf(sameInstant).filter((o) => o.status === 'owed' && o.kind === 'feedback-at-home')).toEqual([]);
    const sentBack: QuestionEvent = { type: 'PositionSentBackToDialogue', data: { questionId: q, reason: 'R', droppedOrganisations: ['eda'] } };
    const before = given(raised, accepted('decision'), document, position, decision('kil'), feedback('kil'), sentBack, document, position, decision('kil'));
    expect(obligationsOf(before).filter((o) => o.status === 'owed' && o.kind === 'feedback-at-home')).toEqual([
      expect.objectContaining({ key: 'feedback-owed:kil', details: { positionNumber: 2, decidedOn: '2025-05-02' } }),
    ]);
  });

  it('an organisation that has not decided owes no feedback yet', () => {
    const state = given(raised, accepted('decision'), document, position);
    expect(obligationsOf(state).filter((o) => o.kind === 'feedback-at-home')).toEqual([]);
  });
});

describe('the next step, each rule and its neighbour', () => {
  it('answers owed to two open consultations: each party once, due on the earliest answer-by date', () => {
    expect(nextStepOf(given(raised, accepted('process'), consultation, secondConsultation('2025-02-15')))).toEqual({
      code: 'answer-consultation',
      owner: { kind: 'organisations', ids: ['kil', 'eda', 'karlstad'] },
      dueDate: '2025-02-15',
    });
    expect(nextStepOf(given(raised, accepted('process'), consultation, secondConsultation('2025-04-15'))).dueDate).toBe('2025-03-01');
  });

  it('a closed consultation asks nothing more, while another open one still does', () => {
    const firstClosed: QuestionEvent = { type: 'ConsultationClosed', data: { questionId: q, consultationId: 'c1', unansweredOrganisations: ['kil', 'eda'] } };
    expect(nextStepOf(given(raised, accepted('process'), consultation, secondConsultation('2025-04-15'), firstClosed))).toEqual({
      code: 'answer-consultation',
      owner: { kind: 'organisations', ids: ['eda', 'karlstad'] },
      dueDate: '2025-04-15',
    });
    expect(nextStepOf(given(raised, accepted('process'), consultation, firstClosed)).code).toBe('hold-dialogue');
  });

  it('in dialogue (after a dialogue was recorded) the logic still decides the next step', () => {
    const dialogue: QuestionEvent = { type: 'DialogueRecorded', data: { questionId: q, forum: 'council', heldOn: '2025-05-02', summary: 'S' } };
    expect(nextStepOf(given(raised, accepted('decision'), dialogue)).code).toBe('prepare-decision-document');
    expect(nextStepOf(given(raised, accepted('process'), dialogue))).toEqual({
      code: 'hold-dialogue',
      owner: { kind: 'forum', id: 'culture-education-forum' },
      dueDate: null,
    });
  });

  it('every decision in: the working group closes the question', () => {
    expect(nextStepOf(given(raised, accepted('decision'), document, position, decision('kil'), decision('eda')))).toEqual({
      code: 'close-question',
      owner: { kind: 'forum', id: 'working-group' },
      dueDate: null,
    });
  });

  it('a decision document waits for the chairs’ council', () => {
    expect(nextStepOf(given(raised, accepted('decision'), document))).toEqual({
      code: 'take-position',
      owner: { kind: 'forum', id: 'chairs-council' },
      dueDate: null,
    });
  });
});

describe('dates and search, each rule and its neighbour', () => {
  it('the earliest due date counts only what is still owed', () => {
    const bothAnswered = given(raised, accepted('process'), consultation, answer('kil'), answer('eda'), secondConsultation('2025-05-01'));
    expect(standingOf(bothAnswered).earliestDueDate).toBe('2025-05-01');
    expect(standingOf(given(raised, accepted('process'), consultation, secondConsultation('2025-02-15'))).earliestDueDate).toBe('2025-02-15');
    // The earliest first and a later one after it: the earliest still wins, wherever it stands in the list.
    expect(standingOf(given(raised, accepted('process'), consultation, secondConsultation('2025-05-01'))).earliestDueDate).toBe('2025-03-01');
    expect(standingOf(given(raised, accepted('process'))).earliestDueDate).toBeNull();
    expect(standingOf(given(raised, accepted('process'))).positionDate).toBeNull();
  });

  it('a meeting reference with an impossible date dates the position by the day it was recorded', () => {
    const state = given(raised, accepted('decision'), document, ['2025-04-13T10:00:00.000Z', position]);
    expect(positionDateOf({ ...state.position!, meetingReference: 'Ordföranderådet 2025-02-30 § 3' })).toBe('2025-04-13');
    expect(positionDateOf({ ...state.position!, meetingReference: null })).toBe('2025-04-13');
  });

  it('on the same date the position wins over that day’s dialogue; no meeting at all is none', () => {
    const dialogue: QuestionEvent = { type: 'DialogueRecorded', data: { questionId: q, forum: 'council', heldOn: '2025-04-11', summary: 'S' } };
    expect(lastMeetingOf(given(raised, accepted('process'), dialogue, document, position))).toEqual({
      forum: 'chairs-council',
      on: '2025-04-11',
      reference: 'Ordföranderådet 2025-04-11 § 3',
    });
    const earlier: QuestionEvent = { type: 'DialogueRecorded', data: { questionId: q, forum: 'council', heldOn: '2025-03-01', summary: 'S' } };
    expect(lastMeetingOf(given(raised, accepted('process'), dialogue, earlier))).toEqual({ forum: 'council', on: '2025-04-11', reference: null });
    expect(lastMeetingOf(given(raised, accepted('process')))).toBeNull();
  });

  it('the search text leaves out what the question does not have yet', () => {
    expect(standingOf(given(raised)).searchText).toBe('T \nD \nX');
  });

  it('the search text leaves out an empty part (a version 1 acceptance stored with a blank name), where a named official is in it', () => {
    const blankName: QuestionEvent = {
      type: 'QuestionAccepted',
      data: { questionId: q, forum: 'council', logic: 'process', responsible: { givenName: '', familyName: '', organisationId: 'region-varmland' } },
    };
    expect(standingOf(given(raised, blankName)).searchText).toBe('T \nD \nX');
    expect(standingOf(given(raised, accepted('process'))).searchText).toBe('T \nD \nX \nKarin Berg');
  });
});

/** A question's life through every kind of obligation, sent back, ended and reopened: the states after each event. */
function storyOfAQuestion(): ExistingQuestionState[] {
  const dialogue: QuestionEvent = { type: 'DialogueRecorded', data: { questionId: q, forum: 'council', heldOn: '2025-02-02', summary: 'S' } };
  const closed: QuestionEvent = { type: 'ConsultationClosed', data: { questionId: q, consultationId: 'c1', unansweredOrganisations: [] } };
  const correction: QuestionEvent = {
    type: 'MemberDecisionCorrected',
    data: {
      questionId: q,
      organisationId: 'kil',
      body: 'committee',
      bodyName: 'BUN',
      decidedOn: '2025-05-03',
      outcome: 'rejected',
      reference: 'BUN § 2',
      reason: 'R',
    },
  };
  const sentBack: QuestionEvent = { type: 'PositionSentBackToDialogue', data: { questionId: q, reason: 'R', droppedOrganisations: ['eda'] } };
  const events: QuestionEvent[] = [
    raised,
    accepted('decision'),
    consultation,
    answer('eda'),
    dialogue,
    answer('kil'),
    closed,
    document,
    position,
    decision('kil'),
    feedback('kil'),
    correction,
    decision('eda'),
    sentBack,
    document,
    position,
    { type: 'QuestionWithdrawn', data: { questionId: q, reason: 'R' } },
    { type: 'QuestionReopened', data: { questionId: q, reason: 'R', reopenedToStage: 'position-taken' } },
  ];
  const states: ExistingQuestionState[] = [];
  let state: QuestionState = initialState();
  events.forEach((event, index) => {
    state = evolve(state, event, { occurredAt: `2025-01-${String(index + 1).padStart(2, '0')}T10:00:00.000Z`, actor });
    if (state.exists) states.push(state);
  });
  return states;
}

describe('whether two states have the same obligations (sameObligations)', () => {
  it('the story covers every kind of obligation, owed and done, and a question that ended', () => {
    const states = storyOfAQuestion();
    const kinds = new Set(states.flatMap((state) => obligationsOf(state).map((obligation) => `${obligation.kind}:${obligation.status}`)));
    expect([...kinds].sort()).toEqual([
      'consultation-answer:done',
      'consultation-answer:owed',
      'feedback-at-home:done',
      'feedback-at-home:owed',
      'member-decision:done',
      'member-decision:owed',
    ]);
    expect(states.some((state) => isEndedStage(state.stage))).toBe(true);
  });

  it('obligationsOf reads only OBLIGATION_INPUTS and the stage', () => {
    const read = new Set<string>();
    for (const state of storyOfAQuestion()) {
      obligationsOf(new Proxy(state, { get: (target, key) => (read.add(String(key)), Reflect.get(target, key)) }));
    }
    expect([...read].filter((key) => !([...OBLIGATION_INPUTS, 'stage'] as string[]).includes(key))).toEqual([]);
  });

  it('of the stage, only whether it has ended', () => {
    const stages = Object.keys(QUESTION_STAGE_LABELS) as QuestionStage[];
    for (const state of storyOfAQuestion()) {
      for (const stage of stages.filter((candidate) => isEndedStage(candidate) === isEndedStage(state.stage))) {
        expect(obligationsOf({ ...state, stage })).toEqual(obligationsOf(state));
        expect(sameObligations(state, { ...state, stage })).toBe(true);
      }
    }
  });

  it('says "same" only of states with the same obligations and title, and does so after an event that touches none of them', () => {
    const states = storyOfAQuestion();
    let same = 0;
    for (let index = 1; index < states.length; index++) {
      const [before, after] = [states[index - 1], states[index]];
      const equal = JSON.stringify([before.title, obligationsOf(before)]) === JSON.stringify([after.title, obligationsOf(after)]);
      if (sameObligations(before, after)) {
        expect(equal).toBe(true);
        same++;
      } else if (equal) {
        // Only where an input was replaced by an equal one: never where an obligation changed.
        expect(OBLIGATION_INPUTS.some((part) => before[part] !== after[part]) || isEndedStage(before.stage) !== isEndedStage(after.stage)).toBe(true);
      }
    }
    // The dialogue and the decision documents change no input.
    expect(same).toBeGreaterThanOrEqual(2);
  });

  it('a change to any input, or to whether the stage has ended, is not "same"; a question not raised is like itself only', () => {
    const state = storyOfAQuestion().find((candidate) => candidate.position !== null)!;
    for (const part of OBLIGATION_INPUTS) {
      expect(sameObligations(state, { ...state, [part]: part === 'title' ? 'Another title' : structuredClone(state[part]) })).toBe(false);
    }
    expect(sameObligations(state, { ...state, stage: 'withdrawn' })).toBe(false);
    expect(sameObligations(state, state)).toBe(true);
    expect(sameObligations(initialState(), state)).toBe(false);
    expect(sameObligations(state, initialState())).toBe(false);
    expect(sameObligations(initialState(), initialState())).toBe(true);
  });
});

describe('the standing read part by part', () => {
  it('has every part standingOf computes, at every state of the story', () => {
    for (const state of storyOfAQuestion()) {
      const standing = standingWhenRead(state);
      const read = Object.fromEntries(Object.keys(standingOf(state)).map((part) => [part, standing[part as keyof typeof standing]]));
      expect(read).toEqual(standingOf(state));
      // Each part is computed once: read again, it is the same value.
      expect(standing.obligations).toBe(standing.obligations);
      expect(standing.positionInForce).toBe(standing.positionInForce);
    }
  });

  it('a question not raised has no standing', () => {
    expect(standingOf(initialState())).toBeNull();
  });
});
