import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Language } from '../http/accept-language';
import { DEFAULT_LIMIT } from '../http/read-query.dto';
import {
  OBLIGATION_COLUMNS,
  ObligationRow,
  QUESTION_SUMMARY_COLUMNS,
  QuestionSummaryRow,
  organisationRef,
  presentObligation,
  presentQuestion,
} from '../questions/read-models/question-presentation';
import { questionFilter } from '../questions/read-models/question-queries';
import { today } from '../shared-kernel/calendar';
import { CLOCK, Clock } from '../shared-kernel/clock';
import { LogSort, OutstandingLogQueryDto } from './outstanding-log.dto';

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
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async log(query: OutstandingLogQueryDto, language: Language) {
    const day = today(this.clock);
    const limit = query.limit ?? DEFAULT_LIMIT;
    const offset = query.offset ?? 0;
    const filter = questionFilter(query).add('q.is_open');

    // What counts as due and owed: everything open on the question, or only what the organisation owes.
    let due = 'q.earliest_due_date';
    if (query.organisation) {
      const organisation = filter.param(query.organisation);
      const owedByIt = `FROM rm_question_obligation o WHERE o.question_id = q.question_id AND o.status = 'owed' AND o.organisation_id = ${organisation}`;
      due = `(SELECT min(o.due_date) ${owedByIt})`;
      filter.conditions.push(`EXISTS (SELECT 1 ${owedByIt})`);
    }
    if (query.overdue === 'true') filter.conditions.push(`${due} < ${filter.param(day)}::date`);
    if (query.overdue === 'false') filter.conditions.push(`(${due} IS NULL OR ${due} >= ${filter.param(day)}::date)`);

    const order: Record<LogSort, string> = {
      dueDate: `${due} ASC NULLS LAST, q.last_changed_at DESC`,
      '-dueDate': `${due} DESC NULLS LAST, q.last_changed_at DESC`,
      lastChangedAt: 'q.last_changed_at ASC',
      '-lastChangedAt': 'q.last_changed_at DESC',
      title: 'lower(q.title) ASC',
      '-title': 'lower(q.title) DESC',
      lastMeeting: 'q.last_meeting_on ASC NULLS LAST',
      '-lastMeeting': 'q.last_meeting_on DESC NULLS LAST',
    };
    const whereParams = [...filter.params];
    const rows: Array<QuestionSummaryRow & { due: string | null; total: string }> = await this.dataSource.query(
      `SELECT ${QUESTION_SUMMARY_COLUMNS}, ${due}::text AS due, count(*) OVER () AS total
       FROM rm_question q ${filter.where()}
       ORDER BY ${order[query.sort ?? 'dueDate']}, q.question_id
       LIMIT ${filter.param(limit)} OFFSET ${filter.param(offset)}`,
      filter.params,
    );
    const total =
      rows.length > 0 ? Number(rows[0].total) : offset === 0 ? 0 : Number((await this.dataSource.query(`SELECT count(*) AS n FROM rm_question q ${filter.where()}`, whereParams))[0].n);

    const items = await this.openItems(
      rows.map((row) => row.question_id),
      query,
      day,
    );
    return {
      today: day,
      items: rows.map((row) => {
        const question = presentQuestion(row, language, day);
        return {
          ...question,
          dueDate: row.due,
          overdue: row.due !== null && row.due < day,
          openItems: (items.get(row.question_id) ?? []).map((item) => ({
            source: 'question' as const,
            owedBy: { kind: 'organisation' as const, ...organisationRef(item.organisation_id) },
            ...presentObligation(item, language, day),
          })),
        };
      }),
      total,
      limit,
      offset,
    };
  }

  private async openItems(questionIds: string[], query: OutstandingLogQueryDto, day: string): Promise<Map<string, ObligationRow[]>> {
    const byQuestion = new Map<string, ObligationRow[]>();
    if (questionIds.length === 0) return byQuestion;
    const params: unknown[] = [questionIds];
    let where = `o.question_id = ANY($1::text[]) AND o.status = 'owed'`;
    if (query.organisation) {
      params.push(query.organisation);
      where += ` AND o.organisation_id = $${params.length}`;
    }
    if (query.overdue === 'true') {
      params.push(day);
      where += ` AND o.due_date < $${params.length}::date`;
    }
    const rows: ObligationRow[] = await this.dataSource.query(
      `SELECT ${OBLIGATION_COLUMNS} FROM rm_question_obligation o WHERE ${where}
       ORDER BY o.due_date ASC NULLS LAST, o.kind, o.organisation_id, o.obligation_key`,
      params,
    );
    for (const row of rows) byQuestion.set(row.question_id, [...(byQuestion.get(row.question_id) ?? []), row]);
    return byQuestion;
  }
}
