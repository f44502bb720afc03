import { GENESIS_HASH, recomputeHash } from '../event-store/event-chain';
import { RecordedEvent, formatPosition } from '../event-store/event-store.port';

/**
 * What can be wrong with a link, checked in this order for each event of a
 * stream, in the order the stream was written:
 * - `unexpected-revision`: the stream's next event does not carry the next
 *   revision (an event was deleted, or events were renumbered or reordered);
 * - `previous-hash-mismatch`: the event does not point at the hash of the event
 *   before it (an event before it was removed, inserted or replaced, and the
 *   chain recomputed from there on, or not);
 * - `hash-mismatch`: the event's own content (type, schema version, data,
 *   metadata, id), its stream or its revision no longer give its stored hash.
 */
export type BrokenLinkProblem = 'unexpected-revision' | 'previous-hash-mismatch' | 'hash-mismatch';

export interface BrokenLink {
  streamId: string;
  /** The revision at which the stream stops being trustworthy. */
  revision: number;
  problem: BrokenLinkProblem;
  detail: string;
  /** The stored event found there (absent when the revision is missing altogether). */
  event: { id: string; revision: number; type: string; position: string; hash: string; previousHash: string } | null;
}

export interface ChainSummary {
  intact: boolean;
  streamsChecked: number;
  eventsChecked: number;
  /** The first break met in the global log, if any. */
  firstBroken: BrokenLink | null;
  /** The first break of every broken stream, in the order they were met. */
  brokenStreams: BrokenLink[];
}

interface StreamProgress {
  nextRevision: number;
  lastHash: string;
  broken: boolean;
}

/**
 * Checks every stream's hash chain while the global log goes by, one event at a
 * time, keeping only each stream's last hash (so memory grows with the number of
 * streams, not of events). Each stream's events arrive in the order they were
 * appended, which for an untouched stream is revision order.
 */
export class ChainVerifier {
  private readonly streams = new Map<string, StreamProgress>();
  private readonly broken: BrokenLink[] = [];
  private events = 0;

  check(event: RecordedEvent): void {
    this.events++;
    const progress = this.streams.get(event.streamId) ?? { nextRevision: 0, lastHash: GENESIS_HASH, broken: false };
    this.streams.set(event.streamId, progress);
    if (progress.broken) return;
    const problem = problemWith(event, progress.nextRevision, progress.lastHash);
    if (problem) {
      progress.broken = true;
      this.broken.push(problem);
      return;
    }
    progress.nextRevision = event.revision + 1;
    progress.lastHash = event.hash;
  }

  summary(): ChainSummary {
    return {
      intact: this.broken.length === 0,
      streamsChecked: this.streams.size,
      eventsChecked: this.events,
      firstBroken: this.broken[0] ?? null,
      brokenStreams: [...this.broken],
    };
  }
}

/** The first broken link of one stream read in revision order, or null if its chain holds. */
export function verifyStream(events: RecordedEvent[]): BrokenLink | null {
  const verifier = new ChainVerifier();
  events.forEach((event) => verifier.check(event));
  return verifier.summary().firstBroken;
}

function problemWith(event: RecordedEvent, expectedRevision: number, expectedPrevious: string): BrokenLink | null {
  const at = (problem: BrokenLinkProblem, revision: number, detail: string): BrokenLink => ({
    streamId: event.streamId,
    revision,
    problem,
    detail,
    event: {
      id: event.id,
      revision: event.revision,
      type: event.type,
      position: formatPosition(event.position),
      hash: event.hash,
      previousHash: event.previousHash,
    },
  });
  if (event.revision !== expectedRevision) {
    const what =
      event.revision > expectedRevision
        ? `revision ${expectedRevision} is missing: the next stored event carries revision ${event.revision}`
        : `revision ${event.revision} appears again, or out of order, after revision ${expectedRevision - 1}`;
    return at('unexpected-revision', expectedRevision, `${what} (an event was deleted, renumbered or moved)`);
  }
  if (event.previousHash !== expectedPrevious) {
    return at(
      'previous-hash-mismatch',
      event.revision,
      expectedRevision === 0
        ? 'the first event of the stream does not start from the genesis hash'
        : `previousHash does not equal the hash of revision ${expectedRevision - 1}: an event before it was inserted, removed or replaced`,
    );
  }
  if (recomputeHash(event) !== event.hash) {
    return at('hash-mismatch', event.revision, 'the stored event no longer gives its hash: its content, stream or revision was changed after it was written');
  }
  return null;
}
