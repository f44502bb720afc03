/**
 * Where a question stands, derived from its folded state: its title, stage and
 * forum, the position in force and who has still to decide on it, the next
 * step and who owns it, what each organisation owes or did, the meeting it was
 * last on. Pure and deterministic (no clock): the projections store the
 * result, and whether a due date has passed is decided when someone reads it.
 * The views read a question through this and nothing of its state.
 */
import type { ForumId } from '../reference-data/forums';
import type { OrganisationId } from '../reference-data/organisations';
import { calendarDateOf, isCalendarDate } from '../shared-kernel/calendar';
import type { DecisionBody, DecisionOutcome } from './question.events';
import { isEndedStage, type ExistingQuestionState, type PositionState, type QuestionStage, type QuestionState } from './question.state';
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

/** The position in force, as the follow-up's grid and matrix show it. */
export interface PositionInForce {
  number: number;
  /** The date in its meeting reference, else the day it was recorded (`positionDateOf`). */
  date: string;
  decideBy: string;
  meetingReference: string | null;
  organisationsToDecide: readonly OrganisationId[];
  /** The organisations it names that have not recorded a decision. */
  pendingDecisions: readonly OrganisationId[];
}

export interface QuestionStanding {
  title: string;
  stage: QuestionStage;
  forum: ForumId | null;
  positionInForce: PositionInForce | null;
  nextStep: NextStep;
  obligations: Obligation[];
  lastMeeting: LastMeeting | null;
  /** The earliest due date of anything still owed; null if nothing owed has a date. */
  earliestDueDate: string | null;
  /** The date of the position in force: the date in its meeting reference, else the day it was recorded. */
  positionDate: string | null;
  searchText: string;
}

/** A question's standing, every part computed (none before the question is raised). */
export function standingOf(state: ExistingQuestionState): QuestionStanding;
export function standingOf(state: QuestionState): QuestionStanding | null;
export function standingOf(state: QuestionState): QuestionStanding | null {
  if (!state.exists) return null;
  const standing = standingWhenRead(state);
  return {
    title: standing.title,
    stage: standing.stage,
    forum: standing.forum,
    positionInForce: standing.positionInForce,
    nextStep: standing.nextStep,
    obligations: standing.obligations,
    lastMeeting: standing.lastMeeting,
    earliestDueDate: standing.earliestDueDate,
    positionDate: standing.positionDate,
    searchText: standing.searchText,
  };
}

/**
 * A question's standing whose parts are each computed the first time they are
 * read, and then kept: a rebuild derives one per folded state for every view
 * (contract.ts `standingAt`), and the follow-up's histories read only the
 * obligations and the title of the states along a batch where they change,
 * which the other views never see.
 */
export function standingWhenRead(state: ExistingQuestionState): QuestionStanding {
  return new StandingWhenRead(state);
}

/** `undefined` marks a part not computed yet (no part is undefined; absent ones are null). */
class StandingWhenRead implements QuestionStanding {
  private positionInForcePart: PositionInForce | null | undefined = undefined;
  private nextStepPart: NextStep | undefined = undefined;
  private obligationsPart: Obligation[] | undefined = undefined;
  private lastMeetingPart: LastMeeting | null | undefined = undefined;
  private earliestDueDatePart: string | null | undefined = undefined;
  private positionDatePart: string | null | undefined = undefined;
  private searchTextPart: string | undefined = undefined;

  constructor(private readonly state: ExistingQuestionState) {}

  get title(): string {
    return this.state.title;
  }
  get stage(): QuestionStage {
    return this.state.stage;
  }
  get forum(): ForumId | null {
    return this.state.forum;
  }
  get positionInForce(): PositionInForce | null {
    if (this.positionInForcePart === undefined) this.positionInForcePart = positionInForceOf(this.state, this.positionDate);
    return this.positionInForcePart;
  }
  get nextStep(): NextStep {
    return (this.nextStepPart ??= nextStepOf(this.state));
  }
  get obligations(): Obligation[] {
    return (this.obligationsPart ??= obligationsOf(this.state));
  }
  get lastMeeting(): LastMeeting | null {
    if (this.lastMeetingPart === undefined) this.lastMeetingPart = lastMeetingOf(this.state);
    return this.lastMeetingPart;
  }
  get earliestDueDate(): string | null {
    if (this.earliestDueDatePart === undefined) this.earliestDueDatePart = earliestDueDateOf(this.obligations);
    return this.earliestDueDatePart;
  }
  get positionDate(): string | null {
    if (this.positionDatePart === undefined) this.positionDatePart = this.state.position ? positionDateOf(this.state.position) : null;
    return this.positionDatePart;
  }
  get searchText(): string {
    return (this.searchTextPart ??= searchTextOf(this.state));
  }
}

function positionInForceOf(state: ExistingQuestionState, date: string | null): PositionInForce | null {
  const position = state.position;
  if (!position || date === null) return null;
  return {
    number: position.number,
    date,
    decideBy: position.decideBy,
    meetingReference: position.meetingReference,
    organisationsToDecide: position.organisationsToDecide,
    pendingDecisions: state.pendingDecisions,
  };
}

function earliestDueDateOf(obligations: readonly Obligation[]): string | null {
  let earliest: string | null = null;
  for (const obligation of obligations) {
    if (obligation.status === 'owed' && obligation.dueDate !== null && (earliest === null || obligation.dueDate < earliest)) earliest = obligation.dueDate;
  }
  return earliest;
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

/**
 * The parts of a question's state `obligationsOf` reads, besides whether the
 * stage has ended (question-standing.spec.ts checks it reads nothing else).
 */
export const OBLIGATION_INPUTS = ['title', 'consultations', 'position', 'earlierPositions', 'memberDecisions', 'feedbackAtHome'] as const;

/**
 * Whether two states of a question have the same obligations (and title),
 * without deriving them: true only if they do; false says nothing. `evolve`
 * keeps each part of the state it does not change (spreads), so an event that
 * leaves every part `obligationsOf` reads as it was — an input, a dialogue, a
 * decision document — keeps the very same objects, and one comparison per
 * part tells. The follow-up's histories ask this of nearly every event.
 */
export function sameObligations(a: QuestionState, b: QuestionState): boolean {
  if (!a.exists || !b.exists) return !a.exists && !b.exists;
  for (const part of OBLIGATION_INPUTS) if (a[part] !== b[part]) return false;
  return isEndedStage(a.stage) === isEndedStage(b.stage);
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
