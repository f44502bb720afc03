/**
 * What an organisation owes or did on a question, as the follow-up stores it
 * (each version in rm_follow_up_history; the versions in force are what is
 * owed and done now) and as every reader shows it: one column list, one row
 * type, one presentation.
 */
import type { Language } from '../http/accept-language';
import { type StructureNames, organisationRef } from '../reference-data/organisations';
import {
  DECISION_BODY_LABELS,
  DECISION_OUTCOME_LABELS,
  type DecisionOutcome,
  OBLIGATION_KIND_LABELS,
  type Obligation,
  type ObligationDetails,
  type ObligationKind,
  type QuestionStanding,
  type QuestionState,
  standingAt,
} from '../questions/contract';
import type { Folded, StreamStates } from '../projections/stream-states';

/** The projection that writes every version of every obligation (follow-up-history.projection.ts): a read of what is owed now waits for it. */
export const OBLIGATION_HISTORY_PROJECTION = 'follow-up-history';

/** Its table of versions, each valid from `valid_from` to `valid_to` (`'infinity'` while in force). */
export const OBLIGATION_HISTORY_TABLE = 'rm_follow_up_history';

/**
 * The obligations of every question's current state: the versions in force,
 * as a relation with the columns of ObligationRow (and `valid_from`,
 * `valid_to`). PostgreSQL flattens it into the caller's statement, so the
 * history's partial indexes serve it: by organisation and status for the
 * pages, `rm_follow_up_history_current` by question.
 */
export const IN_FORCE_OBLIGATIONS = `(SELECT * FROM ${OBLIGATION_HISTORY_TABLE} WHERE valid_to = 'infinity')`;

/** Column name and SQL type of an obligation, as the history's columns are named; the key (`question_id`, `obligation_key`) first. */
export const OBLIGATION_COLUMNS = [
  ['question_id', 'text'],
  ['obligation_key', 'text'],
  ['kind', 'text'],
  ['organisation_id', 'text'],
  ['status', 'text'],
  ['due_date', 'date'],
  ['done_on', 'date'],
  ['reference', 'text'],
  ['outcome', 'text'],
  ['details', 'json'],
  ['title', 'text'],
] as const;

/** The columns as a query selects them from a table aliased `o`: dates as text (`YYYY-MM-DD`), as the row type has them. */
export const OBLIGATION_SELECT = OBLIGATION_COLUMNS.map(([name, type]) => (type === 'date' ? `o.${name}::text AS ${name}` : `o.${name}`)).join(', ');

/**
 * The member decisions and consultation answers still owed and due by `by`
 * (an SQL date expression of the caller's statement), as a relation another
 * slice's statement selects from: `question_id`, `obligation_key`,
 * `organisation_id`, `kind`, `due_date`, `title` (the question's) and
 * `subject` (a consultation's). The registrars' word is composed from it in
 * one statement with its own rows.
 */
export function owedDecisionsAndAnswersDueBy(by: string): string {
  return `(SELECT o.question_id, o.obligation_key, o.organisation_id, o.kind, o.due_date, o.title, o.details->>'subject' AS subject
           FROM ${IN_FORCE_OBLIGATIONS} o
           WHERE o.status = 'owed' AND o.kind IN ('member-decision', 'consultation-answer') AND o.due_date <= ${by})`;
}

/**
 * A question's owed obligations as one JSON array column (`open_item_rows`)
 * of another slice's query, for the question whose id is the SQL expression
 * `questionId`: its rows (as OBLIGATION_SELECT names them, `ObligationRow`)
 * that are owed, by the organisation asked about and overdue if asked, by due
 * date, kind, organisation and key; `param` adds a value to the caller's
 * parameters. The outstanding log lists them as a question's open items. Read in
 * a query of their own, they would cost a second round trip in turn, and the
 * driver would parse each of ~300 rows field by field; as JSON the database
 * sends one value a question, parsed in one call (docs/performance.md, "Design choices for speed").
 */
export function owedItemsColumn(
  questionId: string,
  filter: { organisation?: string; overdue?: string },
  day: string,
  param: (value: unknown) => string,
): string {
  let where = `o.question_id = ${questionId} AND o.status = 'owed'`;
  if (filter.organisation) where += ` AND o.organisation_id = ${param(filter.organisation)}`;
  if (filter.overdue === 'true') where += ` AND o.due_date < ${param(day)}::date`;
  // due_date is text (YYYY-MM-DD) here: compared byte by byte, it sorts as the date.
  return `(SELECT json_agg(item ORDER BY item.due_date COLLATE "C" ASC NULLS LAST, item.kind, item.organisation_id, item.obligation_key)
           FROM (SELECT ${OBLIGATION_SELECT} FROM ${IN_FORCE_OBLIGATIONS} o WHERE ${where}) item) AS open_item_rows`;
}

/** An obligation as a row (a version of rm_follow_up_history without its validity); `details` is typed by `kind`, as the question's standing publishes it. */
export type ObligationRow = {
  [K in ObligationKind]: {
    question_id: string;
    obligation_key: string;
    kind: K;
    organisation_id: string;
    status: 'owed' | 'done';
    due_date: string | null;
    done_on: string | null;
    reference: string | null;
    outcome: DecisionOutcome | null;
    details: ObligationDetails[K];
    /** The question's title, so an organisation's lists are paged off one index. */
    title: string;
  };
}[ObligationKind];

/** An obligation as its row (also one folded as of a date). */
export function obligationRow(questionId: string, title: string, obligation: Obligation): ObligationRow {
  return {
    question_id: questionId,
    obligation_key: obligation.key,
    kind: obligation.kind,
    organisation_id: obligation.organisationId,
    status: obligation.status,
    due_date: obligation.dueDate,
    done_on: obligation.doneOn,
    reference: obligation.reference,
    outcome: obligation.outcome,
    details: obligation.details,
    title,
  } as ObligationRow;
}

/** A standing's obligations as rows, by obligation key. */
export function obligationRowsOf(questionId: string, standing: QuestionStanding): ReadonlyMap<string, ObligationRow> {
  const title = standing.title;
  return new Map(standing.obligations.map((obligation) => [obligation.key, obligationRow(questionId, title, obligation)]));
}

const NO_ROWS: ReadonlyMap<string, ObligationRow> = new Map();

/**
 * A folded question's obligations as rows, by key (none before it exists):
 * derived once per state for both histories, which walk the same states
 * (stream-states.ts), from the standing every view shares.
 */
export function obligationRowsAt(states: StreamStates, questionId: string, folded: Folded<QuestionState>): ReadonlyMap<string, ObligationRow> {
  return states.derive(folded, 'follow-up rows', () => {
    const standing = standingAt(states, folded);
    return standing ? obligationRowsOf(questionId, standing) : NO_ROWS;
  });
}

/**
 * Whether two rows of one obligation are equal column by column; `details`
 * holds scalars only (question-standing.ts). The columns are named one by one
 * rather than looked up from OBLIGATION_COLUMNS: the histories compare every
 * obligation of a question at each change of it (obligation-rows.spec.ts
 * checks that every column is compared).
 */
export function sameObligationRow(a: ObligationRow, b: ObligationRow): boolean {
  if (
    a.question_id !== b.question_id ||
    a.obligation_key !== b.obligation_key ||
    a.kind !== b.kind ||
    a.organisation_id !== b.organisation_id ||
    a.status !== b.status ||
    a.due_date !== b.due_date ||
    a.done_on !== b.done_on ||
    a.reference !== b.reference ||
    a.outcome !== b.outcome ||
    a.title !== b.title
  ) {
    return false;
  }
  const before = a.details as Record<string, unknown>;
  const after = b.details as Record<string, unknown>;
  let members = 0;
  for (const key in after) {
    if (!Object.hasOwn(after, key)) continue;
    if (before[key] !== after[key]) return false;
    members++;
  }
  for (const key in before) if (Object.hasOwn(before, key)) members--;
  return members === 0;
}

/**
 * One thing an organisation owes or did on a question, in the reader's
 * language. Each kind's members are added to the common ones with
 * Object.assign rather than a spread followed by new members, which keeps the
 * hundreds of these on a page of the log cheap to collect.
 */
/** The names of one organisation, the one a follow-up is of (its name as the register gives it): what its obligations are shown with. */
export function theOrganisation(organisation: { id: string; name: string }): StructureNames {
  return { organisation: (id) => (id === organisation.id ? organisation.name : undefined), forum: () => undefined };
}

export function presentObligation(row: ObligationRow, language: Language, today: string, names?: StructureNames) {
  const done = row.status === 'done';
  const common = {
    key: row.obligation_key,
    kind: row.kind,
    label: OBLIGATION_KIND_LABELS[row.kind][language],
    status: row.status,
    organisation: organisationRef(row.organisation_id, names),
    dueDate: row.due_date,
    overdue: !done && row.due_date !== null && row.due_date < today,
    doneOn: row.done_on,
    reference: row.reference,
  };
  switch (row.kind) {
    case 'consultation-answer': {
      const details = row.details;
      return Object.assign(
        common,
        { consultation: { id: details.consultationId, subject: details.subject, answerBy: details.answerBy } },
        done ? { answer: details.answer, amended: details.amended === true } : undefined,
      );
    }
    case 'member-decision': {
      const details = row.details;
      return Object.assign(
        common,
        {
          position: {
            number: details.positionNumber,
            inForce: details.positionInForce === true,
            date: details.positionDate,
            decideBy: details.decideBy,
            meetingReference: details.meetingReference ?? null,
          },
        },
        done
          ? {
              decision: {
                outcome: row.outcome ? { code: row.outcome, label: DECISION_OUTCOME_LABELS[row.outcome][language] } : null,
                body: { code: details.body, label: (details.body && DECISION_BODY_LABELS[details.body]?.[language]) ?? details.body },
                bodyName: details.bodyName ?? null,
                decidedOn: row.done_on,
                reference: row.reference,
                note: details.note ?? null,
                corrected: details.corrected === true,
                correctionReason: details.correctionReason ?? null,
              },
            }
          : undefined,
      );
    }
    case 'feedback-at-home': {
      const details = row.details;
      return Object.assign(
        common,
        'reportedTo' in details
          ? { feedback: { reportedTo: details.reportedTo, reportedOn: row.done_on, summary: details.summary ?? null } }
          : { decidedOn: details.decidedOn ?? null },
      );
    }
  }
}
