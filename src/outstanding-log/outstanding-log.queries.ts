import { Inject, Injectable } from '@nestjs/common';
import { READ_SQL, ReadSql } from '../database/read-sql';
import type { Language } from '../http/accept-language';
import { DEFAULT_LIMIT } from '../http/read-query.dto';
import { type ObligationRow, owedItemsColumn, presentObligation } from '../follow-up/contract';
import { QUESTION_SUMMARY_COLUMNS, type QuestionSummaryRow, presentQuestion, questionFilter, questionRows, questionsInTally } from '../question-list/contract';
import { type StructureNames, organisationRef } from '../reference-data/organisations';
import { RegisterReader } from '../register/contract';
import { today } from '../shared-kernel/calendar';
import { CLOCK, Clock } from '../shared-kernel/clock';
import { LogSort, OutstandingLogQueryDto } from './outstanding-log.dto';
import { OWED_QUESTION_TABLE, OWED_TALLY } from './outstanding-log.projection';

/**
 * The outstanding-issues log (utestående logg): every open question and every
 * open item within it, as the working group and the chairs prepare meetings
 * from it. An item says where it comes from (`source`) and who owes it
 * (`owedBy`), so items of other kinds (assignments to the working group) can
 * join the same list.
 */
@Injectable()
export class OutstandingLogQueries {
  constructor(
    @Inject(READ_SQL) private readonly sql: ReadSql,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly register: RegisterReader,
  ) {}

  /**
   * One page of the log; `logWith`'s `alongside` reads what other slices add to the page's
   * questions (assignments, meeting items) once the page's questions are known, and is
   * handed the names organisations and forums are shown by (the register's, read at the
   * same time: `names` resolves to undefined while it is empty).
   * The page's own open items come with it, in the page's query (`owedItemsColumn`, the follow-up's).
   */
  async log(query: OutstandingLogQueryDto, language: Language) {
    return (await this.logWith(query, language, async () => undefined)).log;
  }

  async logWith<Extra>(
    query: OutstandingLogQueryDto,
    language: Language,
    alongside: (questionIds: string[], names: Promise<StructureNames | undefined>) => Promise<Extra>,
  ) {
    const day = today(this.clock);
    const limit = query.limit ?? DEFAULT_LIMIT;
    const offset = query.offset ?? 0;
    const { rows, total } =
      query.organisation && (query.sort ?? 'dueDate') === 'dueDate' && !query.forum && !query.logic && !query.stage && !query.topic && !query.q
        ? await this.organisationPage(query.organisation, query.overdue, day, limit, offset)
        : await this.page(query, day, limit, offset);

    const listing = this.register.listing(day);
    const namesRead = listing.then((read) => read.names);
    // Awaited through `listing` too, which reports a failure: `alongside` need not wait for it (no question on the page).
    namesRead.catch(() => undefined);
    const [extra, { endedForums: ended, names }] = await Promise.all([
      alongside(
        rows.map((row) => row.question_id),
        namesRead,
      ),
      listing,
    ]);
    const log = {
      today: day,
      items: rows.map((row) => {
        return {
          dueDate: row.due,
          ...presentQuestion(row, language, day, ended, names),
          overdue: row.due !== null && row.due < day,
          openItems: (row.open_item_rows ?? []).map((item) => ({
            source: 'question' as const,
            owedBy: { kind: 'organisation' as const, ...organisationRef(item.organisation_id, names) },
            ...presentObligation(item, language, day, names),
          })),
        };
      }),
      total,
      limit,
      offset,
    };
    return { log, extra };
  }

  /**
   * An organisation's log in its default order (what it owes soonest first, then
   * the question's title, code-point order): a range of rm_question_owed's index
   * (an owed item implies an open question, question-standing.ts), then only
   * the page's questions are read.
   */
  private async organisationPage(organisation: string, overdue: string | undefined, day: string, limit: number, offset: number) {
    const params: unknown[] = [organisation];
    let where = `w.organisation_id = $1`;
    // The total from the tally of the same rows by due date ('' for none; ISO dates compare as text).
    let tallied = `organisation_id = $1`;
    if (overdue === 'true') {
      const today = `$${params.push(day)}`;
      where += ` AND w.due < ${today}::date`;
      tallied += ` AND due <> '' AND due < ${today}`;
    }
    if (overdue === 'false') {
      const today = `$${params.push(day)}`;
      where += ` AND (w.due IS NULL OR w.due >= ${today}::date)`;
      tallied += ` AND (due = '' OR due >= ${today})`;
    }
    const whereParams = [...params];
    const [rows, [{ n }]]: [LogPageRow[], Array<{ n: number }>] = await Promise.all([
      this.sql.query(
        `WITH page AS (
         SELECT w.question_id, w.due, w.title FROM ${OWED_QUESTION_TABLE} w WHERE ${where}
         ORDER BY w.due ASC NULLS LAST, w.title, w.question_id LIMIT $${params.push(limit)} OFFSET $${params.push(offset)})
       SELECT ${QUESTION_SUMMARY_COLUMNS}, page.due::text AS due,
         ${owedItemsColumn('page.question_id', { organisation, overdue }, day, (value) => `$${params.push(value)}`)}
       FROM ${questionRows({ relation: 'page', questionId: 'page.question_id' })}
       ORDER BY page.due ASC NULLS LAST, page.title, page.question_id`,
        params,
      ),
      this.sql.query(`SELECT coalesce(sum(questions), 0)::int AS n FROM ${OWED_TALLY.table} WHERE ${tallied}`, whereParams),
    ]);
    return { rows, total: n };
  }

  /** Any filter and order: the questions' rows, joined to the organisation's owed items when asked. */
  private async page(query: OutstandingLogQueryDto, day: string, limit: number, offset: number) {
    const filter = questionFilter(query).add('q.is_open');

    // What counts as due and owed: everything open on the question, or only what the organisation owes.
    let due = 'q.earliest_due_date';
    let from = questionRows();
    if (query.organisation) {
      // The same rows as the default order's page (rm_question_owed), joined for other filters and orders:
      // a correlated subquery per question would visit every open question.
      const organisation = filter.param(query.organisation);
      from = questionRows({ relation: `${OWED_QUESTION_TABLE} owed`, questionId: 'owed.question_id', and: `owed.organisation_id = ${organisation}` });
      due = 'owed.due';
    }
    if (query.overdue === 'true') filter.conditions.push(`${due} < ${filter.param(day)}::date`);
    if (query.overdue === 'false') filter.conditions.push(`(${due} IS NULL OR ${due} >= ${filter.param(day)}::date)`);

    // Each order's keys, then the question id: [expression, direction].
    const orders: Record<LogSort, Array<[string, string]>> = {
      dueDate: [
        [due, 'ASC NULLS LAST'],
        ['q.last_changed_at', 'DESC'],
      ],
      '-dueDate': [
        [due, 'DESC NULLS LAST'],
        ['q.last_changed_at', 'DESC'],
      ],
      lastChangedAt: [['q.last_changed_at', 'ASC']],
      '-lastChangedAt': [['q.last_changed_at', 'DESC']],
      title: [['lower(q.title)', 'ASC']],
      '-title': [['lower(q.title)', 'DESC']],
      lastMeeting: [['q.last_meeting_on', 'ASC NULLS LAST']],
      '-lastMeeting': [['q.last_meeting_on', 'DESC NULLS LAST']],
    };
    const keys = [...orders[query.sort ?? 'dueDate'], ['q.question_id', 'ASC']];
    const whereParams = [...filter.params];
    const where = filter.where();
    const [rows, total]: [LogPageRow[], number] = await Promise.all([
      // The page is selected first, then its items read beside each of its rows:
      // a subquery with LIMIT is not flattened, so items are read for the page's
      // rows only (also past an OFFSET), and the page's keys sort it again.
      this.sql.query(
        `SELECT page.*, ${owedItemsColumn('page.question_id', query, day, (value) => filter.param(value))}
         FROM (SELECT ${QUESTION_SUMMARY_COLUMNS}, ${due}::text AS due, ${keys.map(([key], i) => `${key} AS page_key_${i}`).join(', ')}
               FROM ${from} ${where}
               ORDER BY ${keys.map(([key, direction]) => `${key} ${direction}`).join(', ')}
               LIMIT ${filter.param(limit)} OFFSET ${filter.param(offset)}) page
         ORDER BY ${keys.map(([, direction], i) => `page.page_key_${i} ${direction}`).join(', ')}`,
        filter.params,
      ),
      this.total(query, `${from} ${where}`, whereParams),
    ]);
    return { rows, total };
  }

  /**
   * The number of questions the filter selects. Filtered by forum and stage at
   * most, it is read from the tally the question list keeps (a few rows), not
   * counted over every open question; other filters count the rows they select.
   */
  private async total(query: OutstandingLogQueryDto, fromWhere: string, params: unknown[]): Promise<number> {
    if (!query.topic && !query.q && !query.logic && !query.organisation && query.overdue === undefined) {
      return questionsInTally((sql, params) => this.sql.query(sql, params), { forum: query.forum, stage: query.stage, openOnly: true });
    }
    const [{ n }] = await this.sql.query(`SELECT count(*)::int AS n FROM ${fromWhere}`, params);
    return n;
  }
}

/** A page's row: the question's summary, what it owes by when, and its open items. */
type LogPageRow = QuestionSummaryRow & { due: string | null; open_item_rows: ObligationRow[] | null };
