import type { Actor, RecordedEvent } from '../event-store/event-store.port';
import { type ExistingQuestionState, foldQuestion } from '../questions/contract';
import { type ForumNamedThen, type ForumNaming, presentTimelineEntry } from '../question-list/contract';
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
  events: DossierEvent[];
  integrity: StreamIntegrity;
  /** The forums the question is in or was raised by, as the structure register names them today (empty without a register). */
  forumsToday: Record<string, string>;
  /**
   * The organisations the record names (in its events' data and their actors), as the structure register names them
   * (empty without a register): another collaboration's are printed by name, not by id.
   */
  organisationNames: Record<string, string>;
}

/**
 * A stored event with the forums it names as the structure register named
 * them on the event's day (a dialogue's: the day it was held) and today:
 * an archived record of 2021 says Värmlandsrådets arbetsutskott, not the name
 * the forum was given later.
 */
export type DossierEvent = HistoryEntry & { forums: ForumNamedThen[] };

export function buildDossier(
  questionId: string,
  streamId: string,
  events: RecordedEvent[],
  exportedAt: Date,
  exportedBy: Actor,
  naming?: ForumNaming,
): Dossier | undefined {
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
    events: events.map((event) => ({ ...historyEntry(event), forums: naming ? presentTimelineEntry(event, 'sv', naming).forums : [] })),
    integrity: integrityOf(events),
    forumsToday: Object.fromEntries(
      [state.forum, state.raisedBy.kind === 'forum' ? state.raisedBy.id : null]
        .filter((id): id is NonNullable<typeof id> => id !== null)
        .flatMap((id) => {
          const name = naming?.namesOn(id, naming.today)?.sv;
          return name ? [[id, name]] : [];
        }),
    ),
    organisationNames: naming?.organisationName ? organisationNamesIn(events, exportedBy, naming.organisationName) : {},
  };
}

/** Every id an organisation is named by in the events (any string in their data, their actors) that the register knows, with its name. */
function organisationNamesIn(events: RecordedEvent[], exportedBy: Actor, nameOf: (id: string) => string | undefined): Record<string, string> {
  const names: Record<string, string> = {};
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      const name = value.length <= 100 && !Object.hasOwn(names, value) ? nameOf(value) : undefined;
      if (name) names[value] = name;
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(visit);
  };
  visit(exportedBy.organisationId);
  for (const event of events) {
    visit(event.metadata.actor.organisationId);
    visit(event.data);
  }
  return names;
}
