/**
 * Commands on a question: what a user asks the system to do. `decide` turns each
 * into events or refuses it. Every command names its question, so a refusal for an
 * unknown question can say which one. Dates are 'YYYY-MM-DD'.
 */
import type { Actor } from '../event-store/event-store.port';
import type { ForumId } from '../reference-data/forums';
import type { OrganisationId } from '../reference-data/organisations';
import type { MemberDecisionDetails, QuestionDocument, QuestionLogic, QuestionRaiser, ResponsibleOfficial, ResponsibleOfficialV1 } from './question.events';

/** Who is acting and when; the decider never reads the clock itself. */
export interface CommandContext {
  actor: Actor;
  /** ISO-8601 instant at which the command was received. */
  now: string;
  /** IANA time zone "today" is read in (default Europe/Stockholm). */
  timeZone?: string;
  /**
   * The day the thing happened (effective time, YYYY-MM-DD) when it is not
   * today: a decision taken last spring and entered now. The write path passes
   * today's date when the command names none; see docs/events.md.
   */
  effectiveOn?: string;
  /**
   * What the structure register says, where it holds a structure: the forums
   * merged or discontinued, with the day each ended. A question in one of them
   * must be moved (docs/structure.md); absent, the rule is not applied. And
   * the organisations (with their kind) and forums the register knows, on any
   * date: an id it does not know is refused (`unknown-organisation`,
   * `unknown-forum`). Absent (an empty register), the default data's
   * (Värmland's) ids are the known ones, as before the register.
   */
  structure?: {
    endedForums: Readonly<Record<string, ForumEnding>>;
    organisations?: Readonly<Record<string, { kind: 'region' | 'municipality' | 'other' }>>;
    forums?: readonly string[];
  };
}

/** How and on which day a forum ended, as the register records it. */
export interface ForumEnding {
  on: string;
  how: 'merged' | 'discontinued';
  intoForumId?: string;
}

/** Väck en fråga */
export interface RaiseQuestion {
  type: 'RaiseQuestion';
  data: {
    questionId: string;
    title: string;
    description: string;
    raisedBy: QuestionRaiser;
    topicArea: string;
    documents: QuestionDocument[];
  };
}

/**
 * Bered frågan: accept it into the structure, give it a forum, a logic and a
 * responsible official — by given and family name, or (as clients did before
 * the names were stored apart) by the full name, which is then split as the
 * upcaster splits stored version 1 events.
 */
export interface AcceptQuestion {
  type: 'AcceptQuestion';
  data: { questionId: string; forum: ForumId; logic: QuestionLogic; responsible: ResponsibleOfficial | ResponsibleOfficialV1 };
}

/** Avvisa frågan, e.g. because it is strictly inter-municipal. */
export interface DeclineQuestion {
  type: 'DeclineQuestion';
  data: { questionId: string; reason: string };
}

/** Flytta frågan till ett annat forum */
export interface MoveQuestionToForum {
  type: 'MoveQuestionToForum';
  data: { questionId: string; forum: ForumId; reason: string };
}

/** Registrera förd dialog; `meetingReference` when held as a meeting's item */
export interface RecordDialogue {
  type: 'RecordDialogue';
  data: { questionId: string; forum: ForumId; heldOn: string; summary: string; meetingReference?: string };
}

/** Bordlägga frågan: a meeting continued its item on the question (issued by the meeting's outcome) */
export interface TableQuestion {
  type: 'TableQuestion';
  data: { questionId: string; forum: ForumId; heldOn: string; meetingReference: string; summary: string };
}

/** Lämna inspel */
export interface SubmitInput {
  type: 'SubmitInput';
  data: { questionId: string; organisationId: OrganisationId; content: string };
}

/** Skicka ut på remiss */
export interface OpenConsultation {
  type: 'OpenConsultation';
  data: {
    questionId: string;
    consultationId: string;
    subject: string;
    parties: OrganisationId[];
    answerBy: string;
  };
}

/** Lämna remissvar */
export interface AnswerConsultation {
  type: 'AnswerConsultation';
  data: { questionId: string; consultationId: string; organisationId: OrganisationId; answer: string };
}

/** Avsluta remiss */
export interface CloseConsultation {
  type: 'CloseConsultation';
  data: { questionId: string; consultationId: string };
}

/** Bifoga beslutsunderlag */
export interface AttachDecisionDocument {
  type: 'AttachDecisionDocument';
  data: { questionId: string; reference: string; title: string; proposedPosition: string; url?: string };
}

/** Ta ställning (Ordföranderådet) */
export interface TakePosition {
  type: 'TakePosition';
  data: {
    questionId: string;
    text: string;
    organisationsToDecide: OrganisationId[];
    decideBy: string;
    meetingReference?: string;
  };
}

/** Återförvisa ställningstagandet till dialog */
export interface SendBackToDialogue {
  type: 'SendBackToDialogue';
  data: { questionId: string; reason: string };
}

/** Registrera beslut i medlemsorganisation */
export interface RecordMemberDecision {
  type: 'RecordMemberDecision';
  data: { questionId: string } & MemberDecisionDetails;
}

/** Rätta registrerat beslut i medlemsorganisation */
export interface CorrectMemberDecision {
  type: 'CorrectMemberDecision';
  data: { questionId: string; reason: string } & MemberDecisionDetails;
}

/** Registrera återkoppling på hemmaplan */
export interface RecordFeedbackAtHome {
  type: 'RecordFeedbackAtHome';
  data: { questionId: string; organisationId: OrganisationId; reportedTo: string; reportedOn: string; summary?: string };
}

/** Avsluta frågan */
export interface CloseQuestion {
  type: 'CloseQuestion';
  data: { questionId: string; reason: string };
}

/** Återkalla frågan */
export interface WithdrawQuestion {
  type: 'WithdrawQuestion';
  data: { questionId: string; reason: string };
}

/** Återöppna frågan */
export interface ReopenQuestion {
  type: 'ReopenQuestion';
  data: { questionId: string; reason: string };
}

export type QuestionCommand =
  | RaiseQuestion
  | AcceptQuestion
  | DeclineQuestion
  | MoveQuestionToForum
  | RecordDialogue
  | TableQuestion
  | SubmitInput
  | OpenConsultation
  | AnswerConsultation
  | CloseConsultation
  | AttachDecisionDocument
  | TakePosition
  | SendBackToDialogue
  | RecordMemberDecision
  | CorrectMemberDecision
  | RecordFeedbackAtHome
  | CloseQuestion
  | WithdrawQuestion
  | ReopenQuestion;

export type QuestionCommandType = QuestionCommand['type'];
