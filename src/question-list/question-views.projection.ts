import { EncodedRows } from '../projections/encoded-rows';
import type { RecordedEvent } from '../event-store/event-store.port';
import type { PrepareContext, Projection, WriteContext } from '../projections/projection';
import { forEachStep } from '../projections/stream-states';
import { Tally, WriteStatement } from '../projections/write-statement';
import { type QuestionState, isEndedStage, questionIdOf, questionStreams, standingAt } from '../questions/contract';
import { QUESTION_TALLY } from './question-tallies';
import { QUESTION_COLUMNS, type QuestionRow, questionRow } from './question-view-rows';

export const QUESTION_TABLE = 'rm_question';
/** The projection that keeps rm_question: a read of it waits for this one (`afterPosition`). */
export const QUESTION_LIST_PROJECTION = 'question-views';

/**
 * `question-views`: one row per question (rm_question) with the columns the
 * question list and the log filter and sort on, and the questions per forum
 * and stage (rm_question_tally).
 *
 * State-based: each question is folded with the domain's own `evolve` (so the
 * read model cannot disagree with the rules) and its row derived from its
 * standing, in `prepare`, outside the transaction; the write is one
 * statement. A change to question-standing.ts or to a column needs a rebuild
 * (`npm run projections:rebuild`), like any change to a read model's shape.
 */
export const questionViewsProjection: Projection = {
  name: QUESTION_LIST_PROJECTION,
  tables: [QUESTION_TABLE, QUESTION_TALLY.table],
  handles: questionStreams.follows,

  async prepare(events: RecordedEvent[], context: PrepareContext): Promise<BatchWrites> {
    const inserted: QuestionRow[] = [];
    const written: QuestionRow[] = [];
    const tally = new Tally('question_tally', QUESTION_TALLY);
    const count = (state: QuestionState, delta: number) => {
      if (state.exists) tally.bump([state.forum ?? '', state.stage, !isEndedStage(state.stage)], delta);
    };
    await forEachStep(questionStreams, events, context, (step) => {
      const { before, after } = step;
      count(before.state, -1);
      count(after.state, +1);
      if (!after.state.exists) return;
      const standing = standingAt(context.states, after);
      // A question whose stream begins in the batch has no row yet.
      if (standing) (before.revision === -1 ? inserted : written).push(questionRow(questionIdOf(step), after.revision, after.state, standing));
    });
    tally.seal();
    return { inserted: EncodedRows.of(inserted, QUESTION_COLUMNS), written: EncodedRows.of(written, QUESTION_COLUMNS), tally };
  },

  writeTo(statement: WriteStatement, _events: RecordedEvent[], context: WriteContext): void {
    writeBatch(statement, context);
  },
};

interface BatchWrites {
  /** Rows of questions raised in the batch. */
  inserted: EncodedRows | null;
  /** Rows of questions seen in an earlier batch, stored already. */
  written: EncodedRows | null;
  tally: Tally;
}

/**
 * A question raised in the batch is inserted without `ON CONFLICT`'s lookup of
 * its key (a batch is applied once, with the checkpoint's advance; were the row
 * there, the statement would fail), its search vector computed once. A stored
 * question's row is upserted and its vector computed again only when its text
 * changes; the vector its insert would take is never kept, so it is not computed.
 */
function writeBatch(statement: WriteStatement, context: WriteContext): void {
  const writes = context.prepared as BatchWrites | undefined;
  if (!writes) throw new Error('question-views: writing needs what prepare planned');
  writes.tally.addTo(statement, context);
  const names = QUESTION_COLUMNS.map(([name]) => name);
  if (writes.inserted) {
    statement.with(
      'questions_inserted',
      `INSERT INTO ${context.table(QUESTION_TABLE)} (${names.join(', ')}, search)
       SELECT ${names.join(', ')}, to_tsvector('swedish', search_text) FROM ${statement.recordset(writes.inserted, QUESTION_COLUMNS)}`,
    );
  }
  if (!writes.written) return;
  statement.with(
    'questions_written',
    `INSERT INTO ${context.table(QUESTION_TABLE)} AS q (${names.join(', ')}, search)
     SELECT ${names.join(', ')}, ''::tsvector FROM ${statement.recordset(writes.written, QUESTION_COLUMNS)}
     ON CONFLICT (question_id) DO UPDATE SET ${names
       .slice(1)
       .map((name) => `${name} = EXCLUDED.${name}`)
       .join(', ')},
       search = CASE WHEN EXCLUDED.search_text IS DISTINCT FROM q.search_text THEN to_tsvector('swedish', EXCLUDED.search_text) ELSE q.search END`,
  );
}
