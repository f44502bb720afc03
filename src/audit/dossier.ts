import type { Actor, RecordedEvent } from '../event-store/event-store.port';
import { type ExistingQuestionState, foldQuestion } from '../questions/contract';
import { HistoryEntry, StreamIntegrity, historyEntry, integrityOf } from './question-history';

export const DOSSIER_FORMAT = 'fragespar-dossier-v1';

/**
 * A question's complete record for archiving (arkivering): its state now, every
 * event with who, when, in which capacity, why, and the hash chain that lets a
 * later reader check that the record printed here is the one stored.
 */
export interface Dossier {
  format: typeof DOSSIER_FORMAT;
  questionId: string;
  streamId: string;
  exportedAt: string;
  exportedBy: Pick<Actor, 'userId' | 'displayName' | 'role' | 'organisationId'>;
  /** The question as folded from all its events. */
  state: ExistingQuestionState;
  revision: number;
  events: HistoryEntry[];
  integrity: StreamIntegrity;
}

export function buildDossier(questionId: string, streamId: string, events: RecordedEvent[], exportedAt: Date, exportedBy: Actor): Dossier | undefined {
  const state = foldQuestion(events);
  if (!state.exists) return undefined;
  const { userId, displayName, role, organisationId } = exportedBy;
  return {
    format: DOSSIER_FORMAT,
    questionId,
    streamId,
    exportedAt: exportedAt.toISOString(),
    exportedBy: { userId, displayName, role, organisationId },
    state,
    revision: events.length - 1,
    events: events.map(historyEntry),
    integrity: integrityOf(events),
  };
}
