import { Inject, Injectable } from '@nestjs/common';
import { READ_SQL, ReadSql } from '../database/read-sql';
import type { Language } from '../http/accept-language';
import { InvalidInputError } from '../http/problem';
import { DEFAULT_LIMIT, PagedQueryDto } from '../http/read-query.dto';
import {
  DECISION_OUTCOME_LABELS,
  MATRIX_STATUS_LABELS,
  type MatrixStatus,
  type MemberDecisionObligationDetails,
  OBLIGATION_KIND_LABELS,
  ObligationKind,
  QUESTION_STAGE_LABELS,
  type QuestionStage,
  isEndedStage,
  stageRef,
} from '../questions/contract';
import { ORGANISATIONS, OrganisationId, findOrganisation } from '../reference-data/organisations';
import { calendarDateOf } from '../shared-kernel/calendar';
import { parseAsOf } from '../time-travel/contract';
import { EFFECTIVE_HISTORY } from './follow-up-effective-history.projection';
import { type HistoryTables, RECORDED_HISTORY, stageRunOf } from './follow-up-history.projection';
import type { FollowUpMatrixQueryDto, MatrixSort } from './follow-up.dto';
import type { ObligationRow } from './obligation-history';
import { presentObligation, theOrganisation } from './follow-up.queries';

const KINDS = Object.keys(OBLIGATION_KIND_LABELS) as ObligationKind[];

/** The versions the grid at a point is cut from: member decisions of a position in force; the predicate of the grid index (follow-up-grid-cut.migration.ts). */
const GRID_VERSIONS = `h.kind = 'member-decision' AND (h.details->>'positionInForce') = 'true'`;

const ENDED_STAGES = (Object.keys(QUESTION_STAGE_LABELS) as QuestionStage[])
  .filter(isEndedStage)
  .map((stage) => `'${stage}'`)
  .join(', ');

/** The title in lower case beyond ASCII (the stored title compares as bytes, under which lower() changes ASCII only), compared as bytes, as the code units JavaScript compares. */
const LOWER_TITLE = `lower(g.title COLLATE "default") COLLATE "C"`;

/** The live grid's orders (follow-up.queries.ts), then the title in lower case and the question's id (the key columns compare as bytes). */
const GRID_ORDER: Record<MatrixSort, string> = {
  decideBy: 'g.decide_by ASC NULLS FIRST',
  '-decideBy': 'g.decide_by DESC NULLS LAST',
  positionDate: 'g.position_date ASC NULLS FIRST',
  '-positionDate': 'g.position_date DESC NULLS LAST',
  title: `${LOWER_TITLE} ASC`,
  '-title': `${LOWER_TITLE} DESC`,
};

type PageRow = ObligationRow & { revision: number; stage: QuestionStage };

/**
 * The question's revision at the instant `at` (an SQL parameter), from its
 * question-history row `v` valid then (a stage run, QuestionVersionRow): the
 * revision after the latest of the run's groups seen at `at`, found by binary
 * search in the run's ascending instants (`width_bucket` counts those at or
 * before `at`; the first is the row's `valid_from`, so at least one).
 */
export function revisionAt(at: string): string {
  return `v.revisions[width_bucket(${at}::timestamptz, v.instants)]`;
}

/**
 * Where a point is read: the relation read as each table (a table, or a
 * subquery in the statement's text) and the history's parts — each a table
 * and, if it does not answer for every question, which ones (a predicate on
 * its alias `x`) — which a page reads one by one, each in its index's order.
 */
export interface HistoryReads extends HistoryTables {
  parts: ReadonlyArray<{ history: string; only?: string }>;
}

const AS_RECORDED: HistoryReads = { ...RECORDED_HISTORY, parts: [{ history: RECORDED_HISTORY.history }] };

/** Of a recorded table aliased `alias`, the rows of the questions whose effective history is the recorded one. */
const notDivergent = (alias: string) => `NOT EXISTS (SELECT FROM ${EFFECTIVE_HISTORY.divergent} d WHERE d.question_id = ${alias}.question_id)`;

function eitherHistory(recorded: string, effective: string, columns: string): string {
  return `(SELECT ${columns} FROM ${recorded} r WHERE ${notDivergent('r')} UNION ALL SELECT ${columns} FROM ${effective})`;
}

/**
 * What the effective axis reads in place of each table: follow-up-history's
 * rows of the questions that do not diverge (their effective history is the
 * recorded one, cut at the end of a day) with follow-up-effective-history's
 * rows of those that do, and the recorded day tally with the effective
 * projection's correction (follow-up-effective-history.projection.ts).
 * Subqueries in the statement's text, not views: a rebuild swaps tables in by
 * name, which a view, bound to the table it was made on, would not follow.
 */
const IN_EFFECT: HistoryReads = {
  history: eitherHistory(
    RECORDED_HISTORY.history,
    EFFECTIVE_HISTORY.history,
    'organisation_id, question_id, obligation_key, valid_from, valid_to, kind, status, due_date, done_on, reference, outcome, details, title',
  ),
  questionHistory: eitherHistory(RECORDED_HISTORY.questionHistory, EFFECTIVE_HISTORY.questionHistory, 'question_id, valid_from, stage, instants, revisions'),
  dayTally: `(SELECT organisation_id, day, kind, status, due_date, items FROM ${RECORDED_HISTORY.dayTally}
              UNION ALL SELECT organisation_id, day, kind, status, due_date, items FROM ${EFFECTIVE_HISTORY.dayTally})`,
  parts: [{ history: RECORDED_HISTORY.history, only: notDivergent('x') }, { history: EFFECTIVE_HISTORY.history }],
};

/**
 * A point in the follow-up's past, on one of its two time axes: as recorded
 * by an instant (`?asOf=`, the follow-up-history tables) or as in effect on a
 * day (`?inEffectOn=`, those with follow-up-effective-history's: `IN_EFFECT`).
 */
export type FollowUpPoint = { axis: 'recorded'; asOf: Date } | { axis: 'effective'; inEffectOn: string };

const AXIS_LABELS = {
  recorded: { code: 'as-recorded-by', sv: 'Som registrerat vid', en: 'As recorded by' },
  effective: { code: 'as-in-effect-on', sv: 'Som det hade inträffat den', en: 'As in effect on' },
} as const;

/**
 * The point a follow-up read is asked at: as recorded by `asOf`, or as in
 * effect on `inEffectOn`; one axis at a time, as each history keeps one
 * (the auditors' GET /audit/organisations/:id/follow-up folds both together).
 */
export function pointOf(query: { asOf?: string; inEffectOn?: string }): FollowUpPoint | undefined {
  if (query.asOf !== undefined && query.inEffectOn !== undefined) {
    throw new InvalidInputError([
      {
        field: 'inEffectOn',
        rule: 'one-time-axis',
        message: 'ask either asOf (as recorded by) or inEffectOn (as in effect on), not both; GET /audit/organisations/:id/follow-up answers both together',
      },
    ]);
  }
  if (query.inEffectOn !== undefined) return { axis: 'effective', inEffectOn: query.inEffectOn };
  if (query.asOf === undefined) return undefined;
  const asOf = parseAsOf(query.asOf);
  if (!asOf) {
    throw new InvalidInputError([
      { field: 'asOf', rule: 'isInstant', message: 'asOf must be an instant with time zone (2025-03-01T12:00:00+01:00) or a date (2025-03-01)' },
    ]);
  }
  return { axis: 'recorded', asOf };
}

/** The grid's point: as `pointOf`, and not with a forum, which the history does not keep. */
export function gridPointOf(query: { asOf?: string; inEffectOn?: string; forum?: string }): FollowUpPoint | undefined {
  const point = pointOf(query);
  if (point && query.forum !== undefined) {
    throw new InvalidInputError([
      {
        field: 'forum',
        rule: 'forum-not-with-time-travel',
        message: 'the grid at a past point is not filtered by forum: the history does not keep the forum a question was in then',
      },
    ]);
  }
  return point;
}

/** Where and how a point is read: its tables, the instant versions are valid at, the day "overdue" is judged on, and how the answer names it. */
export function resolvePoint(point: FollowUpPoint, language: Language) {
  const tables: HistoryReads = point.axis === 'recorded' ? AS_RECORDED : IN_EFFECT;
  const at = point.axis === 'recorded' ? point.asOf : parseAsOf(point.inEffectOn)!;
  const day = point.axis === 'recorded' ? calendarDateOf(point.asOf) : point.inEffectOn;
  const labels = AXIS_LABELS[point.axis];
  return {
    tables,
    at,
    day,
    /** The point as the answer names it: `asOf` (an instant) or `inEffectOn` (a day), and which of the two it is, labelled. */
    named: {
      ...(point.axis === 'recorded' ? { asOf: point.asOf.toISOString() } : { inEffectOn: point.inEffectOn }),
      timeAxis: { code: labels.code, label: labels[language] },
    },
  };
}

/**
 * What one organisation owed and had done at a past point, read from the
 * history follow-up-history keeps (as recorded by), with
 * follow-up-effective-history's rows of the questions it differs for (as in
 * effect on): the same answer as folding every question up to
 * that point (audit/follow-up-as-of.ts, which a test compares it with), in
 * the live follow-up's shape plus each question's revision then. "Overdue" is
 * judged against the point's date in Sweden.
 */
@Injectable()
export class FollowUpAsOfQueries {
  constructor(@Inject(READ_SQL) private readonly sql: ReadSql) {}

  async forOrganisation(
    organisationId: OrganisationId,
    point: FollowUpPoint,
    query: PagedQueryDto,
    language: Language,
    organisation: { id: string; name: string; kind: string } = findOrganisation(organisationId),
  ) {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const offset = query.offset ?? 0;
    const { tables, at: asOf, day, named } = resolvePoint(point, language);
    const at = asOf.toISOString();
    const [owedRows, doneRows, counted] = await Promise.all([
      this.page(tables, organisationId, at, 'owed', 'due_date ASC NULLS LAST', limit, offset),
      this.page(tables, organisationId, at, 'done', 'done_on DESC NULLS LAST', limit, offset),
      this.counts(tables, organisationId, asOf, day),
    ]);
    const present = (row: PageRow) => ({
      question: { id: row.question_id, title: row.title, stage: stageRef(row.stage, language), revision: row.revision },
      ...presentObligation(row, language, day, theOrganisation(organisation)),
    });
    const countOf = (kind: ObligationKind | undefined, status: 'owed' | 'done', field: 'n' | 'overdue' = 'n') =>
      counted.filter((row) => (!kind || row.kind === kind) && row.status === status).reduce((sum, row) => sum + row[field], 0);
    return {
      organisation,
      ...named,
      today: day,
      counts: {
        owed: countOf(undefined, 'owed'),
        overdue: countOf(undefined, 'owed', 'overdue'),
        done: countOf(undefined, 'done'),
        byKind: Object.fromEntries(
          KINDS.map((kind) => [
            kind,
            {
              label: OBLIGATION_KIND_LABELS[kind][language],
              owed: countOf(kind, 'owed'),
              overdue: countOf(kind, 'owed', 'overdue'),
              done: countOf(kind, 'done'),
            },
          ]),
        ),
      },
      owed: owedRows.map(present),
      done: doneRows.map(present),
      limit,
      offset,
    };
  }

  /**
   * The follow-up grid at a past point: the questions open then with a
   * position in force, each organisation's cell as it stood (decided with its
   * outcome, awaiting, overdue against the point's day, not concerned), in the
   * live grid's shape. One statement cuts the member-decision versions valid
   * at the point (`gridCut`), groups them per question, leaves out the
   * questions that had ended, and answers the total, each organisation's
   * totals and the page's question ids in order; a second reads the page's
   * cells. The forum a question was in then is not kept in the history, so
   * this grid is not filtered by forum (the controller refuses `forum`).
   * `organisations` are its columns (the register's, from StructureDirectory;
   * the default data's without it).
   */
  async matrix(
    point: FollowUpPoint,
    query: FollowUpMatrixQueryDto,
    language: Language,
    organisations: ReadonlyArray<{ id: string; name: string }> = ORGANISATIONS,
  ) {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const offset = query.offset ?? 0;
    const { tables, at, day, named } = resolvePoint(point, language);
    const cut = await this.gridCut(tables, at.toISOString(), day, query.sort ?? 'decideBy', limit, offset);
    const rows: Array<ObligationRow & { kind: 'member-decision'; revision: number; stage: QuestionStage }> =
      cut.page.length === 0
        ? []
        : await this.sql.query(
            `SELECT h.question_id, h.obligation_key, h.kind, h.organisation_id, h.status, h.due_date::text AS due_date, h.done_on::text AS done_on,
                    h.reference, h.outcome, h.details, h.title, q.revision, q.stage
             FROM ${tables.history} h
             CROSS JOIN LATERAL ${stageRunOf(tables.questionHistory, 'h.question_id', `${revisionAt('$1')} AS revision, v.stage`, '$1')} q
             WHERE h.question_id = ANY($2::text[]) AND ${GRID_VERSIONS} AND h.valid_from <= $1 AND h.valid_to > $1`,
            [at.toISOString(), cut.page],
          );
    const questions = new Map<
      string,
      { row: (typeof rows)[number]; details: MemberDecisionObligationDetails; decisions: Map<string, (typeof rows)[number]> }
    >();
    for (const row of rows) {
      const question = questions.get(row.question_id) ?? { row, details: row.details as MemberDecisionObligationDetails, decisions: new Map() };
      questions.set(row.question_id, question);
      question.decisions.set(row.organisation_id, row);
    }
    const statusOf = (decisions: Map<string, (typeof rows)[number]>, decideBy: string, organisationId: string): MatrixStatus => {
      const decision = decisions.get(organisationId);
      if (!decision) return 'not-concerned';
      if (decision.status === 'done') return 'decided';
      return decideBy < day ? 'overdue' : 'awaiting';
    };
    const totalsOf = (organisationId: string) => {
      const counted = cut.totals.find((row) => row.organisation_id === organisationId);
      const [decided, overdue, awaiting] = counted ? [counted.decided, counted.overdue, counted.awaiting] : [0, 0, 0];
      return { awaiting, overdue, decided, notConcerned: cut.total - decided - overdue - awaiting };
    };
    return {
      ...named,
      today: day,
      statusLabels: Object.fromEntries(Object.entries(MATRIX_STATUS_LABELS).map(([status, labels]) => [status, labels[language]])),
      organisations: organisations.map((organisation) => ({ id: organisation.id, name: organisation.name, totals: totalsOf(organisation.id) })),
      items: cut.page.map((questionId) => {
        const { row, details, decisions } = questions.get(questionId)!;
        const decideBy = details.decideBy ?? '';
        const cells = organisations.map((organisation) => {
          const status = statusOf(decisions, decideBy, organisation.id);
          const decision = status === 'decided' ? decisions.get(organisation.id)! : undefined;
          return {
            organisationId: organisation.id,
            status,
            statusLabel: MATRIX_STATUS_LABELS[status][language],
            ...(decision
              ? {
                  outcome: decision.outcome,
                  outcomeLabel: decision.outcome ? DECISION_OUTCOME_LABELS[decision.outcome][language] : null,
                  decidedOn: decision.done_on,
                  reference: decision.reference,
                }
              : {}),
          };
        });
        const count = (status: MatrixStatus) => cells.filter((cell) => cell.status === status).length;
        return {
          question: {
            id: row.question_id,
            title: row.title,
            stage: stageRef(row.stage, language),
            revision: row.revision,
            position: {
              number: details.positionNumber,
              date: details.positionDate,
              decideBy: details.decideBy,
              meetingReference: details.meetingReference ?? null,
            },
          },
          counts: { awaiting: count('awaiting'), overdue: count('overdue'), decided: count('decided'), notConcerned: count('not-concerned') },
          cells,
        };
      }),
      total: cut.total,
      limit,
      offset,
    };
  }

  /**
   * The grid's cut at `at`, in one statement: the member-decision versions of
   * positions in force that were valid at `at`, read off the grid index
   * (follow-up-grid-cut.migration.ts) in question order and grouped per
   * question as they come; a question with a decision still owed was open
   * then, and one whose organisations had all decided is looked up in the
   * question history, to leave it out if it had ended. From those: how many
   * questions, each organisation's decided / overdue (its position's decide-by
   * date before `day`) / awaiting, and the page's question ids in the grid's
   * order. What it reads grows with the member decisions in force at `at`
   * (docs/performance.md, "What limits each target").
   */
  private async gridCut(tables: HistoryReads, at: string, day: string, sort: MatrixSort, limit: number, offset: number) {
    const positionDate = sort.endsWith('positionDate') ? `, min(h.details->>'positionDate') AS position_date` : '';
    const [result]: Array<{
      total: number;
      totals: Array<{ organisation_id: string; decided: number; overdue: number; awaiting: number }> | null;
      page: string[] | null;
    }> = await this.sql.query(
      `WITH questions AS MATERIALIZED (
           SELECT h.question_id, min(h.due_date) AS decide_by, min(h.title) AS title${positionDate},
                  array_agg(h.organisation_id) FILTER (WHERE h.status = 'done') AS decided,
                  array_agg(h.organisation_id) FILTER (WHERE h.status = 'owed') AS pending
           FROM ${tables.history} h
           WHERE ${GRID_VERSIONS} AND h.valid_from <= $1 AND h.valid_to > $1
           GROUP BY h.question_id
         ),
         grid AS MATERIALIZED (
           SELECT * FROM questions g
           WHERE g.pending IS NOT NULL OR NOT EXISTS (
             SELECT 1 FROM ${stageRunOf(tables.questionHistory, 'g.question_id', 'v.stage', '$1')} s WHERE s.stage IN (${ENDED_STAGES}))
         ),
         totals AS (
           SELECT organisation_id, sum(decided)::int AS decided, sum(overdue)::int AS overdue, sum(awaiting)::int AS awaiting
           FROM (SELECT unnest(g.decided) AS organisation_id, 1 AS decided, 0 AS overdue, 0 AS awaiting FROM grid g
                 UNION ALL
                 SELECT unnest(g.pending), 0, late::int, (NOT late)::int FROM grid g, coalesce(g.decide_by < $2::date, true) AS late) o
           GROUP BY organisation_id
         ),
         page AS (
           SELECT question_id FROM grid g ORDER BY ${GRID_ORDER[sort]}, ${LOWER_TITLE}, g.question_id LIMIT $3 OFFSET $4
         )
         SELECT (SELECT count(*) FROM grid)::int AS total,
                (SELECT json_agg(t) FROM totals t) AS totals,
                (SELECT array_agg(question_id) FROM page) AS page`,
      [at, day, limit, offset],
    );
    return { total: result.total, totals: result.totals ?? [], page: result.page ?? [] };
  }

  /**
   * A page of the versions in force at `at`, read off the status's partial
   * index in its order (titles and keys compare as bytes, as the live
   * follow-up's do), each with its question's revision and stage then.
   *
   * The index is read alone (an index-only scan: validity is in its INCLUDE
   * columns) and only the page's 50 rows are fetched from the table after. At
   * a date where few versions were in force, the ones that were lie far along
   * the index (at an early date, at the end of the done index: newest first);
   * reading the table row of every version passed over would cost a page far
   * more than reading their index entries only (docs/performance.md, "What
   * limits each target").
   */
  private page(
    tables: HistoryReads,
    organisationId: string,
    at: string,
    status: 'owed' | 'done',
    order: string,
    limit: number,
    offset: number,
  ): Promise<PageRow[]> {
    const sort = `${order}, title, obligation_key, question_id`;
    const dateColumn = status === 'owed' ? 'due_date' : 'done_on';
    const keys = ({ history, only }: HistoryReads['parts'][number]) =>
      `SELECT organisation_id, question_id, obligation_key, valid_from, ${dateColumn}, title FROM ${history} x
       WHERE organisation_id = $1 AND status = '${status}' AND valid_from <= $2 AND valid_to > $2${only ? ` AND ${only}` : ''}
       ORDER BY ${sort}`;
    // Parts each cut to the page's end in their own order, then merged: a part read through a union would be read whole and sorted.
    // Each row of the page is then looked up by its key (LIMIT 1 keeps the lookup per row, where a join with a union would read all of it).
    const cut =
      tables.parts.length === 1
        ? `${keys(tables.parts[0])} LIMIT $3 OFFSET $4`
        : `${tables.parts.map((part) => `(${keys(part)} LIMIT $3::int + $4::int)`).join(' UNION ALL ')} ORDER BY ${sort} LIMIT $3 OFFSET $4`;
    return this.sql.query(
      `SELECT h.question_id, h.obligation_key, h.kind, h.organisation_id, h.status, h.due_date::text AS due_date, h.done_on::text AS done_on,
              h.reference, h.outcome, h.details, h.title, q.revision, q.stage
       FROM (${cut}) k
       CROSS JOIN LATERAL (SELECT * FROM ${tables.history} h
                           WHERE h.organisation_id = k.organisation_id AND h.question_id = k.question_id AND h.obligation_key = k.obligation_key
                             AND h.valid_from = k.valid_from LIMIT 1) h
       CROSS JOIN LATERAL ${stageRunOf(tables.questionHistory, 'h.question_id', `${revisionAt('$2')} AS revision, v.stage`, '$2')} q
       ORDER BY ${sort}`,
      [organisationId, at, limit, offset],
    );
  }

  /**
   * The counts at `asOf` by kind and status: the day tally summed over the
   * days before its date (through its date when `asOf` is the end of that
   * day), plus the versions that began and less those that ended on its date
   * up to `asOf` — at most one day's changes, read off the primary key
   * (organisation_id, valid_from, …) and (organisation_id, valid_to) of the
   * versions that ended (a partial index: the condition on `valid_to` names
   * its predicate).
   */
  private counts(
    tables: HistoryReads,
    organisationId: string,
    asOf: Date,
    day: string,
  ): Promise<Array<{ kind: ObligationKind; status: 'owed' | 'done'; n: number; overdue: number }>> {
    const wholeDay = parseAsOf(day)?.getTime() === asOf.getTime();
    const due = `CASE WHEN status = 'owed' THEN coalesce(due_date::text, '') ELSE '' END`;
    // The date twice: as a date for the tally's days, as text for the due dates it keeps.
    const params: unknown[] = [organisationId, day, day];
    let sources = `SELECT kind, status, due_date, items FROM ${tables.dayTally} t WHERE organisation_id = $1 AND day ${wholeDay ? '<=' : '<'} $2::date`;
    if (!wholeDay) {
      params.push(startOfDay(day).toISOString(), asOf.toISOString());
      sources += `
        UNION ALL SELECT kind, status, ${due}, 1 FROM ${tables.history} h WHERE organisation_id = $1 AND valid_from >= $4 AND valid_from <= $5
        UNION ALL SELECT kind, status, ${due}, -1 FROM ${tables.history} h WHERE organisation_id = $1 AND valid_to >= $4 AND valid_to <= $5 AND valid_to <> 'infinity'`;
    }
    return this.sql.query(
      `SELECT kind, status, sum(items)::int AS n,
              coalesce(sum(items) FILTER (WHERE status = 'owed' AND due_date <> '' AND due_date < $3::text), 0)::int AS overdue
       FROM (${sources}) c GROUP BY kind, status`,
      params,
    );
  }
}

/** The first instant of a calendar date in Sweden: just after the end of the day before. */
function startOfDay(day: string): Date {
  const [year, month, date] = day.split('-').map(Number);
  const before = new Date(Date.UTC(year, month - 1, date - 1)).toISOString().slice(0, 10);
  return new Date(parseAsOf(before)!.getTime() + 1);
}
