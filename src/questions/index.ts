/**
 * The question slice's write side, for the callers that give its commands
 * besides its own controller (the web forms, src/web/; the import, src/import/,
 * which runs the decider itself): the decider, the bus command, the
 * command types, the request shapes the API validates (so a form checks the
 * same rules), the rule ids a refusal names, and how a raising command names
 * its new question. Readers use contract.ts; nothing else in the folder is
 * for other slices (`npm run lint:deps`, rule `slice-through-its-contract`).
 */
import { idCreatedBy } from '../command-handling/execute-with-decider';

export { ExecuteQuestionCommand, organisationOf } from './execute-question-command';
export { questionDecider } from './question.decider';
export type { QuestionCommand, QuestionCommandType } from './question.commands';
/** The commands other slices' outcomes carry into a question (a meeting item's outcome, an approved assignment's document). */
export type { AttachDecisionDocument, RecordDialogue, TableQuestion, TakePosition } from './question.commands';
export type { QuestionRule } from './question.decider';
export {
  AcceptQuestionDto,
  AnswerConsultationDto,
  AttachDecisionDocumentDto,
  CorrectMemberDecisionDto,
  EffectiveDateDto,
  MoveQuestionDto,
  OpenConsultationDto,
  RaiseQuestionDto,
  ReasonDto,
  RecordDialogueDto,
  RecordFeedbackDto,
  RecordMemberDecisionDto,
  SubmitInputDto,
  TakePositionDto,
} from './question.dto';
export type { DecisionBody, DecisionOutcome, QuestionLogic, QuestionRaiser } from './question.events';

/** The id a RaiseQuestion command gives its new question: a retried command names the same question (as POST /questions does). */
export function questionIdCreatedBy(commandId: string): string {
  return idCreatedBy(commandId, 'question');
}

/** The id an OpenConsultation command gives its new consultation (as POST /questions/:id/consultations does). */
export function consultationIdCreatedBy(commandId: string): string {
  return idCreatedBy(commandId, 'consultation');
}
