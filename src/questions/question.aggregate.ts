import { Decider } from '../command-handling/decider';
import { QuestionCommand } from './question.commands';
import { QuestionState, decide, evolve, initialState } from './question.decider';
import { QUESTION_EVENT_SCHEMA_VERSIONS, QuestionEvent } from './question.events';
import { upcastQuestionEvent } from './question.upcasters';

/** The question's decider as the shared write path sees it. Streams are named `question-<id>`. */
export const questionDecider: Decider<QuestionCommand, QuestionEvent, QuestionState> = {
  aggregateName: 'Question',
  streamPrefix: 'question',
  initialState,
  evolve,
  decide,
  schemaVersionOf: (type) => QUESTION_EVENT_SCHEMA_VERSIONS[type],
  upcast: upcastQuestionEvent,
  tracksEffectiveDates: true,
};
