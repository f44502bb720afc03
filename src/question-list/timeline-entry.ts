/**
 * A question's history as people read it: for each stored event what happened
 * (label and a sentence), who did it (name, role, organisation), when, and why —
 * in Swedish, or in English when the reader prefers it.
 */
import { roleName } from '../auth/roles';
import type { RecordedEvent } from '../event-store/event-store.port';
import type { Language } from '../http/accept-language';
import {
  DECISION_BODY_LABELS,
  DECISION_OUTCOME_LABELS,
  LOGIC_LABELS,
  QUESTION_EVENT_LABELS,
  QUESTION_STAGE_LABELS,
  type QuestionEvent,
  fullNameOf,
  questionEventOf,
} from '../questions/contract';
import { effectiveDateOf } from '../shared-kernel/calendar';
import { organisationRef } from '../reference-data/organisations';
import { CHAIRS_COUNCIL } from '../reference-data/forums';
import { forumRef } from './question-presentation';

/** A forum's names on a date, from the structure register; undefined where it does not know the forum. */
export type ForumNamesOn = (forumId: string, date: string) => { sv: string; en: string } | undefined;

/** The register's names for forums (on a date) and organisations, and today's date: what a timeline names them by. */
export interface ForumNaming {
  namesOn: ForumNamesOn;
  /** The forum that stands for the chairs' council on a date (CHAIRS_COUNCIL), where the register has one. */
  chairsCouncilOn?: (date: string) => string | undefined;
  today: string;
  /** The register's name of an organisation; undefined where it does not know it (the default data's name, or the id, is shown). */
  organisationName?: (organisationId: string) => string | undefined;
}

/** A forum the entry names, as it was named on the entry's day and as it is named today. */
export interface ForumNamedThen {
  id: string;
  day: string;
  nameThen: string;
  nameToday: string;
}

/** The day an event's forum names are read on: a dialogue's or tabling's the day it was held, otherwise the day it happened. */
export function namingDayOf(recorded: RecordedEvent): string {
  const data = recorded.data as { heldOn?: unknown };
  return typeof data?.heldOn === 'string' ? data.heldOn : effectiveDateOf(recorded.metadata);
}

/**
 * One stored question event as a timeline entry: upcast to its current shape, so rendering knows one shape per type.
 * With `naming`, a forum is named as it was named on the event's day (a dialogue's: the day it was held), with
 * today's name beside it where the two differ ("Värmlandsrådets arbetsutskott (VRAU) (i dag Ordföranderådet)").
 */
export function presentTimelineEntry(recorded: RecordedEvent, language: Language, naming?: ForumNaming) {
  const event = questionEventOf(recorded);
  const day = namingDayOf(recorded);
  const named = new Map<string, ForumNamedThen>();
  const organisationName = (id: string) => naming?.organisationName?.(id) ?? defaultOrganisationName(id);
  const forumName = (asNamed: string) => {
    // The chairs' council the rules name (a position's) is the register's forum of that kind in another collaboration.
    const id = asNamed === CHAIRS_COUNCIL ? (naming?.chairsCouncilOn?.(day) ?? asNamed) : asNamed;
    const then = naming?.namesOn(id, day)?.[language];
    if (!then) return forum(id, language);
    const now = naming!.namesOn(id, naming!.today)![language];
    named.set(id, { id, day, nameThen: then, nameToday: now });
    if (then === now) return then;
    return language === 'en' ? `${then} (today ${now})` : `${then} (i dag ${now})`;
  };
  const reason = recorded.metadata.reason ?? ('reason' in event.data ? event.data.reason : null);
  const actor = recorded.metadata.actor;
  return {
    revision: recorded.revision,
    eventId: recorded.id,
    type: event.type,
    label: QUESTION_EVENT_LABELS[event.type]?.[language] ?? event.type,
    sentence: sentenceFor(event, language, forumName, organisationName),
    forums: [...named.values()],
    occurredAt: new Date(recorded.metadata.occurredAt).toISOString(),
    who: {
      name: actor.displayName,
      role: { code: actor.role, label: roleName(actor.role, language) },
      organisation: { id: actor.organisationId, name: organisationName(actor.organisationId) },
    },
    why: reason ?? null,
    details: event.data,
  };
}

const defaultOrganisationName = (id: string) => organisationRef(id).name;
const forum = (id: string, language: Language) => forumRef(id, language).name;

/** "A, B och C" / "A, B and C". */
function list(items: string[], language: Language): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${language === 'en' ? 'and' : 'och'} ${items[items.length - 1]}`;
}

function count(n: number, language: Language, one: { sv: string; en: string }, many: { sv: string; en: string }): string {
  return `${n} ${n === 1 ? one[language] : many[language]}`;
}

const PARTY = { sv: 'part', en: 'party' };
const PARTIES = { sv: 'parter', en: 'parties' };
const ORGANISATION = { sv: 'medlemsorganisation', en: 'member organisation' };
const ORGANISATIONS = { sv: 'medlemsorganisationer', en: 'member organisations' };

/** One sentence saying what the event means; details stay in `details`. */
export function sentenceFor(
  event: QuestionEvent,
  language: Language,
  forumName: (id: string) => string = (id) => forum(id, language),
  org: (id: string) => string = defaultOrganisationName,
): string {
  const sv = language === 'sv';
  const orgs = (ids: readonly string[], lang: Language) => list(ids.map(org), lang);
  switch (event.type) {
    case 'QuestionRaised': {
      const { title, raisedBy, topicArea } = event.data;
      const by = raisedBy.kind === 'organisation' ? org(raisedBy.id) : forumName(raisedBy.id);
      return sv
        ? `Frågan ”${title}” väcktes av ${by} inom sakområdet ${topicArea}.`
        : `The question “${title}” was raised by ${by} in the topic area ${topicArea}.`;
    }
    case 'QuestionAccepted': {
      const { forum: forumId, logic, responsible } = event.data;
      const logicLabel = LOGIC_LABELS[logic][language].toLowerCase();
      return sv
        ? `Frågan bereddes och togs in i ${forumName(forumId)} enligt ${logicLabel}; ansvarig är ${fullNameOf(responsible)}, ${org(responsible.organisationId)}.`
        : `The question was accepted into ${forumName(forumId)} under ${logicLabel}; ${fullNameOf(responsible)}, ${org(responsible.organisationId)}, is responsible.`;
    }
    case 'QuestionDeclined':
      return sv ? 'Frågan avvisades och tas inte in i samverkansstrukturen.' : 'The question was declined and is not taken into the collaboration structure.';
    case 'QuestionMovedToForum': {
      const { fromForum, toForum } = event.data;
      return sv
        ? `Frågan flyttades från ${forumName(fromForum)} till ${forumName(toForum)}.`
        : `The question was moved from ${forumName(fromForum)} to ${forumName(toForum)}.`;
    }
    case 'DialogueRecorded': {
      const { forum: forumId, heldOn, summary, meetingReference } = event.data;
      const where = meetingReference ? ` (${meetingReference})` : '';
      return sv
        ? `Dialog fördes i ${forumName(forumId)} den ${heldOn}${where}: ${summary}`
        : `Dialogue was held in ${forumName(forumId)} on ${heldOn}${where}: ${summary}`;
    }
    case 'QuestionTabled': {
      const { forum: forumId, heldOn, meetingReference, summary } = event.data;
      return sv
        ? `Frågan bordlades i ${forumName(forumId)} den ${heldOn} (${meetingReference}) och tas upp vid nästa sammanträde: ${summary}`
        : `The question was tabled in ${forumName(forumId)} on ${heldOn} (${meetingReference}) and is carried to the next meeting: ${summary}`;
    }
    case 'InputSubmitted':
      return sv
        ? `${org(event.data.organisationId)} lämnade inspel: ${event.data.content}`
        : `${org(event.data.organisationId)} submitted input: ${event.data.content}`;
    case 'ConsultationOpened': {
      const { subject, parties, answerBy } = event.data;
      return sv
        ? `Remissen ”${subject}” skickades till ${count(parties.length, language, PARTY, PARTIES)} (${orgs(parties, language)}) med svar senast ${answerBy}.`
        : `The consultation “${subject}” was sent to ${count(parties.length, language, PARTY, PARTIES)} (${orgs(parties, language)}), to answer by ${answerBy}.`;
    }
    case 'ConsultationAnswered': {
      const { organisationId, amendsEarlierAnswer } = event.data;
      if (amendsEarlierAnswer) {
        return sv
          ? `${org(organisationId)} lämnade ett nytt remissvar som ersätter det tidigare.`
          : `${org(organisationId)} gave a new consultation answer replacing its earlier one.`;
      }
      return sv ? `${org(organisationId)} lämnade remissvar.` : `${org(organisationId)} answered the consultation.`;
    }
    case 'ConsultationClosed': {
      const missing = event.data.unansweredOrganisations;
      if (missing.length === 0)
        return sv ? 'Remissen avslutades; alla tillfrågade parter svarade.' : 'The consultation was closed; every party asked answered.';
      return sv
        ? `Remissen avslutades; ${count(missing.length, language, PARTY, PARTIES)} svarade inte (${orgs(missing, language)}).`
        : `The consultation was closed; ${count(missing.length, language, PARTY, PARTIES)} did not answer (${orgs(missing, language)}).`;
    }
    case 'DecisionDocumentAttached': {
      const { title, reference, proposedPosition } = event.data;
      return sv
        ? `Beslutsunderlaget ”${title}” (${reference}) bifogades. Föreslaget ställningstagande: ${proposedPosition}`
        : `The decision document “${title}” (${reference}) was attached. Proposed position: ${proposedPosition}`;
    }
    case 'PositionTaken': {
      // The chairs' council takes positions (domain.md); named as it was named then, like every forum.
      const { text, organisationsToDecide, decideBy, meetingReference } = event.data;
      const where = meetingReference ? ` (${meetingReference})` : '';
      return sv
        ? `${forumName('chairs-council')} tog ställning${where}: ${text} ${count(organisationsToDecide.length, language, ORGANISATION, ORGANISATIONS)} ska besluta senast ${decideBy}.`
        : `The ${forumName('chairs-council')} took a position${where}: ${text} ${count(organisationsToDecide.length, language, ORGANISATION, ORGANISATIONS)} ${organisationsToDecide.length === 1 ? 'is' : 'are'} to decide by ${decideBy}.`;
    }
    case 'PositionSentBackToDialogue': {
      const dropped = event.data.droppedOrganisations;
      const base = sv ? 'Ställningstagandet återförvisades till dialog.' : 'The position was sent back to dialogue.';
      if (dropped.length === 0) return base;
      return sv
        ? `${base} ${orgs(dropped, language)} behöver inte längre besluta.`
        : `${base} ${orgs(dropped, language)} no longer ${dropped.length === 1 ? 'needs' : 'need'} to decide.`;
    }
    case 'MemberDecisionRecorded':
    case 'MemberDecisionCorrected': {
      const { organisationId, body, bodyName, decidedOn, outcome, reference } = event.data;
      const bodyText = bodyName ?? DECISION_BODY_LABELS[body][language];
      const outcomeText = DECISION_OUTCOME_LABELS[outcome][language].toLowerCase();
      if (event.type === 'MemberDecisionCorrected') {
        return sv
          ? `${org(organisationId)}s beslut rättades: ${bodyText} ${decidedOn}, ${outcomeText} (${reference}).`
          : `${org(organisationId)}'s decision was corrected: ${bodyText} on ${decidedOn}, ${outcomeText} (${reference}).`;
      }
      return sv
        ? `${org(organisationId)} beslutade i ${bodyText} den ${decidedOn}: ${outcomeText} (${reference}).`
        : `${org(organisationId)} decided in its ${bodyText} on ${decidedOn}: ${outcomeText} (${reference}).`;
    }
    case 'FeedbackReportedAtHome': {
      const { organisationId, reportedTo, reportedOn } = event.data;
      return sv
        ? `${org(organisationId)} återkopplade frågan till ${reportedTo} den ${reportedOn}.`
        : `${org(organisationId)} reported the question back to ${reportedTo} on ${reportedOn}.`;
    }
    case 'QuestionClosed': {
      const { allDecisionsIn, outstandingOrganisations } = event.data;
      if (allDecisionsIn) return sv ? 'Frågan avslutades; alla beslut är inne.' : 'The question was closed; every decision is in.';
      if (outstandingOrganisations.length === 0) return sv ? 'Frågan avslutades.' : 'The question was closed.';
      return sv
        ? `Frågan avslutades innan alla beslut var inne; ${orgs(outstandingOrganisations, language)} hade inte beslutat.`
        : `The question was closed before every decision was in; ${orgs(outstandingOrganisations, language)} had not decided.`;
    }
    case 'QuestionWithdrawn':
      return sv ? 'Frågan återkallades.' : 'The question was withdrawn.';
    case 'QuestionReopened': {
      const stage = QUESTION_STAGE_LABELS[event.data.reopenedToStage][language];
      return sv ? `Frågan återöppnades i skedet ${stage}.` : `The question was reopened at the stage ${stage}.`;
    }
  }
}
