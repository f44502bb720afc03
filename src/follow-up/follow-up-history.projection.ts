import { EncodedJson } from '../database/encoded-json';
import type { RecordedEvent } from '../event-store/event-store.port';
import type { PrepareContext, Projection, WriteContext } from '../projections/projection';
import type { ProjectionCache } from '../projections/projection-cache';
import { memoized } from '../projections/memo';
import { Tally, type TallyShape, WriteStatement } from '../projections/write-statement';
import { type Columns, EncodedRows } from '../projections/encoded-rows';
import { isQuestionEvent, questionIdOf, questionStreams } from '../questions/contract';
import { forEachPath } from '../projections/stream-states';
import { calendarDateOf } from '../shared-kernel/calendar';
import {
  HistoryChanges,
  type HistoryRow,
  IN_FORCE,
  type QuestionHistory,
  type QuestionVersionRow,
  RECORDED_TIME,
  emptyHistory,
  historyAlong,
  historyThrough,
  sameObligationRow,
} from './obligation-history';

/** The projection that writes every version of every obligation (below): a read of what is owed now waits for it. */
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

/** Column name and SQL type of an obligation, as the history's columns (`HISTORY_COLUMNS`) are named, in the order of its row type; the key (`question_id`, `obligation_key`) first. */
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

/** The three tables of one history: each obligation's versions, each question's versions, the day tally (of the effective history: its correction of the recorded one). */
export interface HistoryTables {
  history: string;
  questionHistory: string;
  dayTally: string;
}

/** As recorded by an instant: versions over `occurredAt`. */
export const RECORDED_HISTORY: HistoryTables = {
  history: OBLIGATION_HISTORY_TABLE,
  questionHistory: 'rm_follow_up_question_history',
  dayTally: 'rm_follow_up_day_tally',
};

/**
 * The row of a question history (`questionHistory`) of the question whose id
 * is the SQL expression `questionId`, as a relation for a LATERAL join:
 * the stage run in force at the instant `at` (an SQL expression), or without
 * `at` the latest, the question's stage now. Read off the primary key
 * (question_id, valid_from) backwards, one entry; `columns` select from it
 * (aliased `v`). The ids compare as bytes on both sides, so the key serves
 * a join from the obligations' versions.
 */
export function stageRunOf(questionHistory: string, questionId: string, columns: string, at?: string): string {
  const by = at === undefined ? '' : ` AND v.valid_from <= ${at}`;
  return `(SELECT ${columns} FROM ${questionHistory} v WHERE v.question_id = ${questionId}${by} ORDER BY v.valid_from DESC LIMIT 1)`;
}

export const dayTallyOf = (table: string): TallyShape => ({
  table,
  columns: [
    ['organisation_id', 'text'],
    ['day', 'date'],
    ['kind', 'text'],
    ['status', 'text'],
    ['due_date', 'text'],
    ['items', 'integer'],
  ],
  key: ['organisation_id', 'day', 'kind', 'status', 'due_date'],
});

const RECORDED_DAY_TALLY = dayTallyOf(RECORDED_HISTORY.dayTally);

const HISTORY_KEY = ['organisation_id', 'question_id', 'obligation_key', 'valid_from'];

/** A version's columns as a batch writes them: its key, its end, then the obligation's other columns. */
const HISTORY_COLUMNS: Columns = [
  ['organisation_id', 'text'],
  ['question_id', 'text'],
  ['obligation_key', 'text'],
  ['valid_from', 'timestamptz'],
  ['valid_to', 'timestamptz'],
  ...OBLIGATION_COLUMNS.filter(([name]) => !HISTORY_KEY.includes(name)),
];

const QUESTION_HISTORY_COLUMNS = [
  ['question_id', 'text'],
  ['valid_from', 'timestamptz'],
  ['stage', 'text'],
  ['instants', 'timestamptz[]'],
  ['revisions', 'integer[]'],
] as const;

/**
 * `follow-up-history`: what each organisation owed and had done at any past
 * instant, for GET /organisations/:id/follow-up?asOf= (follow-up-as-of.queries.ts),
 * and what it owes and did now, its versions in force (`IN_FORCE_OBLIGATIONS`).
 * Each obligation's versions with valid-from and valid-to, each question's
 * stage from each instant on with its revision at each of its instants (a row
 * per stage run, `QuestionVersionRow`), and per day the versions
 * that began less those that ended (the counts) — see obligation-history.ts
 * for what an instant means and why the rows do not depend on the batches.
 *
 * Like the other question views it folds each question with the question
 * slice's published fold and reads its obligations from the question's
 * published standing (its stage through `stageOf`), in `prepare`, outside the transaction;
 * `writeTo` only writes, in one statement.
 */
export const followUpHistoryProjection: Projection = {
  name: OBLIGATION_HISTORY_PROJECTION,
  tables: [RECORDED_HISTORY.history, RECORDED_HISTORY.questionHistory, RECORDED_HISTORY.dayTally],

  handles: isQuestionEvent,

  async prepare(events: RecordedEvent[], context: PrepareContext): Promise<BatchWrites> {
    const cache = context.cache as ProjectionCache<QuestionHistory>;
    const changes = new HistoryChanges();
    await forEachPath(questionStreams, events, context, (path) => {
      const id = questionIdOf(path);
      const along = (before: QuestionHistory) => cache.set(id, historyAlong(before, path.events, path.states, changes, RECORDED_TIME, context.states));
      // Synchronous unless the stream has to be read: a promise per question and batch is millions in a rebuild.
      const known = knownHistoryBefore(id, path.events[0], cache);
      if (known) return along(known);
      return historyFromStream(id, path.events[0], context).then(along);
    });
    return sealed(changes, new Tally('day_tally', RECORDED_DAY_TALLY));
  },

  writeTo(statement: WriteStatement, _events: RecordedEvent[], context: WriteContext): void {
    writeBatch(statement, context, RECORDED_HISTORY);
  },
};

/** The question's history just before `event` when no read is needed: remembered, or new. */
function knownHistoryBefore(id: string, event: RecordedEvent, cache: ProjectionCache<QuestionHistory>): QuestionHistory | undefined {
  const remembered = cache.get(id);
  if (remembered && remembered.revision === event.revision - 1) return remembered;
  if (event.revision === 0) return emptyHistory(id);
  return undefined;
}

/** The question's history just before `event`, computed from its stream (when not known: knownHistoryBefore). */
async function historyFromStream(id: string, event: RecordedEvent, context: PrepareContext): Promise<QuestionHistory> {
  return historyThrough(emptyHistory(id), await eventsBefore(event, context), null, RECORDED_TIME);
}

/** The question's events before `event`, read from its stream. */
export async function eventsBefore(event: RecordedEvent, context: PrepareContext): Promise<RecordedEvent[]> {
  const earlier = await context.readStream(event.streamId, { fromRevision: 0, maxCount: event.revision });
  if (earlier.length !== event.revision) throw new Error(`question stream ${event.streamId}: found ${earlier.length} events before revision ${event.revision}`);
  return earlier;
}

export interface BatchWrites {
  /** Versions new to the table (inserted without looking their key up first). */
  inserted: EncodedRows | null;
  /** Versions stored before the batch that change more than their end. */
  written: EncodedRows | null;
  /** Versions stored before the batch whose only change is their end: their keys and `valid_to`. */
  ended: EncodedJson | null;
  removed: EncodedJson | null;
  /** Question rows new to the table. */
  questionsInserted: EncodedRows | null;
  questions: EncodedRows | null;
  /** Question rows of stage runs a continued group left empty: their keys. */
  questionsRemoved: EncodedJson | null;
  tally: Tally;
}

/**
 * The batch's rows as the statement's parameters, serialised while planning.
 * Most changes to a stored version only end it (its `valid_to`): those send
 * their key and end alone, and a removed version its key, not the whole row.
 * A row the table does not hold yet (a version with no `before`, a question
 * row of a run begun in the batch) is inserted rather than upserted: nearly
 * every row of a rebuild, and `ON CONFLICT` would look each key up in the
 * primary key before inserting it, which looks it up again — at 1M events
 * about a tenth of the history's PostgreSQL CPU (docs/performance.md, "Rebuild").
 * The rows a batch starts from are those its checkpoint stands for (the cache
 * is dropped when a batch fails), so a key inserted is never there already;
 * if it were, the statement would fail rather than write twice.
 */
export function sealed(changes: HistoryChanges, tally: Tally): BatchWrites {
  const inserted: HistoryRow[] = [];
  const written: HistoryRow[] = [];
  const ended: HistoryKeyAndEnd[] = [];
  const removed: HistoryKey[] = [];
  for (const { before, after } of changes.rows.values()) {
    if (before && after && sameObligationRow(before, after)) {
      // Begins the same day under the same kind and status: only the end moves in the tally.
      countEnd(tally, before, +1);
      countEnd(tally, after, -1);
      ended.push({
        organisation_id: after.organisation_id,
        question_id: after.question_id,
        obligation_key: after.obligation_key,
        valid_from: after.valid_from,
        valid_to: after.valid_to,
      });
      continue;
    }
    if (before) count(tally, before, -1);
    if (after) {
      count(tally, after, +1);
      (before ? written : inserted).push(after);
    } else if (before) {
      removed.push({
        organisation_id: before.organisation_id,
        question_id: before.question_id,
        obligation_key: before.obligation_key,
        valid_from: before.valid_from,
      });
    }
  }
  tally.seal();
  const questionsInserted: QuestionVersionRow[] = [];
  const questions: QuestionVersionRow[] = [];
  const questionsRemoved: Array<{ question_id: string; valid_from: string }> = [];
  for (const { question_id, valid_from, row, stored } of changes.questions.values()) {
    if (row) (stored ? questions : questionsInserted).push(row);
    else questionsRemoved.push({ question_id, valid_from });
  }
  return {
    inserted: EncodedRows.of(inserted, HISTORY_COLUMNS),
    written: EncodedRows.of(written, HISTORY_COLUMNS),
    ended: EncodedJson.ofItems(ended),
    removed: EncodedJson.ofItems(removed),
    questionsInserted: EncodedRows.of(questionsInserted, QUESTION_HISTORY_COLUMNS),
    questions: EncodedRows.of(questions, QUESTION_HISTORY_COLUMNS),
    questionsRemoved: EncodedJson.ofItems(questionsRemoved),
    tally,
  };
}

/** Adds what the batch's changes of a history make of the day tally, times `sign`, without writing its rows. */
export function countChanges(tally: Tally, changes: HistoryChanges, sign: number): void {
  for (const { before, after } of changes.rows.values()) {
    if (before) count(tally, before, -sign);
    if (after) count(tally, after, sign);
  }
}

type HistoryKey = Pick<HistoryRow, 'organisation_id' | 'question_id' | 'obligation_key' | 'valid_from'>;
type HistoryKeyAndEnd = HistoryKey & Pick<HistoryRow, 'valid_to'>;

/** The calendar day (in Sweden) of a version's instant: a batch asks for the same few instants many times. */
const dayOf = memoized((instant: string) => calendarDateOf(instant));

/**
 * A version counts +1 on the day (in Sweden) it begins and -1 on the day it
 * ends, under its kind, status and — owed only, for "overdue" — due date.
 */
function count(tally: Tally, row: HistoryRow, delta: number): void {
  tally.bump([row.organisation_id, dayOf(row.valid_from), row.kind, row.status, dueOf(row)], delta);
  countEnd(tally, row, -delta);
}

/** The -1 on the day a version ends, times `delta`; nothing while it is in force. */
function countEnd(tally: Tally, row: HistoryRow, delta: number): void {
  if (row.valid_to !== IN_FORCE) tally.bump([row.organisation_id, dayOf(row.valid_to), row.kind, row.status, dueOf(row)], delta);
}

function dueOf(row: HistoryRow): string {
  return row.status === 'owed' ? (row.due_date ?? '') : '';
}

export function writeBatch(statement: WriteStatement, context: WriteContext, tables: HistoryTables): void {
  const writes = context.prepared as BatchWrites | undefined;
  if (!writes) throw new Error(`${tables.history}: writing needs what prepare planned`);
  const history = context.table(tables.history);
  if (writes.removed) statement.deleteRows('history_removed', history, writes.removed, HISTORY_COLUMNS.slice(0, 4));
  if (writes.ended) statement.updateRows('history_ended', history, writes.ended, HISTORY_COLUMNS.slice(0, 4), HISTORY_COLUMNS.slice(4, 5));
  if (writes.inserted) statement.insertRows('history_inserted', history, writes.inserted, HISTORY_COLUMNS);
  if (writes.written) statement.upsertRows('history_written', history, writes.written, HISTORY_COLUMNS, HISTORY_KEY);
  if (writes.questionsRemoved) {
    statement.deleteRows('question_history_removed', context.table(tables.questionHistory), writes.questionsRemoved, QUESTION_HISTORY_COLUMNS.slice(0, 2));
  }
  if (writes.questionsInserted) {
    statement.insertRows('question_history_inserted', context.table(tables.questionHistory), writes.questionsInserted, QUESTION_HISTORY_COLUMNS);
  }
  if (writes.questions) {
    statement.upsertRows('question_history_written', context.table(tables.questionHistory), writes.questions, QUESTION_HISTORY_COLUMNS, [
      'question_id',
      'valid_from',
    ]);
  }
  writes.tally.addTo(statement, context);
}
