/**
 * Who may give each question command: the question slice's rows of the access
 * matrix (docs/access.md), registered with auth when this file is loaded (the
 * question's command handler and controller import it).
 */
import { type AccessRule, ON_BEHALF_OF_A_PARTY, PROCESS, command, registerAccessRules } from '../auth/access-policy';
import type { QuestionCommandType } from './question.commands';

declare module '../auth/access-policy' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: names the slice's command types as actions
  interface CommandActions extends Record<QuestionCommandType, true> {}
}

/** `satisfies Record<QuestionCommandType, …>`: a command type without a rule here does not compile. */
export const QUESTION_ACCESS = {
  RaiseQuestion: command('Väcka en fråga', ['admin', 'working-group', 'chair', 'secretary', 'member'], true),
  AcceptQuestion: command('Bereda (ta in) en fråga', PROCESS),
  DeclineQuestion: command('Avvisa en fråga', PROCESS),
  MoveQuestionToForum: command('Flytta frågan till ett annat forum', PROCESS),
  RecordDialogue: command('Registrera förd dialog', ['admin', 'working-group', 'chair', 'secretary']),
  // Issued by a meeting's outcome (a continued item on a question), under the outcome's actor.
  TableQuestion: command('Bordlägga frågan (sammanträdets punkt fortsätter)', ['admin', 'chair', 'secretary']),
  SubmitInput: command('Lämna inspel', ON_BEHALF_OF_A_PARTY, true),
  OpenConsultation: command('Skicka ut på remiss', PROCESS),
  AnswerConsultation: command('Lämna remissvar', ON_BEHALF_OF_A_PARTY, true),
  CloseConsultation: command('Avsluta remiss', PROCESS),
  AttachDecisionDocument: command('Bifoga beslutsunderlag', ['admin', 'working-group']),
  TakePosition: command('Ta ställning', ['admin', 'chair']),
  SendBackToDialogue: command('Återförvisa ställningstagandet till dialog', ['admin', 'chair']),
  RecordMemberDecision: command('Registrera beslut i medlemsorganisation', ON_BEHALF_OF_A_PARTY, true),
  CorrectMemberDecision: command('Rätta registrerat beslut', ON_BEHALF_OF_A_PARTY, true),
  RecordFeedbackAtHome: command('Registrera återkoppling på hemmaplan', ON_BEHALF_OF_A_PARTY, true),
  CloseQuestion: command('Avsluta frågan', PROCESS),
  WithdrawQuestion: command('Återkalla frågan', PROCESS),
  ReopenQuestion: command('Återöppna frågan', PROCESS),
} as const satisfies Record<QuestionCommandType, AccessRule>;

registerAccessRules(QUESTION_ACCESS);
