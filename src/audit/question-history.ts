import { EventMetadata, RecordedEvent, formatPosition } from '../event-store/event-store.port';
import { QUESTION_EVENT_LABELS, QUESTION_EVENT_SCHEMA_VERSIONS, QuestionEventType, questionEventOf } from '../questions/contract';
import { BrokenLink, verifyStream } from './chain-verification';

/** One stored event as an auditor reads it: everything the store holds, nothing left out. */
export interface HistoryEntry {
  revision: number;
  eventId: string;
  type: string;
  /** Swedish name of the event type. */
  label: string;
  /** The version of `data`'s shape as stored. */
  schemaVersion: number;
  /** `data` exactly as stored (what the hash covers). */
  data: unknown;
  /** Present when the event was stored in an older shape: `data` as the current code reads it (upcast). */
  dataInCurrentShape?: unknown;
  /** Who (actor: user, name, role, organisation), when (occurredAt), why (reason), correlation, causation and command ids. */
  metadata: EventMetadata;
  recordedAt: string;
  position: string;
  hash: string;
  previousHash: string;
}

export interface StreamIntegrity {
  /** True when every event links to the one before it and still gives its own hash. */
  intact: boolean;
  firstBroken: BrokenLink | null;
  events: number;
  headRevision: number;
  /** Hash of the last event: it covers the whole stream. */
  headHash: string | null;
}

export function historyEntry(event: RecordedEvent): HistoryEntry {
  const current = QUESTION_EVENT_SCHEMA_VERSIONS[event.type as QuestionEventType];
  const entry: HistoryEntry = {
    revision: event.revision,
    eventId: event.id,
    type: event.type,
    label: QUESTION_EVENT_LABELS[event.type as QuestionEventType]?.sv ?? event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt.toISOString(),
    position: formatPosition(event.position),
    hash: event.hash,
    previousHash: event.previousHash,
  };
  if (current !== undefined && event.schemaVersion < current) entry.dataInCurrentShape = questionEventOf(event).data;
  return entry;
}

export function integrityOf(events: RecordedEvent[]): StreamIntegrity {
  const firstBroken = verifyStream(events);
  const head = events[events.length - 1];
  return {
    intact: firstBroken === null,
    firstBroken,
    events: events.length,
    headRevision: events.length - 1,
    headHash: head?.hash ?? null,
  };
}
