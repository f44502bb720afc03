import type { EventStore, RecordedEvent } from '../event-store/event-store.port';
import { effectiveDateOf } from '../shared-kernel/calendar';
import { type QuestionState, foldQuestion, initialQuestionState, questionStreamId } from '../questions/contract';
import type { PointInTime } from './point-in-time';
import { SNAPSHOT_EVERY, type SnapshotLookup } from './question-snapshots';

export interface QuestionThen {
  /** The state at the point (not `exists` if the question had not been raised by then). */
  state: QuestionState;
  /** The revision of the last event folded (-1: none). */
  revision: number;
  /** The stream's last revision now (-1: no such question). */
  latestRevision: number;
  /** When the question was raised (recorded), if it had not been by the point. */
  raisedAt?: string;
  /** The day it was raised (effective), if it had not been by the point. */
  raisedOn?: string;
  /** With `newest` asked and no point: the stream's newest events, up to that many, oldest first. */
  newest?: RecordedEvent[];
}

/** Events read per round trip: one snapshot interval and the snapshot's own event. */
const PAGE = SNAPSHOT_EVERY + 1;

/** A page from `from`, ending at the point's revision if it has one (the loop stops there, so never empty). */
function pageUpTo(from: number, point: PointInTime): number {
  return point.revision === undefined ? PAGE : Math.max(1, Math.min(PAGE, point.revision - from + 1));
}

/**
 * A question as it stood at a point in its past (or now, with no point): the
 * same state as folding every event of the longest prefix within the point,
 * which the event store cuts (`readStream`'s `occurredBy`), but starting from the latest snapshot that lies
 * wholly within it, so a question with 1,000 events folds at most a hundred.
 *
 * A snapshot is used only if the event it was taken after is still stored with
 * the hash it recorded: the read starts at that event and checks it. A snapshot
 * that does not match (an altered log, a snapshot from another history) is
 * ignored and the question is folded from its first event.
 *
 * `inEffectOn` (a date) asks what had happened by the end of that day (effective
 * time, `metadata.effectiveOn`), as the record stood at the point: the events
 * within the point up to the first one that happened later. A question's events
 * are in the order things happened (the decider keeps them so), so this too is
 * a prefix; a snapshot is used only if everything in it had happened by then.
 */
export async function questionAt(
  store: EventStore,
  snapshots: SnapshotLookup,
  questionId: string,
  point: PointInTime = {},
  inEffectOn?: string,
  options: { newest?: number } = {},
): Promise<QuestionThen> {
  const streamId = questionStreamId(questionId);
  // Independent reads: one round trip's wait for both.
  const [latestRevision, found] = await Promise.all([store.streamRevision(streamId), snapshots(questionId, point)]);
  if (latestRevision === -1) return { state: initialQuestionState(), revision: -1, latestRevision };

  const inEffect = (state: QuestionState) => inEffectOn === undefined || (state.exists && state.lastEffectiveOn <= inEffectOn);
  let snapshot = found && inEffect(found.state) ? found : undefined;
  let state = initialQuestionState();
  let revision = -1;
  let from = snapshot?.revision ?? 0;
  // The newest events, for a page that shows them beside the state (the question's timeline): the fold reads those
  // from its start on; the ones before it are read beside the fold's first page, in the same round trip's wait.
  const now = point.asOf === undefined && point.revision === undefined && inEffectOn === undefined;
  const newestFrom = options.newest !== undefined && now ? Math.max(0, latestRevision - options.newest + 1) : undefined;
  const beforeFold =
    newestFrom !== undefined && newestFrom < from ? store.readStream(streamId, { fromRevision: newestFrom, maxCount: from - newestFrom }) : undefined;
  // Awaited after the fold; a failure while the fold still runs is not left unhandled.
  beforeFold?.catch(() => undefined);
  const read: RecordedEvent[] = [];
  for (;;) {
    // The store cuts the page at the point, so only the events folded are read (and at most a page of them).
    const wanted = pageUpTo(from, point);
    const page = await store.readStream(streamId, { fromRevision: from, maxCount: wanted, occurredBy: point.asOf });
    if (newestFrom !== undefined) read.push(...page);
    let events = page;
    if (snapshot) {
      const taken = page[0];
      if (!taken || taken.revision !== snapshot.revision || taken.hash !== snapshot.eventHash) {
        snapshot = undefined;
        from = 0;
        continue;
      }
      state = snapshot.state;
      revision = snapshot.revision;
      events = page.slice(1);
      snapshot = undefined;
    }
    // The store has cut the page at the point (`occurredBy`, `maxCount`): the one time-travel cut; effective time cuts it once more.
    const later = inEffectOn === undefined ? -1 : events.findIndex((event) => effectiveDateOf(event.metadata) > inEffectOn);
    if (later !== -1) events = events.slice(0, later);
    state = foldQuestion(events, state);
    if (events.length > 0) revision = events[events.length - 1].revision;
    if (later !== -1 || page.length < wanted || (point.revision !== undefined && revision >= point.revision)) break;
    from = page[page.length - 1].revision + 1;
  }
  const newest = newestFrom === undefined ? undefined : newestOf([...((await beforeFold) ?? []), ...read], options.newest!);
  if (state.exists) return { state, revision, latestRevision, ...(newest ? { newest } : {}) };
  // Not raised by the point: the read stopped before the first event, so say when it came.
  const [raised] = await store.readStream(streamId, { maxCount: 1 });
  return {
    state,
    revision,
    latestRevision,
    ...(raised ? { raisedAt: raised.metadata.occurredAt, raisedOn: effectiveDateOf(raised.metadata) } : {}),
  };
}

/** The last `count` of the events read, each once (a fold that fell back from its snapshot read some twice), oldest first. */
function newestOf(events: RecordedEvent[], count: number): RecordedEvent[] {
  const byRevision = new Map(events.map((event) => [event.revision, event]));
  return [...byRevision.values()].sort((a, b) => a.revision - b.revision).slice(-count);
}
