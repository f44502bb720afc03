/**
 * The rules of a question's process: `decide` turns a command into events or
 * refuses it with the rule it breaks. Pure: no framework, no clock, no I/O — time,
 * ids and the actor arrive with the command. State and `evolve` live in
 * question.state.ts; `questionDecider` joins them with `decide` for the shared
 * write path (src/command-handling/execute-with-decider.ts).
 *
 * The HTTP layer validates the shape of input too; the checks here are the
 * domain's own, so the demo loader and scripts cannot bypass them.
 */
import { AggregateNotFound, DomainRuleViolation } from '../shared-kernel/domain-errors';
import { DEFAULT_TIME_ZONE, calendarDateOf } from '../shared-kernel/calendar';
import { knownIds, type KnownIds, type OrganisationId } from '../reference-data/organisations';
import type { CommandContext, ForumEnding, QuestionCommand } from './question.commands';
import {
  QUESTION_EVENT_SCHEMA_VERSIONS,
  type ConsultationAnswered,
  type ConsultationClosed,
  type ConsultationOpened,
  type DecisionBody,
  type DecisionDocumentAttached,
  type DecisionOutcome,
  type DialogueRecorded,
  type QuestionTabled,
  type FeedbackReportedAtHome,
  type InputSubmitted,
  type MemberDecisionCorrected,
  type MemberDecisionDetails,
  type MemberDecisionRecorded,
  type PositionSentBackToDialogue,
  type PositionTaken,
  type QuestionAccepted,
  type QuestionClosed,
  type QuestionDeclined,
  type QuestionEvent,
  type QuestionMovedToForum,
  type QuestionRaised,
  type QuestionReopened,
  type QuestionWithdrawn,
} from './question.events';
import { evolve, initialState, isEndedStage, type ExistingQuestionState, type QuestionState } from './question.state';
import { splitFullName, upcastQuestionEvent } from './question.upcasters';

export { evolve, initialState } from './question.state';
export type { EventContext, QuestionState } from './question.state';

/** Every rule `decide` can refuse a command with; the ids are stable, clients map on them. */
export type QuestionRule =
  | 'question-already-exists'
  | 'question-not-open'
  | 'question-already-open'
  | 'question-not-accepted'
  | 'question-already-accepted'
  | 'reason-required'
  | 'required-field-blank'
  | 'invalid-date'
  | 'invalid-url'
  | 'unknown-organisation'
  | 'unknown-forum'
  | 'unknown-raiser'
  | 'unknown-logic'
  | 'organisation-list-empty'
  | 'duplicate-organisation'
  | 'same-forum'
  | 'position-in-force'
  | 'consultation-already-exists'
  | 'unknown-consultation'
  | 'consultation-closed'
  | 'consultation-already-closed'
  | 'organisation-not-consultation-party'
  | 'position-requires-decision-document'
  | 'position-already-taken'
  | 'no-position-in-force'
  | 'organisation-not-named-in-position'
  | 'decision-already-recorded'
  | 'no-decision-to-correct'
  | 'correction-changes-nothing'
  | 'body-does-not-match-organisation'
  | 'unknown-decision-outcome'
  | 'feedback-organisation-not-involved'
  | 'effective-date-in-future'
  | 'effective-date-before-raised'
  | 'effective-date-out-of-order'
  | 'question-forum-ended'
  | 'forum-not-open';

type Data<C extends QuestionCommand['type']> = Extract<QuestionCommand, { type: C }>['data'];
type Question = ExistingQuestionState;

export function decide(command: QuestionCommand, state: QuestionState, context: CommandContext): QuestionEvent[] {
  // Who may do what is checked by access control before decide is called; the time matters only for the effective date.
  if (command.type === 'RaiseQuestion') {
    const raised = raiseQuestion(command.data, state, knownStructure(context));
    requireEffectiveDate(context, null);
    return [raised];
  }
  if (!state.exists) throw new AggregateNotFound('Question', command.data.questionId);
  requireEffectiveDate(context, state);
  if (command.type === 'ReopenQuestion') return [reopenQuestion(command.data, state)];
  requireOpen(state);
  requireForumsNotEnded(command, state, context);
  const known = knownStructure(context);
  switch (command.type) {
    case 'AcceptQuestion':
      return [acceptQuestion(command.data, state, known)];
    case 'DeclineQuestion':
      return [declineQuestion(command.data, state)];
    case 'MoveQuestionToForum':
      return [moveQuestionToForum(command.data, state, known)];
    case 'RecordDialogue':
      return [recordDialogue(command.data, state, known)];
    case 'TableQuestion':
      return [tableQuestion(command.data, state, known)];
    case 'SubmitInput':
      return [submitInput(command.data, state, known)];
    case 'OpenConsultation':
      return [openConsultation(command.data, state, known)];
    case 'AnswerConsultation':
      return [answerConsultation(command.data, state, known)];
    case 'CloseConsultation':
      return [closeConsultation(command.data, state)];
    case 'AttachDecisionDocument':
      return [attachDecisionDocument(command.data, state)];
    case 'TakePosition':
      return [takePosition(command.data, state, known)];
    case 'SendBackToDialogue':
      return [sendBackToDialogue(command.data, state)];
    case 'RecordMemberDecision':
      return [recordMemberDecision(command.data, state, known)];
    case 'CorrectMemberDecision':
      return [correctMemberDecision(command.data, state, known)];
    case 'RecordFeedbackAtHome':
      return [recordFeedbackAtHome(command.data, state, known)];
    case 'CloseQuestion':
      return [closeQuestion(command.data, state)];
    case 'WithdrawQuestion':
      return [withdrawQuestion(command.data, state)];
  }
}

/**
 * The question's decider as the shared write path sees it (the shape of
 * `Decider` in src/command-handling/decider.ts, checked where it is passed):
 * `initialState`, `evolve` and `decide`, each event type's schema version,
 * the upcaster of older versions, and effective dates. Streams are named
 * `question-<id>`.
 */
export const questionDecider = {
  aggregateName: 'Question',
  streamPrefix: 'question',
  initialState,
  evolve,
  decide,
  schemaVersionOf: (type: QuestionEvent['type']): number => QUESTION_EVENT_SCHEMA_VERSIONS[type],
  upcast: upcastQuestionEvent,
  tracksEffectiveDates: true,
};

// ─── Forums the structure register has ended ─────────────────────────────────

/**
 * What a question whose forum has been merged or discontinued still takes:
 * being moved to an open forum, withdrawn or closed — and the records of what
 * member organisations did in their own bodies (decisions, corrections,
 * feedback at home, consultation answers), which happened outside the forum
 * and stay on record. Everything else is the forum's own work and waits until
 * the question is moved (docs/structure.md).
 */
const TAKEN_IN_AN_ENDED_FORUM: ReadonlySet<QuestionCommand['type']> = new Set([
  'MoveQuestionToForum',
  'WithdrawQuestion',
  'CloseQuestion',
  'RecordMemberDecision',
  'CorrectMemberDecision',
  'RecordFeedbackAtHome',
  'AnswerConsultation',
]);

/**
 * A question in a forum that had ended by the command's day must be moved
 * (`question-forum-ended`); a question is not accepted into, moved to, or
 * discussed or tabled in a forum that had ended by then (`forum-not-open`).
 * The register's facts arrive in the context; without them (an empty
 * register) nothing is checked.
 */
function requireForumsNotEnded(command: QuestionCommand, question: Question, context: CommandContext): void {
  const ended = context.structure?.endedForums;
  if (!ended) return;
  const day = context.effectiveOn ?? calendarDateOf(context.now, context.timeZone ?? DEFAULT_TIME_ZONE);
  const endedBy = (forumId: string, date: string): ForumEnding | undefined => {
    const ending = ended[forumId];
    return ending && ending.on <= date ? ending : undefined;
  };
  const own = question.forum ? endedBy(question.forum, day) : undefined;
  if (own && !TAKEN_IN_AN_ENDED_FORUM.has(command.type)) {
    refuse(
      'question-forum-ended',
      `The question's forum ${question.forum} ${endedText(own)}: the question must be moved to an open forum (MoveQuestionToForum) before ${command.type}; it may also be withdrawn or closed`,
    );
  }
  const named = forumNamedBy(command);
  const target = named ? endedBy(named.forum, named.on ?? day) : undefined;
  if (named && target) refuse('forum-not-open', `Forum ${named.forum} ${endedText(target)}; name a forum that is open on ${named.on ?? day}`, 'forum');
}

function endedText(ending: ForumEnding): string {
  return ending.how === 'merged' ? `was merged into ${ending.intoForumId} on ${ending.on}` : `was discontinued on ${ending.on}`;
}

/** The forum a command puts the question in or holds it in, and the day that matters (a meeting's, or the command's). */
function forumNamedBy(command: QuestionCommand): { forum: string; on?: string } | undefined {
  switch (command.type) {
    case 'AcceptQuestion':
    case 'MoveQuestionToForum':
      return { forum: command.data.forum };
    case 'RecordDialogue':
    case 'TableQuestion':
      return { forum: command.data.forum, on: command.data.heldOn };
    default:
      return undefined;
  }
}

// ─── Raising, preparing, declining ───────────────────────────────────────────

function raiseQuestion(data: Data<'RaiseQuestion'>, state: QuestionState, known: KnownStructure): QuestionRaised {
  if (state.exists) refuse('question-already-exists', `Question ${data.questionId} has already been raised`);
  requireText(data.questionId, 'questionId');
  requireText(data.title, 'title');
  requireText(data.description, 'description');
  requireKnownRaiser(known, data.raisedBy);
  requireText(data.topicArea, 'topicArea');
  data.documents.forEach((document, index) => {
    requireText(document.title, `documents[${index}].title`);
    requireUrl(document.url, `documents[${index}].url`);
  });
  const { questionId, title, description, topicArea } = data;
  // Copies, so the event shares no object with the command and holds only the contract's fields.
  const raisedBy = { ...data.raisedBy };
  const documents = data.documents.map((document) => ({ title: document.title, url: document.url }));
  return { type: 'QuestionRaised', data: { questionId, title, description, raisedBy, topicArea, documents } };
}

function acceptQuestion(data: Data<'AcceptQuestion'>, question: Question, known: KnownStructure): QuestionAccepted {
  requireStillRaised(question, 'accepted');
  requireForum(known, data.forum, 'forum');
  if (data.logic !== 'process' && data.logic !== 'decision') {
    refuse('unknown-logic', `logic must be 'process' (processlogik) or 'decision' (beslutslogik), got "${String(data.logic)}"`);
  }
  const responsible = data.responsible;
  let names: { givenName: string; familyName: string };
  if ('name' in responsible) {
    requireText(responsible.name, 'responsible.name');
    names = splitFullName(responsible.name);
  } else {
    requireText(responsible.givenName, 'responsible.givenName');
    requireText(responsible.familyName, 'responsible.familyName');
    names = { givenName: responsible.givenName.trim(), familyName: responsible.familyName.trim() };
  }
  requireOrganisation(known, responsible.organisationId, 'responsible.organisationId');
  return {
    type: 'QuestionAccepted',
    data: { questionId: question.id, forum: data.forum, logic: data.logic, responsible: { ...names, organisationId: responsible.organisationId } },
  };
}

function declineQuestion(data: Data<'DeclineQuestion'>, question: Question): QuestionDeclined {
  requireStillRaised(question, 'declined');
  requireReason(data.reason, 'decline a question');
  return { type: 'QuestionDeclined', data: { questionId: question.id, reason: data.reason } };
}

function moveQuestionToForum(data: Data<'MoveQuestionToForum'>, question: Question, known: KnownStructure): QuestionMovedToForum {
  const fromForum = requireAccepted(question);
  requireForum(known, data.forum, 'forum');
  if (data.forum === fromForum) refuse('same-forum', `The question is already in forum ${fromForum}; moving needs another forum`);
  requireReason(data.reason, 'move a question to another forum');
  return {
    type: 'QuestionMovedToForum',
    data: { questionId: question.id, fromForum, toForum: data.forum, reason: data.reason },
  };
}

// ─── Dialogue: dialogue, input, consultation ─────────────────────────────────

function recordDialogue(data: Data<'RecordDialogue'>, question: Question, known: KnownStructure): DialogueRecorded {
  requireAccepted(question);
  requireNoPositionInForce(question, 'record dialogue');
  requireForum(known, data.forum, 'forum');
  requireDate(data.heldOn, 'heldOn');
  requireText(data.summary, 'summary');
  if (data.meetingReference !== undefined) requireText(data.meetingReference, 'meetingReference');
  const { forum, heldOn, summary, meetingReference } = data;
  return {
    type: 'DialogueRecorded',
    data: { questionId: question.id, forum, heldOn, summary, ...(meetingReference !== undefined ? { meetingReference } : {}) },
  };
}

function tableQuestion(data: Data<'TableQuestion'>, question: Question, known: KnownStructure): QuestionTabled {
  requireAccepted(question);
  requireForum(known, data.forum, 'forum');
  requireDate(data.heldOn, 'heldOn');
  requireText(data.meetingReference, 'meetingReference');
  requireText(data.summary, 'summary');
  const { forum, heldOn, meetingReference, summary } = data;
  return { type: 'QuestionTabled', data: { questionId: question.id, forum, heldOn, meetingReference, summary } };
}

function submitInput(data: Data<'SubmitInput'>, question: Question, known: KnownStructure): InputSubmitted {
  requireAccepted(question);
  requireNoPositionInForce(question, 'submit input');
  requireOrganisation(known, data.organisationId, 'organisationId');
  requireText(data.content, 'content');
  return {
    type: 'InputSubmitted',
    data: { questionId: question.id, organisationId: data.organisationId, content: data.content },
  };
}

function openConsultation(data: Data<'OpenConsultation'>, question: Question, known: KnownStructure): ConsultationOpened {
  requireAccepted(question);
  requireNoPositionInForce(question, 'open a consultation');
  requireText(data.consultationId, 'consultationId');
  if (question.consultations.some((consultation) => consultation.id === data.consultationId)) {
    refuse('consultation-already-exists', `Consultation ${data.consultationId} already exists on this question; use a new id`);
  }
  requireText(data.subject, 'subject');
  requireOrganisationList(known, data.parties, 'parties');
  requireDate(data.answerBy, 'answerBy');
  const { consultationId, subject, parties, answerBy } = data;
  return {
    type: 'ConsultationOpened',
    data: { questionId: question.id, consultationId, subject, parties: [...parties], answerBy },
  };
}

function answerConsultation(data: Data<'AnswerConsultation'>, question: Question, known: KnownStructure): ConsultationAnswered {
  const consultation = requireConsultation(question, data.consultationId);
  if (consultation.status === 'closed') {
    refuse('consultation-closed', `Consultation ${consultation.id} is closed and takes no more answers`);
  }
  requireOrganisation(known, data.organisationId, 'organisationId');
  if (!consultation.parties.includes(data.organisationId)) {
    refuse(
      'organisation-not-consultation-party',
      `Only the parties named in consultation ${consultation.id} may answer it; ${data.organisationId} is not one of them`,
    );
  }
  requireText(data.answer, 'answer');
  return {
    type: 'ConsultationAnswered',
    data: {
      questionId: question.id,
      consultationId: consultation.id,
      organisationId: data.organisationId,
      answer: data.answer,
      amendsEarlierAnswer: consultation.answers[data.organisationId] !== undefined,
    },
  };
}

function closeConsultation(data: Data<'CloseConsultation'>, question: Question): ConsultationClosed {
  const consultation = requireConsultation(question, data.consultationId);
  if (consultation.status === 'closed') {
    refuse('consultation-already-closed', `Consultation ${consultation.id} is already closed`);
  }
  return {
    type: 'ConsultationClosed',
    data: {
      questionId: question.id,
      consultationId: consultation.id,
      unansweredOrganisations: consultation.parties.filter((party) => !consultation.answers[party]),
    },
  };
}

// ─── Decision document and position ──────────────────────────────────────────

function attachDecisionDocument(data: Data<'AttachDecisionDocument'>, question: Question): DecisionDocumentAttached {
  requireAccepted(question);
  requireNoPositionInForce(question, 'attach a decision document');
  requireText(data.reference, 'reference');
  requireText(data.title, 'title');
  requireText(data.proposedPosition, 'proposedPosition');
  if (data.url !== undefined) requireUrl(data.url, 'url');
  const { reference, title, proposedPosition, url } = data;
  return {
    type: 'DecisionDocumentAttached',
    data: { questionId: question.id, reference, title, proposedPosition, ...(url !== undefined ? { url } : {}) },
  };
}

function takePosition(data: Data<'TakePosition'>, question: Question, known: KnownStructure): PositionTaken {
  requireAccepted(question);
  if (question.position) {
    refuse(
      'position-already-taken',
      `A position is already in force on this question (taken ${question.position.takenAt}); send it back to dialogue before taking a new one`,
    );
  }
  if (question.decisionDocuments.length === 0) {
    refuse('position-requires-decision-document', 'A position can only be taken on a decision document (beslutsunderlag); attach one first');
  }
  requireText(data.text, 'text');
  requireOrganisationList(known, data.organisationsToDecide, 'organisationsToDecide');
  requireDate(data.decideBy, 'decideBy');
  if (data.meetingReference !== undefined) requireText(data.meetingReference, 'meetingReference');
  const { text, organisationsToDecide, decideBy, meetingReference } = data;
  return {
    type: 'PositionTaken',
    data: {
      questionId: question.id,
      text,
      organisationsToDecide: [...organisationsToDecide],
      decideBy,
      ...(meetingReference !== undefined ? { meetingReference } : {}),
    },
  };
}

function sendBackToDialogue(data: Data<'SendBackToDialogue'>, question: Question): PositionSentBackToDialogue {
  requirePositionInForce(question);
  requireReason(data.reason, 'send a position back to dialogue');
  return {
    type: 'PositionSentBackToDialogue',
    data: { questionId: question.id, reason: data.reason, droppedOrganisations: [...question.pendingDecisions] },
  };
}

// ─── Decisions in member organisations and feedback at home ──────────────────

function recordMemberDecision(data: Data<'RecordMemberDecision'>, question: Question, known: KnownStructure): MemberDecisionRecorded {
  const position = requirePositionInForce(question);
  requireOrganisation(known, data.organisationId, 'organisationId');
  if (!position.organisationsToDecide.includes(data.organisationId)) {
    refuse(
      'organisation-not-named-in-position',
      `Only organisations named in the position in force may record a decision; ${data.organisationId} is not named`,
    );
  }
  if (question.memberDecisions[data.organisationId]) {
    refuse(
      'decision-already-recorded',
      `A decision by ${data.organisationId} is already recorded under this position; correct it (CorrectMemberDecision) instead of recording it again`,
    );
  }
  return { type: 'MemberDecisionRecorded', data: { questionId: question.id, ...validDecisionDetails(known, data) } };
}

function correctMemberDecision(data: Data<'CorrectMemberDecision'>, question: Question, known: KnownStructure): MemberDecisionCorrected {
  requireOrganisation(known, data.organisationId, 'organisationId');
  const recorded = question.memberDecisions[data.organisationId];
  if (!recorded) {
    refuse(
      'no-decision-to-correct',
      `No decision by ${data.organisationId} is recorded under the position in force, so there is nothing to correct; record it instead`,
    );
  }
  requireReason(data.reason, 'correct a recorded decision');
  const details = validDecisionDetails(known, data);
  const current = recorded.current;
  const unchanged =
    current.body === details.body &&
    current.bodyName === (details.bodyName ?? null) &&
    current.decidedOn === details.decidedOn &&
    current.outcome === details.outcome &&
    current.reference === details.reference &&
    current.note === (details.note ?? null);
  if (unchanged) {
    refuse('correction-changes-nothing', `The correction of ${data.organisationId}'s decision is identical to the recorded one`);
  }
  return { type: 'MemberDecisionCorrected', data: { questionId: question.id, reason: data.reason, ...details } };
}

function recordFeedbackAtHome(data: Data<'RecordFeedbackAtHome'>, question: Question, known: KnownStructure): FeedbackReportedAtHome {
  requireOrganisation(known, data.organisationId, 'organisationId');
  const organisationId = data.organisationId;
  const namedInPositionInForce = question.position?.organisationsToDecide.includes(organisationId) ?? false;
  const decidedEarlier = question.earlierPositions.some((earlier) => earlier.memberDecisions[organisationId]);
  if (!namedInPositionInForce && !decidedEarlier) {
    refuse(
      'feedback-organisation-not-involved',
      `Feedback at home is reported by organisations named in the position in force or that decided on an earlier one; ${organisationId} is neither`,
    );
  }
  requireText(data.reportedTo, 'reportedTo');
  requireDate(data.reportedOn, 'reportedOn');
  if (data.summary !== undefined) requireText(data.summary, 'summary');
  const { reportedTo, reportedOn, summary } = data;
  return {
    type: 'FeedbackReportedAtHome',
    data: { questionId: question.id, organisationId, reportedTo, reportedOn, ...(summary !== undefined ? { summary } : {}) },
  };
}

// ─── Closing, withdrawing, reopening ─────────────────────────────────────────

function closeQuestion(data: Data<'CloseQuestion'>, question: Question): QuestionClosed {
  requireReason(data.reason, 'close a question');
  // Recorded on the event so that closing before every decision is in stays visible in history.
  return {
    type: 'QuestionClosed',
    data: {
      questionId: question.id,
      reason: data.reason,
      allDecisionsIn: question.allDecisionsIn,
      outstandingOrganisations: [...question.pendingDecisions],
    },
  };
}

function withdrawQuestion(data: Data<'WithdrawQuestion'>, question: Question): QuestionWithdrawn {
  requireReason(data.reason, 'withdraw a question');
  return { type: 'QuestionWithdrawn', data: { questionId: question.id, reason: data.reason } };
}

function reopenQuestion(data: Data<'ReopenQuestion'>, question: Question): QuestionReopened {
  if (!isEndedStage(question.stage)) {
    refuse('question-already-open', `Only a closed, withdrawn or declined question can be reopened; this one is at stage ${question.stage}`);
  }
  requireReason(data.reason, 'reopen a question');
  return {
    type: 'QuestionReopened',
    data: { questionId: question.id, reason: data.reason, reopenedToStage: question.stageBeforeClosing ?? 'raised' },
  };
}

// ─── Effective time: the day the thing happened ─────────────────────────────

/**
 * A command may say that what it records happened on an earlier day than
 * today (effective time). That day is not in the future, not before the
 * question was raised, and not before the question's last event: a question's
 * events stay in the order things happened, so "as in effect on" a date is a
 * prefix of its stream, as "as recorded by" an instant is. A command without
 * a day is not checked: it records what happens now.
 */
function requireEffectiveDate(context: CommandContext, question: Question | null): void {
  // A command that names no day happened when it is recorded: the clocks of two instances may
  // disagree by a little, and that is no reason to refuse it.
  if (context.effectiveOn === undefined) return;
  const today = calendarDateOf(context.now, context.timeZone ?? DEFAULT_TIME_ZONE);
  const effectiveOn = context.effectiveOn;
  requireDate(effectiveOn, 'effectiveOn');
  if (effectiveOn > today) {
    refuse('effective-date-in-future', `effectiveOn ${effectiveOn} is in the future (today is ${today}); record what has happened`, 'effectiveOn');
  }
  if (question === null) return;
  if (effectiveOn < question.raisedOn) {
    refuse('effective-date-before-raised', `effectiveOn ${effectiveOn} is before the question was raised (${question.raisedOn})`, 'effectiveOn');
  }
  if (effectiveOn < question.lastEffectiveOn) {
    refuse(
      'effective-date-out-of-order',
      `effectiveOn ${effectiveOn} is before the question's last event (${question.lastEffectiveOn}); its events are kept in the order things happened`,
      'effectiveOn',
    );
  }
}

// ─── Guards shared by several commands ───────────────────────────────────────

function refuse(rule: QuestionRule, message: string, field?: string): never {
  throw new DomainRuleViolation(rule, `${message} (rule: ${rule})`, field);
}

function requireOpen(question: Question): void {
  if (isEndedStage(question.stage)) {
    refuse('question-not-open', `The question is ${question.stage}; only ReopenQuestion is accepted until it is reopened`);
  }
}

function requireStillRaised(question: Question, move: 'accepted' | 'declined'): void {
  if (question.stage !== 'raised') {
    refuse('question-already-accepted', `Only a newly raised question can be ${move}; this one is at stage ${question.stage}`);
  }
}

/** Returns the question's forum: an accepted question always has one. */
function requireAccepted(question: Question): NonNullable<Question['forum']> {
  if (question.stage === 'raised' || question.forum === null) {
    refuse('question-not-accepted', 'The question has not been accepted (beredd) into the structure yet; accept it first');
  }
  return question.forum;
}

function requireNoPositionInForce(question: Question, move: string): void {
  // Dialogue and new decision documents come before a position; with one in force they would
  // contradict it, so the position must be sent back to dialogue first.
  if (question.position) {
    refuse('position-in-force', `A position is in force on this question; send it back to dialogue before you ${move}`);
  }
}

function requirePositionInForce(question: Question): NonNullable<Question['position']> {
  if (!question.position) refuse('no-position-in-force', 'No position is in force on this question');
  return question.position;
}

function requireConsultation(question: Question, consultationId: string): Question['consultations'][number] {
  const consultation = question.consultations.find((candidate) => candidate.id === consultationId);
  if (!consultation) refuse('unknown-consultation', `This question has no consultation ${consultationId}`);
  return consultation;
}

function requireReason(reason: string, move: string): void {
  if (typeof reason !== 'string' || reason.trim() === '') refuse('reason-required', `A reason is required to ${move}`);
}

function requireText(value: string, field: string): void {
  if (typeof value !== 'string' || value.trim() === '') refuse('required-field-blank', `${field} must not be blank`);
}

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function requireDate(value: string, field: string): void {
  const match = typeof value === 'string' ? CALENDAR_DATE.exec(value) : null;
  const [year, month, day] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  // Building the date from its parts (not from the clock) rejects 2025-02-30 and the like.
  const date = new Date(Date.UTC(year, month - 1, day));
  const isCalendarDate = match !== null && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  if (!isCalendarDate) refuse('invalid-date', `${field} must be a calendar date written YYYY-MM-DD, got "${String(value)}"`, field);
}

function requireUrl(value: string, field: string): void {
  let protocol: string;
  try {
    protocol = new URL(value).protocol;
  } catch {
    protocol = '';
  }
  if (protocol !== 'https:' && protocol !== 'http:') {
    refuse('invalid-url', `${field} must be an http(s) URL, got "${String(value)}"`);
  }
}

type KnownStructure = KnownIds;

const knownStructure = (context: CommandContext): KnownStructure => knownIds(context.structure);

function requireOrganisation(known: KnownStructure, value: string, field: string): asserts value is OrganisationId {
  if (typeof value !== 'string' || known.organisationKind(value) === undefined) {
    refuse('unknown-organisation', `${field}: "${String(value)}" is no organisation in ${known.source}`, field);
  }
}

function requireForum(known: KnownStructure, value: string, field: string): void {
  if (typeof value !== 'string' || !known.isForum(value)) refuse('unknown-forum', `${field}: "${String(value)}" is no forum in ${known.source}`, field);
}

function requireKnownRaiser(known: KnownStructure, raisedBy: Data<'RaiseQuestion'>['raisedBy']): void {
  const isKnown =
    (raisedBy.kind === 'organisation' && known.organisationKind(raisedBy.id) !== undefined) || (raisedBy.kind === 'forum' && known.isForum(raisedBy.id));
  if (!isKnown) {
    refuse('unknown-raiser', `raisedBy must name an organisation or a forum in ${known.source}, got ${raisedBy.kind} "${String(raisedBy.id)}"`, 'raisedBy.id');
  }
}

/** Non-empty, no duplicates, only member organisations: who is asked or named must be unambiguous. */
function requireOrganisationList(known: KnownStructure, ids: readonly string[], field: string): void {
  if (!Array.isArray(ids) || ids.length === 0) {
    refuse('organisation-list-empty', `${field} must name at least one member organisation`);
  }
  ids.forEach((id) => requireOrganisation(known, id, field));
  const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
  if (duplicate !== undefined) refuse('duplicate-organisation', `${field} names ${duplicate} more than once`);
}

/** Which bodies can decide in which kind of organisation: a municipality has no regional board. */
const BODIES_BY_KIND: Record<'region' | 'municipality', readonly DecisionBody[]> = {
  municipality: ['municipal-council', 'municipal-executive-board', 'committee'],
  region: ['regional-council', 'regional-board', 'regional-committee'],
};

const OUTCOMES: readonly DecisionOutcome[] = ['adopted', 'adopted-with-changes', 'rejected', 'will-not-decide'];

function validDecisionDetails(known: KnownStructure, data: MemberDecisionDetails): MemberDecisionDetails {
  const { organisationId, body, bodyName, decidedOn, outcome, reference, note } = data;
  // An organisation of another kind (`other` in the register) may decide in any of the bodies: its kind says nothing of them.
  const kind = known.organisationKind(organisationId) ?? 'other';
  if (kind !== 'other' && !BODIES_BY_KIND[kind].includes(body)) {
    refuse(
      'body-does-not-match-organisation',
      `${organisationId} is a ${kind}; its decision is taken by one of ${BODIES_BY_KIND[kind].join(', ')}, not "${String(body)}"`,
    );
  }
  if (bodyName !== undefined) requireText(bodyName, 'bodyName');
  requireDate(decidedOn, 'decidedOn');
  if (!OUTCOMES.includes(outcome)) {
    refuse('unknown-decision-outcome', `outcome must be one of ${OUTCOMES.join(', ')}, got "${String(outcome)}"`);
  }
  requireText(reference, 'reference');
  if (note !== undefined) requireText(note, 'note');
  return {
    organisationId,
    body,
    ...(bodyName !== undefined ? { bodyName } : {}),
    decidedOn,
    outcome,
    reference,
    ...(note !== undefined ? { note } : {}),
  };
}
