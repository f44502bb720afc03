import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Language } from '../../http/accept-language';
import { DEFAULT_LIMIT, Page } from '../../http/read-query.dto';
import { CLOCK, Clock } from '../../shared-kernel/clock';
import { today } from '../../shared-kernel/calendar';
import { AggregateNotFound } from '../../shared-kernel/domain-errors';
import { ListQuestionsDto, QuestionFilterDto, QuestionSort, TimelineQueryDto } from './question-queries.dto';
import {
  QUESTION_SUMMARY_COLUMNS,
  QuestionSummaryRow,
  SqlFilter,
  addTextSearch,
  containsPattern,
  presentQuestion,
  stageRef,
} from './question-presentation';
import { questionsInTally } from './question-tallies';
import { TimelineRow, presentTimelineEntry } from './timeline-entry';

const QUESTION_ORDER: Record<QuestionSort, string> = {
  lastChangedAt: 'q.last_changed_at ASC',
  '-lastChangedAt': 'q.last_changed_at DESC',
  raisedAt: 'q.raised_at ASC',
  '-raisedAt': 'q.raised_at DESC',
  title: 'lower(q.title) ASC',
  '-title': 'lower(q.title) DESC',
  dueDate: 'q.earliest_due_date ASC NULLS LAST',
  '-dueDate': 'q.earliest_due_date DESC NULLS LAST',
};

/** The filters GET /questions and GET /log share. */
export function questionFilter(query: QuestionFilterDto): SqlFilter {
  const filter = new SqlFilter();
  if (query.forum) filter.add('q.forum = ?', query.forum);
  if (query.stage) filter.add('q.stage = ?', query.stage);
  if (query.topic) filter.add('q.topic_area ILIKE ?', containsPattern(query.topic));
  addTextSearch(filter, query.q);
  return filter;
}

/** Reads of the question read models (rm_question, rm_timeline_entry). */
@Injectable()
export class QuestionQueries {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(query: ListQuestionsDto, language: Language) {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const offset = query.offset ?? 0;
    const filter = questionFilter(query);
    const where = filter.where();
    const filterParams = [...filter.params];
    // The page off an index in the default order; the total from the tally where the filters allow (as GET /log does).
    const [rows, total]: [QuestionSummaryRow[], number] = await Promise.all([
      this.dataSource.query(
        `SELECT ${QUESTION_SUMMARY_COLUMNS} FROM rm_question q ${where}
         ORDER BY ${QUESTION_ORDER[query.sort ?? '-lastChangedAt']}, q.question_id
         LIMIT ${filter.param(limit)} OFFSET ${filter.param(offset)}`,
        filter.params,
      ),
      this.count(query, where, filterParams),
    ]);
    const day = today(this.clock);
    return { today: day, items: rows.map((row) => presentQuestion(row, language, day)), total, limit, offset };
  }

  /**
   * How many questions the filters select: a sum over rm_question_tally when
   * they are forum and stage at most (counting 100,000 rows took most of the
   * list's 260 ms), otherwise a count of the rows.
   */
  private async count(query: ListQuestionsDto, where: string, params: unknown[]): Promise<number> {
    if (!query.topic && !query.q) return questionsInTally((sql, params) => this.dataSource.query(sql, params), { forum: query.forum, stage: query.stage });
    const [{ n }] = await this.dataSource.query(`SELECT count(*)::int AS n FROM rm_question q ${where}`, params);
    return n;
  }

  async timeline(id: string, query: TimelineQueryDto, language: Language) {
    const [question]: Array<{ question_id: string; title: string; stage: QuestionSummaryRow['stage'] }> = await this.dataSource.query(
      `SELECT question_id, title, stage FROM rm_question WHERE question_id = $1`,
      [id],
    );
    if (!question) throw new AggregateNotFound('Question', id);
    const limit = query.limit ?? DEFAULT_LIMIT;
    const offset = query.offset ?? 0;
    const direction = query.sort === '-occurredAt' ? 'DESC' : 'ASC';
    const rows: TimelineRow[] = await this.dataSource.query(
      `SELECT question_id, revision, event_id, type, occurred_at, actor, reason, data FROM rm_timeline_entry
       WHERE question_id = $1 ORDER BY revision ${direction} LIMIT $2 OFFSET $3`,
      [id, limit, offset],
    );
    const [{ n }] = await this.dataSource.query(`SELECT count(*) AS n FROM rm_timeline_entry WHERE question_id = $1`, [id]);
    const page: Page<ReturnType<typeof presentTimelineEntry>> = {
      items: rows.map((row) => presentTimelineEntry(row, language)),
      total: Number(n),
      limit,
      offset,
    };
    return { question: { id: question.question_id, title: question.title, stage: stageRef(question.stage, language) }, ...page };
  }
}
