import { Inject, Injectable } from '@nestjs/common';
import { READ_SQL, ReadSql } from '../database/read-sql';
import { EVENT_STORE, EventStore, type RecordedEvent } from '../event-store/event-store.port';
import type { Language } from '../http/accept-language';
import { DEFAULT_LIMIT, Page } from '../http/read-query.dto';
import { CLOCK, Clock } from '../shared-kernel/clock';
import { today } from '../shared-kernel/calendar';
import { AggregateNotFound } from '../shared-kernel/domain-errors';
import { ListQuestionsDto, QuestionFilterDto, QuestionSort, TimelineQueryDto } from './question-queries.dto';
import { QUESTION_SUMMARY_COLUMNS, QuestionSummaryRow, SqlFilter, addTextSearch, containsPattern, presentQuestion } from './question-presentation';
import { questionsInTally } from './question-tallies';
import { questionStreamId, stageRef } from '../questions/contract';
import { type ForumNaming, RegisterReader } from '../register/contract';
import { presentTimelineEntry } from './timeline-entry';
import { QUESTION_TABLE } from './question-views.projection';

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
  if (query.logic) filter.add('q.logic = ?', query.logic);
  if (query.topic) filter.add('q.topic_area ILIKE ?', containsPattern(query.topic));
  addTextSearch(filter, query.q);
  return filter;
}

/**
 * The question list's rows as another slice's statement selects from them, for
 * a list that pages questions beside its own rows (the outstanding log): alias
 * `q`, whose columns `QUESTION_SUMMARY_COLUMNS` and `questionFilter` name.
 * Alone, or joined to the caller's relation (written first) on the caller's
 * question id column and `and`, a further join condition of the caller's.
 */
export function questionRows(joinedTo?: { relation: string; questionId: string; and?: string }): string {
  if (!joinedTo) return `${QUESTION_TABLE} q`;
  const and = joinedTo.and ? ` AND ${joinedTo.and}` : '';
  return `${joinedTo.relation} JOIN ${QUESTION_TABLE} q ON q.question_id = ${joinedTo.questionId}${and}`;
}

/**
 * The ids of the questions raised by `asOf` (`raised_at` is the recorded
 * instant of a question's first event, where time travel's cut begins to see
 * it), in id order. The caller waits for `question-views` first.
 */
export async function questionsRaisedBy(sql: Pick<ReadSql, 'query'>, asOf: Date): Promise<string[]> {
  const rows: Array<{ question_id: string }> = await sql.query(`SELECT question_id FROM rm_question WHERE raised_at <= $1 ORDER BY question_id`, [
    asOf.toISOString(),
  ]);
  return rows.map((row) => row.question_id);
}

/** The decision documents attached to each of these questions, by question id (a question without any is left out). */
export async function decisionDocumentsOf(
  sql: Pick<ReadSql, 'query'>,
  questionIds: readonly string[],
): Promise<Map<string, Array<{ reference: string; title: string; url: string | null }>>> {
  if (questionIds.length === 0) return new Map();
  const rows: Array<{ question_id: string; documents: Array<{ reference: string; title: string; url: string | null }> | null }> = await sql.query(
    `SELECT question_id, decision_documents AS documents FROM rm_question WHERE question_id = ANY($1::text[])`,
    [questionIds],
  );
  return new Map(rows.filter((row) => row.documents).map((row) => [row.question_id, row.documents!]));
}

/** Reads of the question read models (rm_question) and, for the timeline, of the question's own stream. */
@Injectable()
export class QuestionQueries {
  constructor(
    @Inject(READ_SQL) private readonly sql: ReadSql,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly register: RegisterReader,
  ) {}

  async list(query: ListQuestionsDto, language: Language) {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const offset = query.offset ?? 0;
    const filter = questionFilter(query);
    const where = filter.where();
    const filterParams = [...filter.params];
    // The page off an index in the default order; the total from the tally where the filters allow (as GET /log does).
    const [rows, total]: [QuestionSummaryRow[], number] = await Promise.all([
      this.sql.query(
        `SELECT ${QUESTION_SUMMARY_COLUMNS} FROM rm_question q ${where}
         ORDER BY ${QUESTION_ORDER[query.sort ?? '-lastChangedAt']}, q.question_id
         LIMIT ${filter.param(limit)} OFFSET ${filter.param(offset)}`,
        filter.params,
      ),
      this.count(query, where, filterParams),
    ]);
    const day = today(this.clock);
    const { endedForums, names } = await this.register.listing(day);
    return { today: day, items: rows.map((row) => presentQuestion(row, language, day, endedForums, names)), total, limit, offset };
  }

  /**
   * How many questions the filters select: a sum over rm_question_tally when
   * they are forum and stage at most (a few rows, where a count visits every
   * question), otherwise a count of the rows.
   */
  private async count(query: ListQuestionsDto, where: string, params: unknown[]): Promise<number> {
    if (!query.topic && !query.q && !query.logic)
      return questionsInTally((sql, params) => this.sql.query(sql, params), { forum: query.forum, stage: query.stage });
    const [{ n }] = await this.sql.query(`SELECT count(*)::int AS n FROM rm_question q ${where}`, params);
    return n;
  }

  /**
   * The question's history is its event stream, read from the event store: a
   * copy in a read model would be the same events a second time (a large
   * share of a rebuild's writes). The page stops at the
   * revision rm_question describes, so the entries and the stage shown beside
   * them tell the same moment; `afterPosition` waits for it as for any read.
   */
  async timeline(id: string, query: TimelineQueryDto, language: Language) {
    const [question]: Array<{ question_id: string; title: string; stage: QuestionSummaryRow['stage']; revision: number }> = await this.sql.query(
      `SELECT question_id, title, stage, revision FROM rm_question WHERE question_id = $1`,
      [id],
    );
    if (!question) throw new AggregateNotFound('Question', id);
    const page = await this.entries(id, question.revision, query, language);
    return { question: { id: question.question_id, title: question.title, stage: stageRef(question.stage, language) }, ...page };
  }

  /**
   * The timeline's newest entries as the event store holds the stream now,
   * not as far as rm_question has come: for the question's web page, which
   * folds the same stream beside them, so the page after a form shows what the
   * form recorded without waiting for any projection (docs/web.md "Forms").
   * From the events the page read with its fold (the newest, oldest first, as
   * `questionAt` hands them) and the forums' naming it has: nothing is read here.
   */
  newestEntries(
    events: readonly RecordedEvent[],
    limit: number,
    language: Language,
    naming: ForumNaming | undefined,
  ): Page<ReturnType<typeof presentTimelineEntry>> {
    const total = events.length === 0 ? 0 : events[events.length - 1].revision + 1;
    return {
      items: events
        .slice(-limit)
        .reverse()
        .map((event) => presentTimelineEntry(event, language, naming)),
      total,
      limit,
      offset: 0,
    };
  }

  /** A page of the stream's events through `revision`, presented. */
  private async entries(id: string, revision: number, query: TimelineQueryDto, language: Language): Promise<Page<ReturnType<typeof presentTimelineEntry>>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const offset = query.offset ?? 0;
    const total = revision + 1;
    // Newest first counts the offset back from the last revision shown.
    const newestFirst = query.sort === '-occurredAt';
    const from = newestFirst ? Math.max(0, total - offset - limit) : offset;
    const to = newestFirst ? total - offset : Math.min(total, offset + limit);
    const events = to > from ? await this.store.readStream(questionStreamId(id), { fromRevision: from, maxCount: to - from }) : [];
    if (newestFirst) events.reverse();
    // Forums named as they were named on each event's day, once the structure register holds a structure.
    const naming = await this.register.forumNaming(today(this.clock));
    return { items: events.map((event) => presentTimelineEntry(event, language, naming)), total, limit, offset };
  }
}
