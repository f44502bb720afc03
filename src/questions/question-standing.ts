/**
 * Where a question stands, derived from its folded state: the next step and who
 * owns it, what each organisation owes or did, the meeting it was last on.
 * Pure and deterministic (no clock): the projection stores the result, and
 * whether a due date has passed is decided when someone reads it.
 */
import type { ForumId } from '../reference-data/forums';
import type { OrganisationId } from '../reference-data/organisations';
import { calendarDateOf, isCalendarDate } from '../shared-kernel/calendar';
import type { DecisionBody, DecisionOutcome } from './question.events';
import { isEndedStage, type ExistingQuestionState, type PositionState } from './question.state';
import type { NextStepCode, ObligationKind } from './question-labels';

/** Who has to act: a forum (incl. the working group) or one or more member organisations. */
export type StepOwner = { kind: 'forum'; id: ForumId } | { kind: 'organisations'; ids: OrganisationId[] };

export interface NextStep {
  code: NextStepCode;
  owner: StepOwner | null;
  /** The date the step is due, where there is one (consultation answers, member decisions). */
  dueDate: string | null;
}

export interface LastMeeting {
  forum: ForumId;
  on: string;
  /** The minutes item where known, e.g. `Ordföranderådet 2025-02-14 § 7`. */
  reference: string | null;
}

/** What a consultation answer carries: the consultation, and once answered the answer and whether it was amended. */
export interface ConsultationAnswerObligationDetails {
  consultationId: string;
  subject: string;
  answerBy: string;
  answer?: string;
  amended?: boolean;
}

/** What a member decision carries: the position it answers, and once recorded the decision as it stands after corrections. */
export interface MemberDecisionObligationDetails {
  positionNumber: number;
  positionInForce: boolean;
  positionDate: string;
  decideBy: string;
  meetingReference: string | null;
  body?: DecisionBody;
  bodyName?: string | null;
  note?: string | null;
  corrected?: boolean;
  correctionReason?: string | null;
}

/** Feedback reported at home: to whom and what; or, while owed, the position decided on and the day of that decision. */
export type FeedbackAtHomeObligationDetails = { reportedTo: string; summary: string | null } | { positionNumber: number; decidedOn: string | undefined };

/** The details of each kind of obligation. Scalars only: rows are compared value by value (question-list's question-view-rows.ts). */
export interface ObligationDetails {
  'consultation-answer': ConsultationAnswerObligationDetails;
  'member-decision': MemberDecisionObligationDetails;
  'feedback-at-home': FeedbackAtHomeObligationDetails;
}

/** One thing an organisation owes (`owed`) or did (`done`) on a question; `details` is typed by `kind`. */
export type Obligation = {
  [K in ObligationKind]: {
    /** Unique within the question. */
    key: string;
    kind: K;
    organisationId: OrganisationId;
    status: 'owed' | 'done';
    dueDate: string | null;
    doneOn: string | null;
    reference: string | null;
    outcome: DecisionOutcome | null;
    details: ObligationDetails[K];
  };
}[ObligationKind];

export interface QuestionStanding {
  nextStep: NextStep;
  obligations: Obligation[];
  lastMeeting: LastMeeting | null;
  /** The earliest due date of anything still owed; null if nothing owed has a date. */
  earliestDueDate: string | null;
  /** The date of the position in force: the date in its meeting reference, else the day it was recorded. */
  positionDate: string | null;
  searchText: string;
}

export function standingOf(state: ExistingQuestionState): QuestionStanding {
  const obligations = obligationsOf(state);
  const dueDates = obligations.filter((o) => o.status === 'owed' && o.dueDate !== null).map((o) => o.dueDate as string);
  return {
    nextStep: nextStepOf(state),
    obligations,
    lastMeeting: lastMeetingOf(state),
    earliestDueDate: dueDates.length > 0 ? dueDates.reduce((a, b) => (a < b ? a : b)) : null,
    positionDate: state.position ? positionDateOf(state.position) : null,
    searchText: searchTextOf(state),
  };
}

const WORKING_GROUP: StepOwner = { kind: 'forum', id: 'working-group' };

/**
 * The step that moves the question forward now. Stage first; in preparation and
 * dialogue an open consultation comes before anything else, then the logic tells
 * whether more dialogue (process logic) or a decision document (decision logic) is next.
 */
export function nextStepOf(state: ExistingQuestionState): NextStep {
  if (isEndedStage(state.stage)) return { code: 'none', owner: null, dueDate: null };
  switch (state.stage) {
    case 'raised':
      return { code: 'prepare', owner: WORKING_GROUP, dueDate: null };
    case 'position-taken':
      if (state.position && state.pendingDecisions.length > 0) {
        return { code: 'decide-at-home', owner: { kind: 'organisations', ids: [...state.pendingDecisions] }, dueDate: state.position.decideBy };
      }
      return { code: 'close-question', owner: WORKING_GROUP, dueDate: null };
    case 'decision-document':
      return { code: 'take-position', owner: { kind: 'forum', id: 'chairs-council' }, dueDate: null };
    case 'accepted':
    case 'dialogue': {
      const open = state.consultations.filter((c) => c.status === 'open');
      const unanswered = open.flatMap((c) => c.parties.filter((party) => !c.answers[party]).map((party) => ({ party, answerBy: c.answerBy })));
      if (unanswered.length > 0) {
        const ids = [...new Set(unanswered.map((u) => u.party))];
        const dueDate = unanswered.map((u) => u.answerBy).reduce((a, b) => (a < b ? a : b));
        return { code: 'answer-consultation', owner: { kind: 'organisations', ids }, dueDate };
      }
      if (open.length > 0) return { code: 'close-consultation', owner: WORKING_GROUP, dueDate: null };
      if (state.logic === 'decision') return { code: 'prepare-decision-document', owner: WORKING_GROUP, dueDate: null };
      return { code: 'hold-dialogue', owner: { kind: 'forum', id: state.forum ?? 'council' }, dueDate: null };
    }
  }
}

/**
 * What each organisation owes and did:
 * - a consultation answer per party asked: done once answered; owed while the
 *   consultation is open (due on its answer-by date); a party that never answered
 *   a closed consultation owes nothing any more;
 * - a decision per organisation named in the position in force: done once
 *   recorded (the current version, after corrections), owed until then (due on
 *   decide-by); decisions under positions sent back stay as done;
 * - feedback at home: done for each report; owed by an organisation that has
 *   decided on the position in force and not reported since that position was taken.
 * A question that has ended owes nothing (no command but reopening is accepted);
 * what was done stays.
 */
export function obligationsOf(state: ExistingQuestionState): Obligation[] {
  const open = !isEndedStage(state.stage);
  const obligations: Obligation[] = [];

  for (const consultation of state.consultations) {
    for (const party of consultation.parties) {
      const answer = consultation.answers[party];
      const base = { consultationId: consultation.id, subject: consultation.subject, answerBy: consultation.answerBy };
      if (answer) {
        obligations.push({
          key: `consultation:${consultation.id}:${party}`,
          kind: 'consultation-answer',
          organisationId: party,
          status: 'done',
          dueDate: consultation.answerBy,
          doneOn: calendarDateOf(answer.current.answeredAt),
          reference: null,
          outcome: null,
          details: { ...base, answer: answer.current.answer, amended: answer.earlierVersions.length > 0 },
        });
      } else if (open && consultation.status === 'open') {
        obligations.push({
          key: `consultation:${consultation.id}:${party}`,
          kind: 'consultation-answer',
          organisationId: party,
          status: 'owed',
          dueDate: consultation.answerBy,
          doneOn: null,
          reference: null,
          outcome: null,
          details: base,
        });
      }
    }
  }

  const positions = [
    ...state.earlierPositions.map((position) => ({ position, decisions: position.memberDecisions, inForce: false })),
    ...(state.position ? [{ position: state.position, decisions: state.memberDecisions, inForce: true }] : []),
  ];
  for (const { position, decisions, inForce } of positions) {
    const base = {
      positionNumber: position.number,
      positionInForce: inForce,
      positionDate: positionDateOf(position),
      decideBy: position.decideBy,
      meetingReference: position.meetingReference,
    };
    for (const organisationId of position.organisationsToDecide) {
      const decision = decisions[organisationId];
      if (decision) {
        const current = decision.current;
        obligations.push({
          key: `decision:${position.number}:${organisationId}`,
          kind: 'member-decision',
          organisationId,
          status: 'done',
          dueDate: position.decideBy,
          doneOn: current.decidedOn,
          reference: current.reference,
          outcome: current.outcome,
          details: {
            ...base,
            body: current.body,
            bodyName: current.bodyName,
            note: current.note,
            corrected: decision.earlierVersions.length > 0,
            correctionReason: current.correctionReason,
          },
        });
      } else if (open && inForce) {
        obligations.push({
          key: `decision:${position.number}:${organisationId}`,
          kind: 'member-decision',
          organisationId,
          status: 'owed',
          dueDate: position.decideBy,
          doneOn: null,
          reference: null,
          outcome: null,
          details: base,
        });
      }
    }
  }

  state.feedbackAtHome.forEach((feedback, index) => {
    obligations.push({
      key: `feedback:${index}`,
      kind: 'feedback-at-home',
      organisationId: feedback.organisationId,
      status: 'done',
      dueDate: null,
      doneOn: feedback.reportedOn,
      reference: feedback.reportedTo,
      outcome: null,
      details: { reportedTo: feedback.reportedTo, summary: feedback.summary },
    });
  });
  if (open && state.position) {
    const takenAt = state.position.takenAt;
    const reportedSince = new Set(state.feedbackAtHome.filter((f) => f.recordedAt >= takenAt).map((f) => f.organisationId));
    for (const organisationId of state.position.organisationsToDecide) {
      if (!state.memberDecisions[organisationId] || reportedSince.has(organisationId)) continue;
      obligations.push({
        key: `feedback-owed:${organisationId}`,
        kind: 'feedback-at-home',
        organisationId,
        status: 'owed',
        dueDate: null,
        doneOn: null,
        reference: null,
        outcome: null,
        details: { positionNumber: state.position.number, decidedOn: state.memberDecisions[organisationId].current.decidedOn },
      });
    }
  }
  return obligations;
}

/** The date in the position's meeting reference (`… 2025-02-14 § 7`), else the day it was recorded. */
export function positionDateOf(position: PositionState): string {
  const inReference = position.meetingReference?.match(/\b(\d{4}-\d{2}-\d{2})\b/)?.[1];
  return inReference && isCalendarDate(inReference) ? inReference : calendarDateOf(position.takenAt);
}

/** The latest meeting the question was on: a dialogue (forum and date) or a position (the chairs' council). */
export function lastMeetingOf(state: ExistingQuestionState): LastMeeting | null {
  const meetings: LastMeeting[] = [
    ...state.dialogues.map((dialogue) => ({ forum: dialogue.forum, on: dialogue.heldOn, reference: null })),
    ...[...state.earlierPositions, ...(state.position ? [state.position] : [])].map((position) => ({
      forum: 'chairs-council' as const,
      on: positionDateOf(position),
      reference: position.meetingReference,
    })),
  ];
  // Later date wins; on the same date the later record wins (a position after that day's dialogue).
  return meetings.reduce<LastMeeting | null>((latest, meeting) => (latest === null || meeting.on >= latest.on ? meeting : latest), null);
}

function searchTextOf(state: ExistingQuestionState): string {
  return [
    state.title,
    state.description,
    state.topicArea,
    state.responsible?.name,
    ...state.decisionDocuments.flatMap((document) => [document.title, document.reference]),
    state.position?.text,
    state.position?.meetingReference,
  ]
    .filter((part): part is string => typeof part === 'string' && part.length > 0)
    .join(' \n');
}
