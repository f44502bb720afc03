/**
 * What the question slice publishes to the views that read it (the question
 * list, the follow-up, the outstanding log, agenda proposals, time travel and
 * audit): where a question stands — its title, stage and forum, the position
 * in force and who has still to decide, its next step and its obligations,
 * each with `details` typed by its kind, and whether two states have the same
 * obligations — the state that standing is derived from, how to fold that
 * state from stored events, and the labels people read. The follow-up, the
 * outstanding log, agenda proposals and the views as of a past time read the
 * standing and never a field of the state.
 * Readers import this file and nothing else from `src/questions/`
 * (`npm run lint:deps`, rule `slice-through-its-contract`); everything else in
 * the folder may change without them.
 */
import { foldEvents, streamIdOf, toDomainEvent } from '../command-handling/execute-with-decider';
import type { RecordedEvent } from '../event-store/event-store.port';
import type { Folded, StreamFold, StreamStates } from '../projections/stream-states';
import { questionDecider } from './question.decider';
import { QUESTION_EVENT_SCHEMA_VERSIONS, type QuestionEvent } from './question.events';
import type { ExistingQuestionState, QuestionStage, QuestionState } from './question.state';
import { type QuestionStanding, standingWhenRead } from './question-standing';

export {
  type ConsultationAnswerObligationDetails,
  type FeedbackAtHomeObligationDetails,
  type LastMeeting,
  type MemberDecisionObligationDetails,
  type NextStep,
  type Obligation,
  type ObligationDetails,
  type PositionInForce,
  type QuestionStanding,
  type StepOwner,
  obligationsOf,
  sameObligations,
  standingOf,
} from './question-standing';
export * from './question-labels';
export {
  type ConsultationState,
  type ExistingQuestionState,
  type MemberDecisionState,
  type PositionState,
  type QuestionStage,
  type QuestionState,
  QUESTION_STAGE_LABELS,
  isEndedStage,
} from './question.state';
export {
  type DecisionBody,
  type DecisionOutcome,
  type QuestionEvent,
  type QuestionEventType,
  type QuestionLogic,
  QUESTION_EVENT_LABELS,
  QUESTION_EVENT_SCHEMA_VERSIONS,
  fullNameOf,
} from './question.events';
export { withoutPersons, type ActingCapacity } from './question-readers';

const STREAM_PREFIX = `${questionDecider.streamPrefix}-`;

/** The stream a question's events are stored in. */
export function questionStreamId(questionId: string): string {
  return streamIdOf(questionDecider, questionId);
}

/** Whether a stored event is one of a question's (other slices' events share the log). */
export function isQuestionEvent(event: RecordedEvent): boolean {
  return event.streamId.startsWith(STREAM_PREFIX) && Object.prototype.hasOwnProperty.call(QUESTION_EVENT_SCHEMA_VERSIONS, event.type);
}

/** The question a stored question event belongs to. */
export function questionIdOf(event: Pick<RecordedEvent, 'streamId'>): string {
  return event.streamId.slice(STREAM_PREFIX.length);
}

/** The state before a question's first event. */
export function initialQuestionState(): QuestionState {
  return questionDecider.initialState();
}

/** A stored question event in the current shape of its type (older versions upcast). */
export function questionEventOf(recorded: RecordedEvent): QuestionEvent {
  return toDomainEvent(questionDecider, recorded);
}

/** The state after one more stored event, with the domain's own `evolve`: a view cannot disagree with the rules. */
export function evolveQuestion(state: QuestionState, recorded: RecordedEvent): QuestionState {
  const { occurredAt, actor, effectiveOn } = recorded.metadata;
  return questionDecider.evolve(state, toDomainEvent(questionDecider, recorded), { occurredAt, actor, ...(effectiveOn !== undefined ? { effectiveOn } : {}) });
}

/** The state a question's stored events fold to, from `from` (default: before its first event). */
export function foldQuestion(events: RecordedEvent[], from?: QuestionState): QuestionState {
  return foldEvents(questionDecider, events, from);
}

/**
 * How projections follow question streams (src/projections/stream-states.ts):
 * every view that folds questions uses this one fold, so the projections of a
 * process share each question's folded state and what is derived from it.
 */
export const questionStreams: StreamFold<QuestionState> = {
  name: 'question',
  follows: isQuestionEvent,
  initial: initialQuestionState,
  evolve: evolveQuestion,
};

/**
 * The stage of a folded question (null before it is raised): all the
 * follow-up's histories need of a state whose obligations did not change
 * (`sameObligations`), which is most of them, without deriving its standing.
 */
export function stageOf(state: QuestionState): QuestionStage | null {
  return state.exists ? state.stage : null;
}

/**
 * A folded question's standing (none before it is raised), derived once per
 * state for every projection of the process that asks, each part the first
 * time one of them reads it.
 */
export function standingAt(states: StreamStates, folded: Folded<QuestionState>): QuestionStanding | null {
  if (!folded.state.exists) return null;
  return states.derive(folded, 'standing', (state) => standingWhenRead(state as ExistingQuestionState));
}
