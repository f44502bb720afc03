import type { EventStore } from '../event-store/event-store.port';
import type { Language } from '../http/accept-language';
import { DEFAULT_LIMIT, type PagedQueryDto } from '../http/read-query.dto';
import { OBLIGATION_KIND_LABELS, ObligationKind, type QuestionStanding, stageRef, standingOf } from '../questions/contract';
import { obligationRow, presentObligation, theOrganisation } from '../follow-up/contract';
import { OrganisationId, findOrganisation } from '../reference-data/organisations';
import { calendarDateOf } from '../shared-kernel/calendar';
import { type SnapshotLookup, questionAt } from '../time-travel/contract';

const KINDS = Object.keys(OBLIGATION_KIND_LABELS) as ObligationKind[];

/** Questions folded at a time: each is a few round trips, and the read pool serves the other requests meanwhile. */
const AT_A_TIME = 8;

/** What the auditors' follow-up reads: the event store and the snapshots time travel starts from. */
export interface TimeTravel {
  store: EventStore;
  snapshots: SnapshotLookup;
}

/**
 * Every one of `questionIds` as it stood at `asOf`, through time travel's one
 * cut (`questionAt`: the event store ends each stream's read at `asOf`, from
 * the latest snapshot within it); with `inEffectOn`, also only up to what had
 * happened by the end of that day. Questions not raised by then are left out.
 */
export async function questionsAsOf(
  travel: TimeTravel,
  questionIds: readonly string[],
  asOf: Date,
  inEffectOn?: string,
): Promise<Array<{ id: string; standing: QuestionStanding; revision: number }>> {
  const questions: Array<{ id: string; standing: QuestionStanding; revision: number }> = [];
  for (let start = 0; start < questionIds.length; start += AT_A_TIME) {
    const ids = questionIds.slice(start, start + AT_A_TIME);
    const then = await Promise.all(ids.map((id) => questionAt(travel.store, travel.snapshots, id, { asOf }, inEffectOn)));
    then.forEach(({ state, revision }, index) => {
      const standing = standingOf(state);
      if (standing) questions.push({ id: ids[index], standing, revision });
    });
  }
  return questions;
}

/**
 * What one organisation owed and had done at `asOf`, with "overdue" judged
 * against that day in Sweden: the same obligations and the same shape as the
 * live follow-up (GET /organisations/:id/follow-up), computed from the events
 * of each question as time travel cuts them instead of a read model. It serves
 * the auditors' own route (GET /audit/organisations/:id/follow-up, which also
 * answers `inEffectOn`), and the test that follow-up-history gives the same
 * answer; GET /organisations/:id/follow-up?asOf= reads that projection
 * (follow-up/follow-up-as-of.queries.ts).
 */
export async function followUpAsOf(
  travel: TimeTravel,
  questionIds: readonly string[],
  organisationId: OrganisationId,
  asOf: Date,
  page: PagedQueryDto,
  language: Language,
  inEffectOn?: string,
  organisation: { id: string; name: string; kind: string } = findOrganisation(organisationId),
) {
  const limit = page.limit ?? DEFAULT_LIMIT;
  const offset = page.offset ?? 0;
  // "Overdue" is judged on the day asked about: the earlier of the two.
  const day = inEffectOn !== undefined && inEffectOn < calendarDateOf(asOf) ? inEffectOn : calendarDateOf(asOf);
  const items = (await questionsAsOf(travel, questionIds, asOf, inEffectOn)).flatMap(({ id, standing, revision }) =>
    standing.obligations
      .filter((obligation) => obligation.organisationId === organisationId)
      .map((obligation) => {
        const row = obligationRow(id, standing.title, obligation);
        return {
          question: { id, title: standing.title, stage: stageRef(standing.stage, language), revision },
          ...presentObligation(row, language, day, theOrganisation(organisation)),
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
    organisation,
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
