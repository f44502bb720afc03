/**
 * The state of one question, folded from its events. It is what `decide` checks
 * rules against and what `GET /questions/:id` shows, so it keeps history (earlier
 * answers, corrected decisions, positions sent back) instead of overwriting it.
 * Plain objects and arrays only, so it survives JSON.stringify unchanged.
 */
import type { Actor } from '../event-store/event-store.port';
import type { ForumId } from '../reference-data/forums';
import type { OrganisationId } from '../reference-data/organisations';
import type {
  DecisionBody,
  DecisionOutcome,
  MemberDecisionDetails,
  QuestionDocument,
  QuestionEvent,
  QuestionLogic,
  QuestionRaiser,
  ReopenableStage,
  ResponsibleOfficial,
} from './question.events';
import { fullNameOf } from './question.events';
import { effectiveDateOf } from '../shared-kernel/calendar';

/** The stages that end a question; only ReopenQuestion is accepted in them. */
export type EndedStage = 'closed' | 'withdrawn' | 'declined';

export type QuestionStage = ReopenableStage | EndedStage;

export const QUESTION_STAGE_LABELS: Record<QuestionStage, { sv: string; en: string }> = {
  raised: { sv: 'Väckt', en: 'Raised' },
  accepted: { sv: 'Beredd', en: 'Accepted' },
  dialogue: { sv: 'Dialog', en: 'Dialogue' },
  'decision-document': { sv: 'Beslutsunderlag', en: 'Decision document' },
  'position-taken': { sv: 'Ställningstagande', en: 'Position taken' },
  closed: { sv: 'Avslutad', en: 'Closed' },
  withdrawn: { sv: 'Återkallad', en: 'Withdrawn' },
  declined: { sv: 'Avvisad', en: 'Declined' },
};

export function isEndedStage(stage: QuestionStage): stage is EndedStage {
  return stage === 'closed' || stage === 'withdrawn' || stage === 'declined';
}

/** When and by whom an event happened: the part of the stored metadata that evolve needs. */
export interface EventContext {
  occurredAt: string;
  actor: Actor;
  /** The day it happened (`metadata.effectiveOn`); absent on events recorded before effective dates, read as the day of `occurredAt`. */
  effectiveOn?: string;
}

interface Recorded {
  recordedAt: string;
  recordedBy: Actor;
}

export interface ForumMove {
  fromForum: ForumId;
  toForum: ForumId;
  reason: string;
  movedAt: string;
  movedBy: Actor;
}

export interface DialogueEntry extends Recorded {
  forum: ForumId;
  heldOn: string;
  summary: string;
  /** "Värmlandsrådet 2027-03-12 § 2" when held as a meeting's item; absent otherwise. */
  meetingReference?: string;
}

export interface InputEntry extends Recorded {
  organisationId: OrganisationId;
  content: string;
}

export interface ConsultationAnswerVersion {
  answer: string;
  answeredAt: string;
  answeredBy: Actor;
}

export interface ConsultationAnswerState {
  organisationId: OrganisationId;
  current: ConsultationAnswerVersion;
  /** Answers this party gave before, oldest first; a later answer amends, it does not erase. */
  earlierVersions: ConsultationAnswerVersion[];
}

export interface ConsultationState {
  id: string;
  subject: string;
  parties: OrganisationId[];
  answerBy: string;
  status: 'open' | 'closed';
  openedAt: string;
  closedAt: string | null;
  answers: Partial<Record<OrganisationId, ConsultationAnswerState>>;
  /** The parties that had not answered when it closed; null while open. */
  unansweredAtClose: OrganisationId[] | null;
}

export interface DecisionDocumentEntry extends Recorded {
  reference: string;
  title: string;
  proposedPosition: string;
  url: string | null;
}

export interface PositionState {
  /** 1 for the first position taken on the question, 2 after one was sent back, … */
  number: number;
  text: string;
  organisationsToDecide: OrganisationId[];
  decideBy: string;
  meetingReference: string | null;
  takenAt: string;
  takenBy: Actor;
}

export interface MemberDecisionVersion extends Recorded {
  body: DecisionBody;
  bodyName: string | null;
  decidedOn: string;
  outcome: DecisionOutcome;
  reference: string;
  note: string | null;
  /** Null for the decision as first recorded; the reason given for a correction otherwise. */
  correctionReason: string | null;
}

export interface MemberDecisionState {
  organisationId: OrganisationId;
  current: MemberDecisionVersion;
  /** Versions superseded by corrections, oldest first. Never edited. */
  earlierVersions: MemberDecisionVersion[];
}

export type MemberDecisions = Partial<Record<OrganisationId, MemberDecisionState>>;

/** A position that was sent back to dialogue, with the decisions recorded while it was in force. */
export interface EarlierPositionState extends PositionState {
  sentBackAt: string;
  sentBackBy: Actor;
  sentBackReason: string;
  memberDecisions: MemberDecisions;
  droppedOrganisations: OrganisationId[];
}

export interface FeedbackEntry extends Recorded {
  organisationId: OrganisationId;
  reportedTo: string;
  reportedOn: string;
  summary: string | null;
}

/** The responsible official with the name as people write it (given name, then family name). */
export interface ResponsibleOfficialState extends ResponsibleOfficial {
  name: string;
}

export interface ClosureState {
  stage: EndedStage;
  reason: string;
  at: string;
  by: Actor;
}

export interface ExistingQuestionState {
  exists: true;
  id: string;
  title: string;
  description: string;
  raisedBy: QuestionRaiser;
  topicArea: string;
  documents: QuestionDocument[];
  stage: QuestionStage;
  /** The stage to return to on reopening; null while the question is open. */
  stageBeforeClosing: ReopenableStage | null;
  forum: ForumId | null;
  logic: QuestionLogic | null;
  responsible: ResponsibleOfficialState | null;
  forumMoves: ForumMove[];
  dialogues: DialogueEntry[];
  inputs: InputEntry[];
  consultations: ConsultationState[];
  decisionDocuments: DecisionDocumentEntry[];
  /** The position in force; null before one is taken and after it is sent back. */
  position: PositionState | null;
  earlierPositions: EarlierPositionState[];
  /** Decisions recorded under the position in force, keyed by organisation. */
  memberDecisions: MemberDecisions;
  /** Organisations named in the position in force that have not recorded a decision. */
  pendingDecisions: OrganisationId[];
  /** True only when a position is in force and every organisation it names has decided. */
  allDecisionsIn: boolean;
  feedbackAtHome: FeedbackEntry[];
  /** Why and when the question was closed, withdrawn or declined; null while open. */
  closure: ClosureState | null;
  /** When the question was registered here (recorded time). */
  raisedAt: string;
  /** When it was last accepted for preparation (beredd); null before. */
  acceptedAt: string | null;
  /** The day it was raised (effective time): the same day as `raisedAt` unless it was entered afterwards, e.g. imported. */
  raisedOn: string;
  /** The user who registered the question (raisedBy is the party it came from). */
  registeredBy: Actor;
  /** When the last event was recorded. */
  lastChangedAt: string;
  /** The day the last event happened (effective time); a later command may not say it happened before it. */
  lastEffectiveOn: string;
}

export type QuestionState = { exists: false } | ExistingQuestionState;

export function initialState(): QuestionState {
  return { exists: false };
}

export function evolve(state: QuestionState, event: QuestionEvent, context: EventContext): QuestionState {
  if (event.type === 'QuestionRaised') return raised(event.data, context);
  // A well-formed stream starts with QuestionRaised; anything before it carries no state.
  if (!state.exists) return state;
  return { ...applyToQuestion(state, event, context), lastChangedAt: context.occurredAt, lastEffectiveOn: effectiveDateOf(context) };
}

function raised(data: Extract<QuestionEvent, { type: 'QuestionRaised' }>['data'], context: EventContext): ExistingQuestionState {
  return {
    exists: true,
    id: data.questionId,
    title: data.title,
    description: data.description,
    raisedBy: data.raisedBy,
    topicArea: data.topicArea,
    documents: data.documents,
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
    raisedAt: context.occurredAt,
    acceptedAt: null,
    raisedOn: effectiveDateOf(context),
    registeredBy: context.actor,
    lastChangedAt: context.occurredAt,
    lastEffectiveOn: effectiveDateOf(context),
  };
}

function applyToQuestion(
  state: ExistingQuestionState,
  event: Exclude<QuestionEvent, { type: 'QuestionRaised' }>,
  context: EventContext,
): ExistingQuestionState {
  const recorded: Recorded = { recordedAt: context.occurredAt, recordedBy: context.actor };
  switch (event.type) {
    case 'QuestionAccepted': {
      const { forum, logic, responsible } = event.data;
      return {
        ...state,
        stage: 'accepted',
        forum,
        logic,
        responsible: { ...responsible, name: fullNameOf(responsible) },
        acceptedAt: context.occurredAt,
      };
    }
    case 'QuestionDeclined':
      return ended(state, 'declined', event.data.reason, context);
    case 'QuestionMovedToForum': {
      const { fromForum, toForum, reason } = event.data;
      const move: ForumMove = { fromForum, toForum, reason, movedAt: context.occurredAt, movedBy: context.actor };
      return { ...state, forum: toForum, forumMoves: [...state.forumMoves, move] };
    }
    case 'DialogueRecorded': {
      const { forum, heldOn, summary, meetingReference } = event.data;
      const entry = { forum, heldOn, summary, ...(meetingReference !== undefined ? { meetingReference } : {}), ...recorded };
      return { ...state, stage: 'dialogue', dialogues: [...state.dialogues, entry] };
    }
    case 'QuestionTabled':
      // Recorded in the question's history (timeline, audit); the question stands where it stood.
      return state;
    case 'InputSubmitted': {
      const { organisationId, content } = event.data;
      return { ...state, inputs: [...state.inputs, { organisationId, content, ...recorded }] };
    }
    case 'ConsultationOpened': {
      const { consultationId, subject, parties, answerBy } = event.data;
      const consultation: ConsultationState = {
        id: consultationId,
        subject,
        parties,
        answerBy,
        status: 'open',
        openedAt: context.occurredAt,
        closedAt: null,
        answers: {},
        unansweredAtClose: null,
      };
      return { ...state, stage: 'dialogue', consultations: [...state.consultations, consultation] };
    }
    case 'ConsultationAnswered': {
      const { consultationId, organisationId, answer } = event.data;
      const version: ConsultationAnswerVersion = { answer, answeredAt: context.occurredAt, answeredBy: context.actor };
      return updateConsultation(state, consultationId, (consultation) => {
        const earlier = consultation.answers[organisationId];
        const earlierVersions = earlier ? [...earlier.earlierVersions, earlier.current] : [];
        const answers = { ...consultation.answers, [organisationId]: { organisationId, current: version, earlierVersions } };
        return { ...consultation, answers };
      });
    }
    case 'ConsultationClosed':
      return updateConsultation(state, event.data.consultationId, (consultation) => ({
        ...consultation,
        status: 'closed',
        closedAt: context.occurredAt,
        unansweredAtClose: event.data.unansweredOrganisations,
      }));
    case 'DecisionDocumentAttached': {
      const { reference, title, proposedPosition, url } = event.data;
      const document: DecisionDocumentEntry = { reference, title, proposedPosition, url: url ?? null, ...recorded };
      return { ...state, stage: 'decision-document', decisionDocuments: [...state.decisionDocuments, document] };
    }
    case 'PositionTaken': {
      const { text, organisationsToDecide, decideBy, meetingReference } = event.data;
      const position: PositionState = {
        number: state.earlierPositions.length + 1,
        text,
        organisationsToDecide,
        decideBy,
        meetingReference: meetingReference ?? null,
        takenAt: context.occurredAt,
        takenBy: context.actor,
      };
      return withDecisions({ ...state, stage: 'position-taken', position }, {});
    }
    case 'PositionSentBackToDialogue': {
      if (!state.position) return state;
      const earlier: EarlierPositionState = {
        ...state.position,
        sentBackAt: context.occurredAt,
        sentBackBy: context.actor,
        sentBackReason: event.data.reason,
        memberDecisions: state.memberDecisions,
        droppedOrganisations: event.data.droppedOrganisations,
      };
      const earlierPositions = [...state.earlierPositions, earlier];
      return withDecisions({ ...state, stage: 'dialogue', position: null, earlierPositions }, {});
    }
    case 'MemberDecisionRecorded': {
      const decision: MemberDecisionState = {
        organisationId: event.data.organisationId,
        current: decisionVersion(event.data, recorded, null),
        earlierVersions: [],
      };
      return withDecisions(state, { ...state.memberDecisions, [decision.organisationId]: decision });
    }
    case 'MemberDecisionCorrected': {
      const { organisationId, reason } = event.data;
      const earlier = state.memberDecisions[organisationId];
      const decision: MemberDecisionState = {
        organisationId,
        current: decisionVersion(event.data, recorded, reason),
        earlierVersions: earlier ? [...earlier.earlierVersions, earlier.current] : [],
      };
      return withDecisions(state, { ...state.memberDecisions, [organisationId]: decision });
    }
    case 'FeedbackReportedAtHome': {
      const { organisationId, reportedTo, reportedOn, summary } = event.data;
      const feedback: FeedbackEntry = { organisationId, reportedTo, reportedOn, summary: summary ?? null, ...recorded };
      return { ...state, feedbackAtHome: [...state.feedbackAtHome, feedback] };
    }
    case 'QuestionClosed':
      return ended(state, 'closed', event.data.reason, context);
    case 'QuestionWithdrawn':
      return ended(state, 'withdrawn', event.data.reason, context);
    case 'QuestionReopened':
      return { ...state, stage: event.data.reopenedToStage, stageBeforeClosing: null, closure: null };
  }
}

function ended(state: ExistingQuestionState, stage: EndedStage, reason: string, context: EventContext): ExistingQuestionState {
  // Ending an already ended question cannot be decided; keep the stage to return to if a stream says so anyway.
  const stageBeforeClosing = isEndedStage(state.stage) ? state.stageBeforeClosing : state.stage;
  return {
    ...state,
    stage,
    stageBeforeClosing,
    closure: { stage, reason, at: context.occurredAt, by: context.actor },
  };
}

function updateConsultation(
  state: ExistingQuestionState,
  consultationId: string,
  update: (consultation: ConsultationState) => ConsultationState,
): ExistingQuestionState {
  const consultations = state.consultations.map((consultation) => (consultation.id === consultationId ? update(consultation) : consultation));
  return { ...state, consultations };
}

/** Sets the decisions under the position in force and recomputes what is still owed. */
function withDecisions(state: ExistingQuestionState, memberDecisions: MemberDecisions): ExistingQuestionState {
  const pendingDecisions = state.position ? state.position.organisationsToDecide.filter((organisationId) => !memberDecisions[organisationId]) : [];
  const allDecisionsIn = state.position !== null && pendingDecisions.length === 0;
  return { ...state, memberDecisions, pendingDecisions, allDecisionsIn };
}

function decisionVersion(details: MemberDecisionDetails, recorded: Recorded, correctionReason: string | null): MemberDecisionVersion {
  return {
    body: details.body,
    bodyName: details.bodyName ?? null,
    decidedOn: details.decidedOn,
    outcome: details.outcome,
    reference: details.reference,
    note: details.note ?? null,
    ...recorded,
    correctionReason,
  };
}
