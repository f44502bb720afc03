import { Inject, Injectable } from '@nestjs/common';
import { READ_SQL, ReadSql } from '../database/read-sql';
import type { Language } from '../http/accept-language';
import { DEFAULT_LIMIT, PagedQueryDto } from '../http/read-query.dto';
import { OBLIGATION_KIND_LABELS, ObligationKind, type QuestionStage } from '../questions/contract';
import { stageRef } from '../question-list/contract';
import { OrganisationId, findOrganisation } from '../reference-data/organisations';
import { calendarDateOf } from '../shared-kernel/calendar';
import { parseAsOf } from '../time-travel/contract';
import { DAY_TALLY_TABLE, HISTORY_TABLE, QUESTION_HISTORY_TABLE } from './follow-up-history.projection';
import { type ObligationRow, presentObligation } from './obligation-rows';

const KINDS = Object.keys(OBLIGATION_KIND_LABELS) as ObligationKind[];

type PageRow = ObligationRow & { revision: number; stage: QuestionStage };

/**
 * What one organisation owed and had done at a past instant, read from the
 * history follow-up-history keeps: the same answer as folding every question
 * up to that instant (audit/follow-up-as-of.ts, which a test compares it with),
 * in the live follow-up's shape plus each question's revision then. "Overdue"
 * is judged against that instant's date in Sweden.
 */
@Injectable()
export class FollowUpAsOfQueries {
  constructor(@Inject(READ_SQL) private readonly sql: ReadSql) {}

  async forOrganisation(organisationId: OrganisationId, asOf: Date, query: PagedQueryDto, language: Language) {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const offset = query.offset ?? 0;
    const day = calendarDateOf(asOf);
    const at = asOf.toISOString();
    const [owedRows, doneRows, counted] = await Promise.all([
      this.page(organisationId, at, 'owed', 'due_date ASC NULLS LAST', limit, offset),
      this.page(organisationId, at, 'done', 'done_on DESC NULLS LAST', limit, offset),
      this.counts(organisationId, asOf, day),
    ]);
    const present = (row: PageRow) => ({
      question: { id: row.question_id, title: row.title, stage: stageRef(row.stage, language), revision: row.revision },
      ...presentObligation(row, language, day),
    });
    const countOf = (kind: ObligationKind | undefined, status: 'owed' | 'done', field: 'n' | 'overdue' = 'n') =>
      counted.filter((row) => (!kind || row.kind === kind) && row.status === status).reduce((sum, row) => sum + row[field], 0);
    return {
      organisation: findOrganisation(organisationId),
      asOf: at,
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
   * A page of the versions in force at `at`, read off the status's partial
   * index in its order (titles and keys compare as bytes, as the live
   * follow-up's do), each with its question's revision and stage then.
   *
   * The index is read alone (an index-only scan: validity is in its INCLUDE
   * columns) and only the page's 50 rows are fetched from the table after. At
   * a date where few versions were in force, the ones that were lie far along
   * the index (at an early date, at the end of the done index: newest first);
   * reading the table row of every version passed over took 420 ms for one
   * page at 1,050,336 events (docs/performance.md), reading index entries only
   * a few ms for the same ~20,000.
   */
  private page(organisationId: string, at: string, status: 'owed' | 'done', order: string, limit: number, offset: number): Promise<PageRow[]> {
    const sort = `${order}, title, obligation_key, question_id`;
    const dateColumn = status === 'owed' ? 'due_date' : 'done_on';
    return this.sql.query(
      `SELECT h.question_id, h.obligation_key, h.kind, h.organisation_id, h.status, h.due_date::text AS due_date, h.done_on::text AS done_on,
              h.reference, h.outcome, h.details, h.title, q.revision, q.stage
       FROM (SELECT organisation_id, question_id, obligation_key, valid_from, ${dateColumn}, title FROM ${HISTORY_TABLE}
             WHERE organisation_id = $1 AND status = '${status}' AND valid_from <= $2 AND valid_to > $2
             ORDER BY ${sort} LIMIT $3 OFFSET $4) k
       JOIN ${HISTORY_TABLE} h USING (organisation_id, question_id, obligation_key, valid_from)
       CROSS JOIN LATERAL (SELECT revision, stage FROM ${QUESTION_HISTORY_TABLE} v
                           WHERE v.question_id = h.question_id AND v.valid_from <= $2 ORDER BY v.valid_from DESC LIMIT 1) q
       ORDER BY ${sort}`,
      [organisationId, at, limit, offset],
    );
  }

  /**
   * The counts at `asOf` by kind and status: the day tally summed over the
   * days before its date (through its date when `asOf` is the end of that
   * day), plus the versions that began and less those that ended on its date
   * up to `asOf` — at most one day's changes, read off (organisation_id,
   * valid_from) and (organisation_id, valid_to).
   */
  private counts(
    organisationId: string,
    asOf: Date,
    day: string,
  ): Promise<Array<{ kind: ObligationKind; status: 'owed' | 'done'; n: number; overdue: number }>> {
    const wholeDay = parseAsOf(day)?.getTime() === asOf.getTime();
    const due = `CASE WHEN status = 'owed' THEN coalesce(due_date::text, '') ELSE '' END`;
    // The date twice: as a date for the tally's days, as text for the due dates it keeps.
    const params: unknown[] = [organisationId, day, day];
    let sources = `SELECT kind, status, due_date, items FROM ${DAY_TALLY_TABLE} WHERE organisation_id = $1 AND day ${wholeDay ? '<=' : '<'} $2::date`;
    if (!wholeDay) {
      params.push(startOfDay(day).toISOString(), asOf.toISOString());
      sources += `
        UNION ALL SELECT kind, status, ${due}, 1 FROM ${HISTORY_TABLE} WHERE organisation_id = $1 AND valid_from >= $4 AND valid_from <= $5
        UNION ALL SELECT kind, status, ${due}, -1 FROM ${HISTORY_TABLE} WHERE organisation_id = $1 AND valid_to >= $4 AND valid_to <= $5`;
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
