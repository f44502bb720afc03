/**
 * Events of a question (fråga) as it moves through Samverkan Värmland. These types
 * are the stored contract: never change the meaning of a field of a stored event;
 * add a schema version and an upcaster instead. Catalogued in docs/events.md.
 *
 * Who, when, in what capacity and why travel in the event metadata (see
 * event-store.port.ts), not in `data`. `data` holds what happened to the question.
 * Dates are calendar dates 'YYYY-MM-DD'; optional fields are left out, not null.
 */
import type { ForumId } from '../reference-data/forums';
import type { OrganisationId } from '../reference-data/organisations';

/** Who raised the question: a member organisation (part) or a forum (incl. the working group). */
export type QuestionRaiser = { kind: 'organisation'; id: OrganisationId } | { kind: 'forum'; id: ForumId };

export interface QuestionDocument {
  title: string;
  url: string;
}

/** processlogik: the question is still open and needs dialogue; beslutslogik: a clear choice is to be made. */
export type QuestionLogic = 'process' | 'decision';

/**
 * The official responsible for preparing the question (ansvarig tjänsteperson),
 * as stored from schema version 2 of QuestionAccepted on: given and family name
 * apart, so that lists can be sorted and searched by family name (efternamn), as
 * Swedish registers are. A version 1 event held the name as one string
 * (`ResponsibleOfficialV1`); question.upcasters.ts reads it into this shape.
 */
export interface ResponsibleOfficial {
  /** Förnamn; may be empty only in an upcast version 1 event whose name was a single word. */
  givenName: string;
  /** Efternamn */
  familyName: string;
  organisationId: OrganisationId;
}

/** The responsible official as QuestionAccepted version 1 stored it. */
export interface ResponsibleOfficialV1 {
  name: string;
  organisationId: OrganisationId;
}

/** The name as people write it: given name, then family name. */
export function fullNameOf(official: Pick<ResponsibleOfficial, 'givenName' | 'familyName'>): string {
  return [official.givenName, official.familyName].filter((part) => part !== '').join(' ');
}

/**
 * The body that decided in a member organisation:
 * kommunfullmäktige (KF), kommunstyrelsen (KS), nämnd, regionfullmäktige,
 * regionstyrelsen, regional nämnd.
 */
export type DecisionBody = 'municipal-council' | 'municipal-executive-board' | 'committee' | 'regional-council' | 'regional-board' | 'regional-committee';

/** bifallit, bifallit med ändringar, avslagit, avstår från att besluta. */
export type DecisionOutcome = 'adopted' | 'adopted-with-changes' | 'rejected' | 'will-not-decide';

/** A member organisation's decision as recorded (and as corrected). */
export interface MemberDecisionDetails {
  organisationId: OrganisationId;
  body: DecisionBody;
  /** The body's own name where `body` is not enough, e.g. "Kultur- och fritidsnämnden". */
  bodyName?: string;
  decidedOn: string;
  outcome: DecisionOutcome;
  /** Where the decision is minuted, e.g. 'KS 2025-03-04 § 45'. */
  reference: string;
  note?: string;
}

/** Stages a question can be reopened to: every stage except the three that end it. */
export type ReopenableStage = 'raised' | 'accepted' | 'dialogue' | 'decision-document' | 'position-taken';

/** Fråga väckt */
export interface QuestionRaised {
  type: 'QuestionRaised';
  data: {
    questionId: string;
    title: string;
    description: string;
    raisedBy: QuestionRaiser;
    topicArea: string;
    documents: QuestionDocument[];
  };
}

/** Fråga beredd: accepted into the structure with a forum, a logic and a responsible official. Schema version 2. */
export interface QuestionAccepted {
  type: 'QuestionAccepted';
  data: {
    questionId: string;
    forum: ForumId;
    logic: QuestionLogic;
    responsible: ResponsibleOfficial;
  };
}

/** Fråga avvisad, e.g. strictly inter-municipal and so outside the structure. */
export interface QuestionDeclined {
  type: 'QuestionDeclined';
  data: { questionId: string; reason: string };
}

/** Fråga flyttad till annat forum */
export interface QuestionMovedToForum {
  type: 'QuestionMovedToForum';
  data: { questionId: string; fromForum: ForumId; toForum: ForumId; reason: string };
}

/** Dialog förd, in Värmlandsrådet or a topic forum; through a meeting's item, with the meeting reference ("Värmlandsrådet 2027-03-12 § 2"). */
export interface DialogueRecorded {
  type: 'DialogueRecorded';
  data: { questionId: string; forum: ForumId; heldOn: string; summary: string; meetingReference?: string };
}

/**
 * Frågan bordlagd: a meeting continued (bordlade) its item on the question
 * without dealing with it; it is carried to the forum's next meeting. Not a
 * dialogue held: the question's stage does not move.
 */
export interface QuestionTabled {
  type: 'QuestionTabled';
  data: { questionId: string; forum: ForumId; heldOn: string; meetingReference: string; summary: string };
}

/** Inspel lämnat by a member organisation. */
export interface InputSubmitted {
  type: 'InputSubmitted';
  data: { questionId: string; organisationId: OrganisationId; content: string };
}

/** Remiss utskickad: the named parties are asked to answer by a date. */
export interface ConsultationOpened {
  type: 'ConsultationOpened';
  data: {
    questionId: string;
    consultationId: string;
    subject: string;
    parties: OrganisationId[];
    answerBy: string;
  };
}

/** Remissvar lämnat. A later answer from the same party replaces its earlier one, which stays in history. */
export interface ConsultationAnswered {
  type: 'ConsultationAnswered';
  data: {
    questionId: string;
    consultationId: string;
    organisationId: OrganisationId;
    answer: string;
    amendsEarlierAnswer: boolean;
  };
}

/** Remiss avslutad */
export interface ConsultationClosed {
  type: 'ConsultationClosed';
  data: { questionId: string; consultationId: string; unansweredOrganisations: OrganisationId[] };
}

/** Beslutsunderlag bifogat, usually prepared by the working group. */
export interface DecisionDocumentAttached {
  type: 'DecisionDocumentAttached';
  data: {
    questionId: string;
    /** The document's own reference (diarienummer or similar). */
    reference: string;
    title: string;
    proposedPosition: string;
    url?: string;
  };
}

/** Ställningstagande taget by the chairs' council, naming who is to decide at home and by when. */
export interface PositionTaken {
  type: 'PositionTaken';
  data: {
    questionId: string;
    text: string;
    organisationsToDecide: OrganisationId[];
    decideBy: string;
    /** The minutes item of the meeting, e.g. 'Ordföranderådet 2025-02-14 § 7'. */
    meetingReference?: string;
  };
}

/** Ställningstagande återförvisat till dialog: no longer in force; outstanding decisions are dropped. */
export interface PositionSentBackToDialogue {
  type: 'PositionSentBackToDialogue';
  data: {
    questionId: string;
    reason: string;
    /** Organisations named in the position that had not decided; they no longer owe a decision. */
    droppedOrganisations: OrganisationId[];
  };
}

/** Beslut i medlemsorganisation registrerat */
export interface MemberDecisionRecorded {
  type: 'MemberDecisionRecorded';
  data: { questionId: string } & MemberDecisionDetails;
}

/** Beslut i medlemsorganisation rättat: supersedes the recorded decision; the earlier stays in history. */
export interface MemberDecisionCorrected {
  type: 'MemberDecisionCorrected';
  data: { questionId: string; reason: string } & MemberDecisionDetails;
}

/** Återkoppling på hemmaplan: the organisation reported the question back to its own elected members. */
export interface FeedbackReportedAtHome {
  type: 'FeedbackReportedAtHome';
  data: {
    questionId: string;
    organisationId: OrganisationId;
    /** Who was told, e.g. 'Kommunstyrelsen'. */
    reportedTo: string;
    reportedOn: string;
    summary?: string;
  };
}

/** Fråga avslutad. Records whether every expected decision was in, so an early close is visible. */
export interface QuestionClosed {
  type: 'QuestionClosed';
  data: {
    questionId: string;
    reason: string;
    allDecisionsIn: boolean;
    outstandingOrganisations: OrganisationId[];
  };
}

/** Fråga återkallad */
export interface QuestionWithdrawn {
  type: 'QuestionWithdrawn';
  data: { questionId: string; reason: string };
}

/** Fråga återöppnad: back to the stage it had before it was closed, withdrawn or declined. */
export interface QuestionReopened {
  type: 'QuestionReopened';
  data: { questionId: string; reason: string; reopenedToStage: ReopenableStage };
}

export type QuestionEvent =
  | QuestionRaised
  | QuestionAccepted
  | QuestionDeclined
  | QuestionMovedToForum
  | DialogueRecorded
  | QuestionTabled
  | InputSubmitted
  | ConsultationOpened
  | ConsultationAnswered
  | ConsultationClosed
  | DecisionDocumentAttached
  | PositionTaken
  | PositionSentBackToDialogue
  | MemberDecisionRecorded
  | MemberDecisionCorrected
  | FeedbackReportedAtHome
  | QuestionClosed
  | QuestionWithdrawn
  | QuestionReopened;

export type QuestionEventType = QuestionEvent['type'];

/** Bump an entry (and add an upcaster) when the shape of that event's `data` changes. */
export const QUESTION_EVENT_SCHEMA_VERSIONS: Record<QuestionEventType, number> = {
  QuestionRaised: 1,
  // 2: `responsible.name` split into `givenName` and `familyName` (upcaster in question.upcasters.ts).
  QuestionAccepted: 2,
  QuestionDeclined: 1,
  QuestionMovedToForum: 1,
  // 2: `meetingReference?` (forum, day, §) when recorded through a meeting's item; version 1 had none (upcast unchanged).
  DialogueRecorded: 2,
  QuestionTabled: 1,
  InputSubmitted: 1,
  ConsultationOpened: 1,
  ConsultationAnswered: 1,
  ConsultationClosed: 1,
  DecisionDocumentAttached: 1,
  PositionTaken: 1,
  PositionSentBackToDialogue: 1,
  MemberDecisionRecorded: 1,
  MemberDecisionCorrected: 1,
  FeedbackReportedAtHome: 1,
  QuestionClosed: 1,
  QuestionWithdrawn: 1,
  QuestionReopened: 1,
};

/** Display names for timelines and the audit trail; Swedish is the users' language. */
export const QUESTION_EVENT_LABELS: Record<QuestionEventType, { sv: string; en: string }> = {
  QuestionRaised: { sv: 'Fråga väckt', en: 'Question raised' },
  QuestionAccepted: { sv: 'Fråga beredd', en: 'Question accepted' },
  QuestionDeclined: { sv: 'Fråga avvisad', en: 'Question declined' },
  QuestionMovedToForum: { sv: 'Fråga flyttad till annat forum', en: 'Question moved to another forum' },
  DialogueRecorded: { sv: 'Dialog förd', en: 'Dialogue recorded' },
  QuestionTabled: { sv: 'Frågan bordlagd', en: 'Question tabled' },
  InputSubmitted: { sv: 'Inspel lämnat', en: 'Input submitted' },
  ConsultationOpened: { sv: 'Remiss utskickad', en: 'Consultation opened' },
  ConsultationAnswered: { sv: 'Remissvar lämnat', en: 'Consultation answered' },
  ConsultationClosed: { sv: 'Remiss avslutad', en: 'Consultation closed' },
  DecisionDocumentAttached: { sv: 'Beslutsunderlag bifogat', en: 'Decision document attached' },
  PositionTaken: { sv: 'Ställningstagande taget', en: 'Position taken' },
  PositionSentBackToDialogue: { sv: 'Ställningstagande återförvisat till dialog', en: 'Position sent back to dialogue' },
  MemberDecisionRecorded: { sv: 'Beslut i medlemsorganisation registrerat', en: 'Member decision recorded' },
  MemberDecisionCorrected: { sv: 'Beslut i medlemsorganisation rättat', en: 'Member decision corrected' },
  FeedbackReportedAtHome: { sv: 'Återkoppling på hemmaplan', en: 'Feedback reported at home' },
  QuestionClosed: { sv: 'Fråga avslutad', en: 'Question closed' },
  QuestionWithdrawn: { sv: 'Fråga återkallad', en: 'Question withdrawn' },
  QuestionReopened: { sv: 'Fråga återöppnad', en: 'Question reopened' },
};
