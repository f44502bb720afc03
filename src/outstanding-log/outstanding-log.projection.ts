import { EncodedRows } from '../projections/encoded-rows';
import { EncodedJson } from '../database/encoded-json';
import type { RecordedEvent } from '../event-store/event-store.port';
import type { PrepareContext, Projection, WriteContext } from '../projections/projection';
import { type Folded, forEachStep } from '../projections/stream-states';
import { Tally, type TallyShape, WriteStatement } from '../projections/write-statement';
import { OBLIGATION_HISTORY_PROJECTION } from '../follow-up/contract';
import { QUESTION_LIST_PROJECTION } from '../question-list/contract';
import { type QuestionState, questionIdOf, questionStreams, standingAt } from '../questions/contract';

/** The projection that keeps the log's own tables: a read of the log waits for it (`afterPosition`). */
export const OUTSTANDING_LOG_PROJECTION = 'outstanding-log';

/** Every projection whose tables a page of the log's questions reads: the question rows, their obligations (the follow-up's versions in force), what each organisation owes. */
export const QUESTION_LOG_PROJECTIONS = [QUESTION_LIST_PROJECTION, OBLIGATION_HISTORY_PROJECTION, OUTSTANDING_LOG_PROJECTION];

/**
 * One row per organisation and question it owes something on, with the earliest
 * due date of what it owes and the question's title: one organisation's
 * outstanding log, in its default order, is a range of one index
 * (rm_question_owed_order), whatever the number of questions.
 */
export const OWED_QUESTION_TABLE = 'rm_question_owed';

/**
 * How many questions each organisation owes something on, per earliest due
 * date ('' for none): the total of its outstanding log, overdue or not, is a
 * sum over a few hundred rows instead of counting up to every question.
 */
export const OWED_TALLY: TallyShape = {
  table: 'rm_owed_tally',
  columns: [
    ['organisation_id', 'text'],
    ['due', 'text'],
    ['questions', 'integer'],
  ],
  key: ['organisation_id', 'due'],
};

/** The columns of rm_question_owed as the statement sends them: the key (organisation, question) first. */
const OWED_COLUMNS = [
  ['organisation_id', 'text'],
  ['question_id', 'text'],
  ['due', 'date'],
  ['title', 'text'],
] as const;

interface Owed {
  due: string | null;
  title: string;
}

/**
 * `outstanding-log`: what each organisation owes, one row per question
 * (rm_question_owed), and how many questions per earliest due date
 * (rm_owed_tally), from the obligations of each question's standing before
 * and after a batch; a row is written only for the organisations whose row
 * differs, and deleted for those that no longer owe.
 */
export const outstandingLogProjection: Projection = {
  name: OUTSTANDING_LOG_PROJECTION,
  tables: [OWED_QUESTION_TABLE, OWED_TALLY.table],
  handles: questionStreams.follows,

  async prepare(events: RecordedEvent[], context: PrepareContext): Promise<BatchWrites> {
    const inserts: OwedRow[] = [];
    const upserts: OwedRow[] = [];
    const deletes: Array<{ organisation_id: string; question_id: string }> = [];
    const tally = new Tally('owed_tally', OWED_TALLY);
    const owedAt = (folded: Folded<QuestionState>): Map<string, Owed> => {
      const standing = standingAt(context.states, folded);
      return standing ? owedBy(standing.title, standing.obligations) : new Map();
    };

    await forEachStep(questionStreams, events, context, (step) => {
      const questionId = questionIdOf(step);
      const old = owedAt(step.before);
      for (const [organisationId, owed] of owedAt(step.after)) {
        const was = old.get(organisationId);
        old.delete(organisationId);
        // Owed before and after with the same due date: the tally's -1 and +1 net to nothing.
        if (was?.due !== owed.due) {
          if (was) tally.bump([organisationId, was.due ?? ''], -1);
          tally.bump([organisationId, owed.due ?? ''], +1);
        }
        if (!was) inserts.push({ organisation_id: organisationId, question_id: questionId, ...owed });
        else if (was.due !== owed.due || was.title !== owed.title) upserts.push({ organisation_id: organisationId, question_id: questionId, ...owed });
      }
      for (const [organisationId, was] of old) {
        tally.bump([organisationId, was.due ?? ''], -1);
        deletes.push({ organisation_id: organisationId, question_id: questionId });
      }
    });
    tally.seal();
    return { inserts: EncodedRows.of(inserts, OWED_COLUMNS), upserts: EncodedRows.of(upserts, OWED_COLUMNS), deletes: EncodedJson.ofItems(deletes), tally };
  },

  writeTo(statement: WriteStatement, _events: RecordedEvent[], context: WriteContext): void {
    writeBatch(statement, context);
  },
};

type OwedRow = { organisation_id: string; question_id: string } & Owed;

interface BatchWrites {
  /** Rows of organisations that owed nothing on the question before the batch: not in the table. */
  inserts: EncodedRows | null;
  /** Rows of organisations that owed before and whose due date or title changed. */
  upserts: EncodedRows | null;
  deletes: EncodedJson | null;
  tally: Tally;
}

/** What each organisation owes on one question, as the row it gets. */
function owedBy(title: string, obligations: ReadonlyArray<{ status: string; organisationId: string; dueDate: string | null }>): Map<string, Owed> {
  const owed = new Map<string, Owed>();
  for (const obligation of obligations) {
    if (obligation.status !== 'owed') continue;
    const earlier = owed.get(obligation.organisationId);
    const due = earlierDate(earlier?.due ?? null, obligation.dueDate);
    owed.set(obligation.organisationId, { due, title });
  }
  return owed;
}

/** The earlier of two dates (`YYYY-MM-DD`, compared as text), or the one given. */
function earlierDate(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return b < a ? b : a;
}

/**
 * Deletes, inserts and upserts touch different rows (an organisation no longer
 * owes, owes anew, or still owes), so all fit one statement. The table holds a
 * row for exactly the organisations that owed at the checkpoint, which is the
 * state before the batch (a batch is applied once, with the checkpoint's
 * advance): a row owed anew is inserted without `ON CONFLICT`'s lookup of its
 * key, nearly every row of a rebuild; were it there, the statement would fail
 * rather than write twice.
 */
function writeBatch(statement: WriteStatement, context: WriteContext): void {
  const writes = context.prepared as BatchWrites | undefined;
  if (!writes) throw new Error('outstanding-log: writing needs what prepare planned');
  const table = context.table(OWED_QUESTION_TABLE);
  if (writes.deletes) statement.deleteRows('owed_deleted', table, writes.deletes, OWED_COLUMNS.slice(0, 2));
  if (writes.inserts) statement.insertRows('owed_inserted', table, writes.inserts, OWED_COLUMNS);
  if (writes.upserts) statement.upsertRows('owed_written', table, writes.upserts, OWED_COLUMNS, ['organisation_id', 'question_id']);
  writes.tally.addTo(statement, context);
}
