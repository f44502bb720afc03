/**
 * Display names used by the read endpoints. Swedish is the users' language;
 * English is given when the request prefers it (Accept-Language). The event and
 * stage labels live with the domain (question.events.ts, question.state.ts).
 */
import type { Language } from '../shared-kernel/language';
import type { DecisionBody, DecisionOutcome, QuestionLogic } from './question.events';
import { QUESTION_STAGE_LABELS, type QuestionStage } from './question.state';

/** A display name in each language the service answers in. */
export type Label = Record<Language, string>;

export const LOGIC_LABELS: Record<QuestionLogic, Label> = {
  process: { sv: 'Processlogik', en: 'Process logic' },
  decision: { sv: 'Beslutslogik', en: 'Decision logic' },
};

export const DECISION_OUTCOME_LABELS: Record<DecisionOutcome, Label> = {
  adopted: { sv: 'Bifall', en: 'Adopted' },
  'adopted-with-changes': { sv: 'Bifall med ändringar', en: 'Adopted with changes' },
  rejected: { sv: 'Avslag', en: 'Rejected' },
  'will-not-decide': { sv: 'Avstår från att besluta', en: 'Will not decide' },
};

export const DECISION_BODY_LABELS: Record<DecisionBody, Label> = {
  'municipal-council': { sv: 'Kommunfullmäktige', en: 'Municipal council' },
  'municipal-executive-board': { sv: 'Kommunstyrelsen', en: 'Municipal executive board' },
  committee: { sv: 'Nämnd', en: 'Committee' },
  'regional-council': { sv: 'Regionfullmäktige', en: 'Regional council' },
  'regional-board': { sv: 'Regionstyrelsen', en: 'Regional board' },
  'regional-committee': { sv: 'Regional nämnd', en: 'Regional committee' },
};

/** What an organisation owes or did on a question (an obligation's `kind`, as the follow-up stores it). */
export type ObligationKind = 'consultation-answer' | 'member-decision' | 'feedback-at-home';

export const OBLIGATION_KIND_LABELS: Record<ObligationKind, Label> = {
  'consultation-answer': { sv: 'Remissvar', en: 'Consultation answer' },
  'member-decision': { sv: 'Beslut i medlemsorganisation', en: 'Member organisation decision' },
  'feedback-at-home': { sv: 'Återkoppling på hemmaplan', en: 'Feedback at home' },
};

/** The one thing that moves a question forward now (see question-standing.ts). */
export type NextStepCode =
  | 'prepare'
  | 'hold-dialogue'
  | 'answer-consultation'
  | 'close-consultation'
  | 'prepare-decision-document'
  | 'take-position'
  | 'decide-at-home'
  | 'close-question'
  | 'move-to-open-forum'
  | 'none';

export const NEXT_STEP_LABELS: Record<NextStepCode, Label> = {
  prepare: { sv: 'Bereda frågan (ta in eller avvisa)', en: 'Prepare the question (accept or decline)' },
  'hold-dialogue': { sv: 'Föra dialog i forumet', en: 'Hold dialogue in the forum' },
  'answer-consultation': { sv: 'Lämna remissvar', en: 'Answer the consultation' },
  'close-consultation': { sv: 'Avsluta remissen', en: 'Close the consultation' },
  'prepare-decision-document': { sv: 'Ta fram beslutsunderlag', en: 'Prepare a decision document' },
  'take-position': { sv: 'Ta ställning i Ordföranderådet', en: "Take a position in the Chairs' Council" },
  'decide-at-home': { sv: 'Besluta i medlemsorganisationerna', en: 'Decide in the member organisations' },
  'close-question': { sv: 'Avsluta frågan', en: 'Close the question' },
  // Not the question's own standing: the lists show it where the register has ended the question's forum (docs/structure.md).
  'move-to-open-forum': {
    sv: 'Flytta frågan – forumet är avvecklat',
    en: 'Move the question – its forum has ended',
  },
  none: { sv: 'Inget – frågan är avslutad', en: 'None – the question has ended' },
};

/** A cell of the follow-up matrix: one organisation on one question with a position in force. */
export type MatrixStatus = 'awaiting' | 'overdue' | 'decided' | 'not-concerned';

export const MATRIX_STATUS_LABELS: Record<MatrixStatus, Label> = {
  awaiting: { sv: 'Inväntar beslut', en: 'Awaiting decision' },
  overdue: { sv: 'Försenat', en: 'Overdue' },
  decided: { sv: 'Beslutat', en: 'Decided' },
  'not-concerned': { sv: 'Berörs inte', en: 'Not concerned' },
};

/** A stage as the read endpoints show it: its code and its label in the reader's language. */
export function stageRef(stage: QuestionStage, language: Language) {
  return { code: stage, label: QUESTION_STAGE_LABELS[stage]?.[language] ?? stage };
}
