/**
 * Reads stored question events of any schema version in the current shape.
 *
 * Stored events are never rewritten (the hash chain would show it, and the
 * record is what was written): when an event's shape changes, its version in
 * QUESTION_EVENT_SCHEMA_VERSIONS goes up and an upcaster here turns each older
 * version into the next one when the event is read. The store keeps the bytes it
 * was given; the domain only ever sees the current shape. See docs/audit.md.
 *
 * Pure: no framework, no clock.
 */
import { UnreadableEventError } from '../shared-kernel/domain-errors';
import { Upcaster, upcastEvent } from '../shared-kernel/upcasting';
import {
  QUESTION_EVENT_SCHEMA_VERSIONS,
  type QuestionAccepted,
  type QuestionEvent,
  type QuestionEventType,
  type ResponsibleOfficial,
  type ResponsibleOfficialV1,
} from './question.events';

export { UnreadableEventError };

/** Per event type, the upcaster from version n to n + 1, at index n. */
const UPCASTERS: Partial<Record<QuestionEventType, Record<number, Upcaster>>> = {
  // Version 1 had no meeting reference; version 2 leaves it out when there is none, so the data reads as it is.
  DialogueRecorded: { 1: (data) => data },
  QuestionAccepted: {
    1: (data) => {
      const { responsible, ...rest } = data as Omit<QuestionAccepted['data'], 'responsible'> & { responsible: ResponsibleOfficialV1 };
      return { ...rest, responsible: { ...splitFullName(responsible.name), organisationId: responsible.organisationId } };
    },
  },
};

export function upcastQuestionEvent(type: string, schemaVersion: number, data: unknown): QuestionEvent {
  return upcastEvent('question', QUESTION_EVENT_SCHEMA_VERSIONS, UPCASTERS, type, schemaVersion, data) as QuestionEvent;
}

/**
 * A full name as given and family name: the family name is the last word, the
 * given name(s) everything before it ("Eva Maria Lind" → "Eva Maria" + "Lind").
 * A single word is taken as the given name. Joined again with one space
 * (`fullNameOf`), the parts give back the name as written, bar extra spaces.
 * Double family names ("Svensson Berg") come out wrong; nothing is lost, as the
 * stored version 1 event keeps the name as written (GET /questions/:id/history).
 */
export function splitFullName(name: string): Pick<ResponsibleOfficial, 'givenName' | 'familyName'> {
  // A blank name splits into [''], which reads as an empty given name like any single word.
  const words = name.trim().split(/\s+/);
  if (words.length <= 1) return { givenName: words[0], familyName: '' };
  return { givenName: words.slice(0, -1).join(' '), familyName: words[words.length - 1] };
}
