import { effectiveDateOf } from '../shared-kernel/calendar';
import type { RecordedEvent } from '../event-store/event-store.port';
import { isQuestionEvent, questionEventOf, questionIdOf, questionStreamId, type QuestionEvent } from '../questions/contract';
import type { EventStore } from '../event-store/event-store.port';
import { BODY_LABEL, COLUMNS, LOGIC_LABEL, OUTCOME_LABEL, type Column, type Step } from './import-template';

/** What an export wrote, and the events of its questions the template has no step for. */
export interface ExportResult {
  records: string[][];
  questions: number;
  /** Events the template does not carry (consultations, input, corrections …): listed, so that nobody takes the file for the whole record. */
  omitted: Array<{ questionId: string; revision: number; type: string }>;
}

/**
 * Questions as rows of the template (docs/import.md), from their stored
 * events: one row per step, dated with each event's effective day. A question
 * that was imported keeps the key it had in its file (`metadata.imported.question`),
 * so exporting and importing again names the same question and the same rows.
 */
export function exportRecords(streams: RecordedEvent[][]): ExportResult {
  const records: string[][] = [[...COLUMNS]];
  const omitted: ExportResult['omitted'] = [];
  for (const events of streams) {
    const key = events[0]?.metadata.imported?.question ?? questionIdOf(events[0]);
    // A consultation keeps the key it had in its file (remiss); one opened here is named by its id.
    const consultationKeys = new Map<string, string>();
    for (const recorded of events) {
      const event = questionEventOf(recorded);
      if (event.type === 'ConsultationOpened') {
        consultationKeys.set(event.data.consultationId, recorded.metadata.imported?.consultation ?? event.data.consultationId);
      }
    }
    const consultationKeyOf = (id: string) => consultationKeys.get(id) ?? id;
    for (const recorded of events) {
      const cells = cellsOf(questionEventOf(recorded), consultationKeyOf);
      if (!cells) {
        omitted.push({ questionId: questionIdOf(recorded), revision: recorded.revision, type: recorded.type });
        continue;
      }
      const { step, ...rest } = cells;
      const row: Partial<Record<Column, string>> = { fråga: key, steg: step, datum: effectiveDateOf(recorded.metadata), ...rest };
      records.push(COLUMNS.map((column) => row[column] ?? ''));
    }
  }
  return { records, questions: streams.length, omitted };
}

function cellsOf(event: QuestionEvent, consultationKeyOf: (id: string) => string): ({ step: Step } & Partial<Record<Column, string>>) | undefined {
  switch (event.type) {
    case 'QuestionRaised': {
      const { title, description, raisedBy, topicArea } = event.data;
      return { step: 'väckt', titel: title, beskrivning: description, 'väckt av': raisedBy.id, sakområde: topicArea };
    }
    case 'QuestionAccepted': {
      const { forum, logic, responsible } = event.data;
      return {
        step: 'beredd',
        forum,
        logik: LOGIC_LABEL[logic],
        'ansvarig förnamn': responsible.givenName,
        'ansvarig efternamn': responsible.familyName,
        'ansvarig organisation': responsible.organisationId,
      };
    }
    case 'DialogueRecorded':
      return { step: 'dialog', forum: event.data.forum, text: event.data.summary, referens: event.data.meetingReference };
    case 'DecisionDocumentAttached':
      return { step: 'beslutsunderlag', referens: event.data.reference, titel: event.data.title, text: event.data.proposedPosition };
    case 'PositionTaken': {
      const { text, organisationsToDecide, decideBy, meetingReference } = event.data;
      return { step: 'ställningstagande', text, organisationer: organisationsToDecide.join(', '), 'beslut senast': decideBy, referens: meetingReference };
    }
    case 'MemberDecisionRecorded': {
      return { step: 'beslut', ...decisionColumns(event.data) };
    }
    case 'QuestionClosed':
      return { step: 'avslutad', skäl: event.data.reason };
    case 'QuestionWithdrawn':
      return { step: 'återkallad', skäl: event.data.reason };
    case 'QuestionDeclined':
      return { step: 'avvisad', skäl: event.data.reason };
    case 'QuestionReopened':
      return { step: 'återöppnad', skäl: event.data.reason };
    case 'PositionSentBackToDialogue':
      return { step: 'återförvisad', skäl: event.data.reason };
    case 'QuestionMovedToForum':
      return { step: 'flyttad', forum: event.data.toForum, skäl: event.data.reason };
    case 'QuestionTabled':
      return { step: 'bordlagd', forum: event.data.forum, text: event.data.summary, referens: event.data.meetingReference };
    case 'InputSubmitted':
      return { step: 'inspel', organisation: event.data.organisationId, text: event.data.content };
    case 'ConsultationOpened': {
      const { consultationId, subject, parties, answerBy } = event.data;
      return { step: 'remiss', remiss: consultationKeyOf(consultationId), titel: subject, organisationer: parties.join(', '), 'svar senast': answerBy };
    }
    case 'ConsultationAnswered': {
      const { consultationId, organisationId, answer } = event.data;
      return { step: 'remissvar', remiss: consultationKeyOf(consultationId), organisation: organisationId, text: answer };
    }
    case 'ConsultationClosed':
      return { step: 'remiss avslutad', remiss: consultationKeyOf(event.data.consultationId) };
    case 'MemberDecisionCorrected': {
      return { step: 'beslut rättat', ...decisionColumns(event.data), skäl: event.data.reason };
    }
    case 'FeedbackReportedAtHome': {
      const { organisationId, reportedTo, summary } = event.data;
      return { step: 'återkoppling', organisation: organisationId, 'återkopplat till': reportedTo, text: summary };
    }
    default:
      return undefined;
  }
}

/** The stored events of one question, or of every question, grouped by question in the order they were first written. */
export async function questionStreams(store: EventStore, questionId?: string): Promise<RecordedEvent[][]> {
  if (questionId !== undefined) {
    const events = await store.readStream(questionStreamId(questionId));
    return events.length > 0 ? [events] : [];
  }
  const streams = new Map<string, RecordedEvent[]>();
  for (let after: RecordedEvent['position'] | undefined; ;) {
    const page = await store.readAll({ after, maxCount: 1000 });
    for (const event of page) {
      if (!isQuestionEvent(event)) continue;
      const stream = streams.get(event.streamId);
      if (stream) stream.push(event);
      else streams.set(event.streamId, [event]);
    }
    if (page.length < 1000) break;
    after = page[page.length - 1].position;
  }
  return [...streams.values()];
}

/** The columns a member decision and its correction both fill. */
function decisionColumns(
  decision: Extract<QuestionEvent, { type: 'MemberDecisionRecorded' | 'MemberDecisionCorrected' }>['data'],
): Partial<Record<Column, string>> {
  return {
    organisation: decision.organisationId,
    beslutsorgan: BODY_LABEL[decision.body],
    'organets namn': decision.bodyName,
    utfall: OUTCOME_LABEL[decision.outcome],
    referens: decision.reference,
    text: decision.note,
    beslutsdatum: decision.decidedOn,
  };
}
