import { EncodedJson } from '../database/encoded-json';
import type { RecordedEvent } from '../event-store/event-store.port';
import type { PrepareContext, Projection, ProjectionContext, WriteContext } from '../projections/projection';
import type { ProjectionCache } from '../projections/projection-cache';
import { WriteStatement } from '../projections/write-statement';
import {
  type Obligation,
  type QuestionState,
  evolveQuestion,
  foldQuestion,
  initialQuestionState,
  isQuestionEvent,
  obligationsOf,
  questionIdOf,
  standingOf,
} from '../questions/contract';
import { OWED_QUESTION_TABLE, OWED_TALLY_TABLE, OwedQuestionChanges } from './owed-questions';
import { SNAPSHOT_TABLE, SnapshotRows, laterInstant, takesSnapshot } from './question-snapshots';
import { DECISION_TALLY_TABLE, OBLIGATION_TALLY_TABLE, QUESTION_TALLY_TABLE, TallyDeltas } from './question-tallies';
import {
  OBLIGATION_COLUMNS,
  QUESTION_COLUMNS,
  type ObligationRow,
  type QuestionRow,
  obligationRows,
  questionRow,
  sameObligationRow,
} from './question-view-rows';

export const QUESTION_TABLE = 'rm_question';
export const OBLIGATION_TABLE = 'rm_question_obligation';

/**
 * What the projection remembers of a question between batches: its state after
 * `revision`, when its latest-dated event occurred, and the obligations of that
 * state once derived (the next batch compares against them instead of deriving
 * them again).
 */
interface Remembered {
  revision: number;
  state: QuestionState;
  maxOccurredAt: string | null;
  obligations?: Obligation[];
}

/**
 * `question-views`: one row per question (rm_question) with the columns people
 * filter and sort on, and what each organisation owes or did on it
 * (rm_question_obligation).
 *
 * State-based: each question's state is evolved in memory with the domain's own
 * `evolve` (so the read model cannot disagree with the rules) and the row and
 * its obligations are derived from it (question-standing.ts), all in `prepare`,
 * outside the transaction; `apply` only writes. The state before a batch comes
 * from the runner's cache when it is the state just before the batch's first
 * event of that question, from nothing for a new question, and otherwise by
 * folding the question's stream up to that event (after a restart or an
 * eviction). The folded state itself is not stored with each batch: writing it back on
 * every batch was most of the projection's cost (docs/performance.md); only
 * every 100th event's state is kept, as a snapshot for time travel
 * (question-snapshots.ts).
 *
 * Only obligations that differ from those of the state before the batch are
 * written (one upsert, one delete), as the table always holds exactly the
 * obligations of the stored revision; the Swedish search vector is recomputed
 * only when the searchable text changed. A change to question-standing.ts needs
 * a rebuild (`npm run projections:rebuild`), like any change to a read model's shape.
 */
export const questionViewsProjection: Projection = {
  name: 'question-views',
  tables: [
    QUESTION_TABLE,
    OBLIGATION_TABLE,
    QUESTION_TALLY_TABLE,
    DECISION_TALLY_TABLE,
    OBLIGATION_TALLY_TABLE,
    OWED_QUESTION_TABLE,
    OWED_TALLY_TABLE,
    SNAPSHOT_TABLE,
  ],

  handles: isQuestionEvent,

  /**
   * Everything but the writes, outside the transaction: the state of each
   * question the batch touches just before its first event in it (remembered,
   * new, or folded from its stream), its state after the batch, and the rows
   * that differ. During a backlog the runner calls this for the next batch
   * while this batch's writes are still in flight, so Node's share overlaps
   * the database's.
   */
  async prepare(events: RecordedEvent[], context: PrepareContext): Promise<BatchWrites> {
    const cache = context.cache as ProjectionCache<Remembered>;
    const relevant = events.filter(isQuestionEvent);
    const before = new Map<string, Remembered>();
    for (const event of relevant) {
      const id = questionIdOf(event);
      if (!before.has(id)) before.set(id, await stateBefore(event, cache, context));
    }
    return planWrites(relevant, before, cache);
  },

  /** Every write of the batch in one statement (write-statement.ts), here when no runner guards it. */
  async apply(_events: RecordedEvent[], context: ProjectionContext): Promise<void> {
    const statement = new WriteStatement();
    writeBatch(statement, context);
    if (statement.params.length > 0) await context.manager.query(statement.sql, statement.params);
  },

  /** The same writes, in the runner's statement that also advances the checkpoint. */
  writeTo(statement: WriteStatement, _events: RecordedEvent[], context: WriteContext): void {
    writeBatch(statement, context);
  },
};

/** The batch's writes as parts of one statement: the parts touch different rows. */
function writeBatch(statement: WriteStatement, context: WriteContext): void {
  const writes = context.prepared as BatchWrites | undefined;
  if (!writes) throw new Error('question-views: writing needs what prepare planned');
  if (!writes.rows) return;

  const names = QUESTION_COLUMNS.map(([name]) => name);
  statement.with(
    'questions_written',
    `INSERT INTO ${context.table(QUESTION_TABLE)} AS q (${names.join(', ')}, search)
     SELECT ${names.join(', ')}, to_tsvector('swedish', CASE WHEN is_new THEN search_text ELSE '' END)
     FROM ${statement.recordset(writes.rows, [...QUESTION_COLUMNS, ['is_new', 'boolean']])}
     ON CONFLICT (question_id) DO UPDATE SET ${names
       .slice(1)
       .map((name) => `${name} = EXCLUDED.${name}`)
       .join(', ')},
       search = CASE WHEN EXCLUDED.search_text IS DISTINCT FROM q.search_text THEN to_tsvector('swedish', EXCLUDED.search_text) ELSE q.search END`,
  );
  writes.tallies.addTo(statement, context);
  writes.owed.addTo(statement, context);
  writes.snapshots.addTo(statement, context);
  const obligations = context.table(OBLIGATION_TABLE);
  if (writes.removed) statement.deleteRows('obligations_removed', obligations, writes.removed, OBLIGATION_COLUMNS.slice(0, 2));
  if (writes.changed) statement.upsertRows('obligations_written', obligations, writes.changed, OBLIGATION_COLUMNS, ['question_id', 'obligation_key']);
}

/**
 * Planning a batch of 2,000 events takes ~40 ms of one core. When it is the
 * next batch, planned while this one's transaction is written, it lets the
 * event loop in at least every YIELD_AFTER_MS, so each of the transaction's
 * statements is sent as soon as the one before returns instead of after the
 * whole plan.
 */
const YIELD_AFTER_MS = 0.5;
class Yielder {
  private last = performance.now();
  async maybeYield(): Promise<void> {
    if (performance.now() - this.last < YIELD_AFTER_MS) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.last = performance.now();
  }
}

/** What one batch writes: computed by `prepare`, written by `apply`. */
interface BatchWrites {
  /** The question rows, obligations changed and removed, as JSON for the statements: serialised and encoded while planning, outside the transaction. */
  rows: EncodedJson | null;
  changed: EncodedJson | null;
  removed: EncodedJson | null;
  tallies: TallyDeltas;
  owed: OwedQuestionChanges;
  snapshots: SnapshotRows;
}

/**
 * Evolves each question through the batch and derives the rows that change.
 * The cache then remembers each question's state after the batch: a state at a
 * revision is the fold of the (immutable) stream up to it, so an entry stays
 * true even if this batch's transaction is rolled back — `stateBefore` only
 * uses an entry whose revision is exactly the one before the next event.
 */
async function planWrites(relevant: RecordedEvent[], before: Map<string, Remembered>, cache: ProjectionCache<Remembered>): Promise<BatchWrites> {
  const current = new Map<string, Remembered>();
  const snapshots = new SnapshotRows();
  const yielder = new Yielder();
  for (const event of relevant) {
    await yielder.maybeYield();
    const id = questionIdOf(event);
    const entry = current.get(id) ?? before.get(id);
    if (!entry) throw new Error(`question-views: no state prepared for question ${id}`);
    if (event.revision !== entry.revision + 1) {
      throw new Error(`question ${id}: event revision ${event.revision} does not follow ${entry.revision}`);
    }
    const state = evolveQuestion(entry.state, event);
    const maxOccurredAt = laterInstant(entry.maxOccurredAt, event.metadata.occurredAt);
    current.set(id, { revision: event.revision, state, maxOccurredAt });
    if (takesSnapshot(event.revision)) snapshots.add(id, event.revision, maxOccurredAt, event.hash, state);
  }

  const rows: QuestionRow[] = [];
  const changed: ObligationRow[] = [];
  const removed: { question_id: string; obligation_key: string }[] = [];
  const tallies = new TallyDeltas();
  const owed = new OwedQuestionChanges();
  for (const [id, entry] of current) {
    await yielder.maybeYield();
    cache.set(id, entry);
    const previous = before.get(id)!;
    tallies.add(previous.state, -1);
    tallies.add(entry.state, +1);
    if (!entry.state.exists) continue;
    const standing = standingOf(entry.state);
    entry.obligations = standing.obligations;
    rows.push(questionRow(id, entry.revision, entry.state, standing, previous.revision === -1));
    // Only what changed is written: the table holds the obligations of the state before this batch.
    const previousObligations = previous.obligations ?? (previous.state.exists ? obligationsOf(previous.state) : []);
    tallies.addObligations(previousObligations, -1);
    tallies.addObligations(standing.obligations, +1);
    owed.add(id, previous.state.exists ? { title: previous.state.title, obligations: previousObligations } : null, {
      title: entry.state.title,
      obligations: standing.obligations,
    });
    const old = new Map(obligationRows(id, previous.state.exists ? previous.state.title : '', previousObligations).map((o) => [o.obligation_key, o]));
    for (const obligation of obligationRows(id, entry.state.title, standing.obligations)) {
      const was = old.get(obligation.obligation_key);
      if (!was || !sameObligationRow(was, obligation)) changed.push(obligation);
      old.delete(obligation.obligation_key);
    }
    for (const key of old.keys()) removed.push({ question_id: id, obligation_key: key });
  }
  tallies.seal();
  owed.seal();
  snapshots.seal();
  return { rows: EncodedJson.ofItems(rows), changed: EncodedJson.ofItems(changed), removed: EncodedJson.ofItems(removed), tallies, owed, snapshots };
}

/** The question's state just before `event`: remembered, new, or folded from its stream. */
async function stateBefore(event: RecordedEvent, cache: ProjectionCache<Remembered>, context: PrepareContext): Promise<Remembered> {
  const remembered = cache.get(questionIdOf(event));
  if (remembered && remembered.revision === event.revision - 1) return remembered;
  if (event.revision === 0) return { revision: -1, state: initialQuestionState(), maxOccurredAt: null };
  const earlier = await context.readStream(event.streamId, { fromRevision: 0, maxCount: event.revision });
  if (earlier.length !== event.revision) {
    throw new Error(`question stream ${event.streamId}: found ${earlier.length} events before revision ${event.revision}`);
  }
  const maxOccurredAt = earlier.reduce<string | null>((latest, earlierEvent) => laterInstant(latest, earlierEvent.metadata.occurredAt), null);
  return { revision: event.revision - 1, state: foldQuestion(earlier), maxOccurredAt };
}
