import type { RecordedEvent } from '../event-store/event-store.port';
import { EncodedRows } from '../projections/encoded-rows';
import type { PrepareContext, Projection, WriteContext } from '../projections/projection';
import type { ProjectionCache } from '../projections/projection-cache';
import { byStreamOf, forEachPath } from '../projections/stream-states';
import { Tally, type WriteStatement } from '../projections/write-statement';
import { isQuestionEvent, questionIdOf, questionStreams } from '../questions/contract';
import { type BatchWrites, type HistoryTables, countChanges, dayTallyOf, eventsBefore, sealed, writeBatch } from './follow-up-history.projection';
import { EFFECTIVE_TIME, countsOnAnotherDay } from './effective-time';
import { HistoryChanges, type QuestionHistory, RECORDED_TIME, emptyHistory, historyAlong, historyThrough } from './obligation-history';

/**
 * The tables of follow-up-effective-history: the effective history's versions
 * and stage runs of the questions it differs for, the day tally's correction
 * for them, and which questions those are (follow-up-effective-divergent.migration.ts).
 */
export const EFFECTIVE_HISTORY: HistoryTables & { divergent: string } = {
  history: 'rm_follow_up_effective_history',
  questionHistory: 'rm_follow_up_effective_question_history',
  dayTally: 'rm_follow_up_effective_day_correction',
  divergent: 'rm_follow_up_divergent_question',
};

const DIVERGENT_COLUMNS = [['question_id', 'text']] as const;

/**
 * `follow-up-effective-history`: what each organisation owed and had done as
 * in effect on a day (what had happened by its end, as the record stands
 * now), for ?inEffectOn= on GET /organisations/:id/follow-up and GET
 * /follow-up — the versions of obligation-history.ts over effective time
 * (`EFFECTIVE_TIME`: each event from the end of the day it happened).
 *
 * Only where that differs from follow-up-history. A question none of whose
 * events counts on another day in effective time than in recorded time
 * (`countsOnAnotherDay`) reads the same in effect on a day as recorded by
 * that day's end, so its rows are follow-up-history's and none are written
 * here: for most questions this projection only remembers that they do not
 * diverge. A question diverges from its first event that counts on another
 * day on (a backdated step, an import; possibly long after it was raised):
 * then its whole effective history is written, from its stream, and it is
 * listed in `rm_follow_up_divergent_question`. The readers take
 * follow-up-history's rows of the questions not listed and this projection's
 * rows (follow-up-as-of.queries.ts, `IN_EFFECT`). The counts are the recorded
 * day tally plus a correction this projection keeps: for each divergent
 * question its effective versions' contributions less its recorded ones (its
 * recorded history computed here too, not written).
 *
 * Which questions diverge is a function of the stream up to the checkpoint,
 * so the rows do not depend on the batches (a test compares batch sizes).
 */
export const followUpEffectiveHistoryProjection: Projection = {
  name: 'follow-up-effective-history',
  tables: [EFFECTIVE_HISTORY.history, EFFECTIVE_HISTORY.questionHistory, EFFECTIVE_HISTORY.dayTally, EFFECTIVE_HISTORY.divergent],

  handles: isQuestionEvent,

  async prepare(events: RecordedEvent[], context: PrepareContext): Promise<EffectiveBatchWrites> {
    const cache = context.cache as ProjectionCache<Remembered>;
    const effective = new HistoryChanges();
    const recorded = new HistoryChanges();
    const begun: Array<{ question_id: string }> = [];
    // The divergent questions' histories before their events of the batch, by stream, and those events.
    const before = new Map<string, Divergent>();
    const walked: RecordedEvent[] = [];
    for (const [streamId, streamEvents] of byStreamOf(questionStreams, events)) {
      const first = streamEvents[0];
      const last = streamEvents[streamEvents.length - 1];
      const id = questionIdOf(first);
      let earlier: RecordedEvent[] | undefined;
      let remembered = knownBefore(first, cache);
      if (!remembered) remembered = rememberedAfter(id, (earlier = await eventsBefore(first, context)));
      if (!remembered.divergent) {
        if (!streamEvents.some(countsOnAnotherDay)) {
          cache.set(id, { divergent: false, revision: last.revision });
          continue;
        }
        // Diverges in this batch: every version of its history so far is new to the tables.
        earlier ??= await eventsBefore(first, context);
        remembered = {
          divergent: true,
          revision: first.revision - 1,
          effective: historyThrough(emptyHistory(id), earlier, effective, EFFECTIVE_TIME),
          recorded: historyThrough(emptyHistory(id), earlier, recorded, RECORDED_TIME),
        };
        begun.push({ question_id: id });
      }
      before.set(streamId, remembered);
      walked.push(...streamEvents);
    }
    await forEachPath(questionStreams, walked, context, (path) => {
      const from = before.get(path.streamId)!;
      cache.set(questionIdOf(path), {
        divergent: true,
        revision: path.after.revision,
        effective: historyAlong(from.effective, path.events, path.states, effective, EFFECTIVE_TIME, context.states),
        recorded: historyAlong(from.recorded, path.events, path.states, recorded, RECORDED_TIME, context.states),
      });
    });
    const tally = new Tally('day_correction', dayTallyOf(EFFECTIVE_HISTORY.dayTally));
    countChanges(tally, recorded, -1);
    return { ...sealed(effective, tally), begun: EncodedRows.of(begun, DIVERGENT_COLUMNS) };
  },

  writeTo(statement: WriteStatement, _events: RecordedEvent[], context: WriteContext): void {
    writeBatch(statement, context, EFFECTIVE_HISTORY);
    const { begun } = context.prepared as EffectiveBatchWrites;
    if (begun) statement.insertRows('divergent_inserted', context.table(EFFECTIVE_HISTORY.divergent), begun, DIVERGENT_COLUMNS);
  },
};

type EffectiveBatchWrites = BatchWrites & {
  /** Questions that diverge from this batch on. */
  begun: EncodedRows | null;
};

/** A divergent question's histories over both clocks: the effective one written, the recorded one counted against the recorded tally. */
interface Divergent {
  divergent: true;
  revision: number;
  effective: QuestionHistory;
  recorded: QuestionHistory;
}

/** What the projection remembers of a question between batches: that it does not diverge (up to `revision`), or its histories. */
type Remembered = { divergent: false; revision: number } | Divergent;

/** What is remembered of the question just before `event` when no read is needed. */
function knownBefore(event: RecordedEvent, cache: ProjectionCache<Remembered>): Remembered | undefined {
  const remembered = cache.get(questionIdOf(event));
  if (remembered && remembered.revision === event.revision - 1) return remembered;
  if (event.revision === 0) return { divergent: false, revision: -1 };
  return undefined;
}

/** What is remembered of a question after its `earlier` events (read from its stream). */
function rememberedAfter(id: string, earlier: RecordedEvent[]): Remembered {
  const revision = earlier.length - 1;
  if (!earlier.some(countsOnAnotherDay)) return { divergent: false, revision };
  return {
    divergent: true,
    revision,
    effective: historyThrough(emptyHistory(id), earlier, null, EFFECTIVE_TIME),
    recorded: historyThrough(emptyHistory(id), earlier, null, RECORDED_TIME),
  };
}
