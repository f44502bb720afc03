import type { EventStore, RecordedEvent } from '../event-store/event-store.port';
import type { Language } from '../http/accept-language';
import { DEFAULT_LIMIT, type PagedQueryDto } from '../http/read-query.dto';
import { type ExistingQuestionState, OBLIGATION_KIND_LABELS, ObligationKind, foldQuestion, isQuestionEvent, obligationsOf } from '../questions/contract';
import { obligationRow, presentObligation } from '../follow-up/contract';
import { stageRef } from '../question-list/contract';
import { OrganisationId, findOrganisation } from '../reference-data/organisations';
import { calendarDateOf } from '../shared-kernel/calendar';
import { readLogUpTo } from './audit-log';

const KINDS = Object.keys(OBLIGATION_KIND_LABELS) as ObligationKind[];

/**
 * Every question as it stood at `asOf`: each `question-` stream of the global
 * log folded up to its last event that occurred at or before `asOf` (a prefix
 * per stream, as in time travel on one question).
 */
export async function questionsAsOf(store: EventStore, asOf: Date): Promise<Array<{ state: ExistingQuestionState; revision: number }>> {
  const streams = new Map<string, { events: RecordedEvent[]; passed: boolean }>();
  for await (const event of readLogUpTo(store, await store.headPosition())) {
    if (!isQuestionEvent(event)) continue;
    const stream = streams.get(event.streamId) ?? { events: [], passed: false };
    streams.set(event.streamId, stream);
    if (stream.passed) continue;
    if (Date.parse(event.metadata.occurredAt) > asOf.getTime()) stream.passed = true;
    else stream.events.push(event);
  }
  const questions: Array<{ state: ExistingQuestionState; revision: number }> = [];
  for (const { events } of streams.values()) {
    const state = foldQuestion(events);
    if (state.exists) questions.push({ state, revision: events.length - 1 });
  }
  return questions;
}

/**
 * What one organisation owed and had done at `asOf`, with "overdue" judged
 * against that day in Sweden: the same obligations and the same shape as the
 * live follow-up (GET /organisations/:id/follow-up), computed from the events
 * instead of a read model. Reads the whole log: it serves the auditors' own
 * route (GET /audit/organisations/:id/follow-up), and the test that
 * follow-up-history gives the same answer; GET /organisations/:id/follow-up?asOf=
 * reads that projection (follow-up/follow-up-as-of.queries.ts).
 */
export async function followUpAsOf(store: EventStore, organisationId: OrganisationId, asOf: Date, page: PagedQueryDto, language: Language) {
  const limit = page.limit ?? DEFAULT_LIMIT;
  const offset = page.offset ?? 0;
  const day = calendarDateOf(asOf);
  const items = (await questionsAsOf(store, asOf)).flatMap(({ state, revision }) =>
    obligationsOf(state)
      .filter((obligation) => obligation.organisationId === organisationId)
      .map((obligation) => {
        const row = obligationRow(state.id, state.title, obligation);
        return {
          question: { id: state.id, title: state.title, stage: stageRef(state.stage, language), revision },
          ...presentObligation(row, language, day),
        };
      }),
  );
  // Code-point order, as the follow-up's indexes sort (COLLATE "C"); the question's id last, so that equal titles and keys have one order.
  const byCodePoints = (a: string, b: string) => (a === b ? 0 : a < b ? -1 : 1);
  const byTitle = (a: (typeof items)[number], b: (typeof items)[number]) =>
    byCodePoints(a.question.title, b.question.title) || byCodePoints(a.key, b.key) || byCodePoints(a.question.id, b.question.id);
  const owed = items.filter((item) => item.status === 'owed').sort((a, b) => compareNullsLast(a.dueDate, b.dueDate) || byTitle(a, b));
  const done = items.filter((item) => item.status === 'done').sort((a, b) => compareNullsLast(b.doneOn, a.doneOn, true) || byTitle(a, b));
  return {
    organisation: findOrganisation(organisationId),
    asOf: asOf.toISOString(),
    today: day,
    counts: {
      owed: owed.length,
      overdue: owed.filter((item) => item.overdue).length,
      done: done.length,
      byKind: Object.fromEntries(
        KINDS.map((kind) => [
          kind,
          {
            label: OBLIGATION_KIND_LABELS[kind][language],
            owed: owed.filter((item) => item.kind === kind).length,
            overdue: owed.filter((item) => item.kind === kind && item.overdue).length,
            done: done.filter((item) => item.kind === kind).length,
          },
        ]),
      ),
    },
    owed: owed.slice(offset, offset + limit),
    done: done.slice(offset, offset + limit),
    limit,
    offset,
  };
}

/** Ascending with nulls last; `swapped` (called with b, a for descending order) keeps the nulls last. */
function compareNullsLast(a: string | null, b: string | null, swapped = false): number {
  if (a === b) return 0;
  if (a === null) return swapped ? -1 : 1;
  if (b === null) return swapped ? 1 : -1;
  return a < b ? -1 : 1;
}
