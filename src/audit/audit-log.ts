import { EventStore, GlobalPosition, RecordedEvent, comparePositions, formatPosition } from '../event-store/event-store.port';
import { ChainSummary, ChainVerifier } from './chain-verification';
import { StreamHead, digestOf, printableDigest } from './digest';

const PAGE_SIZE = 1_000;

/** Every event of the global log up to and including `upTo` (all of it if undefined), page by page. */
export async function* readLogUpTo(store: EventStore, upTo: GlobalPosition | undefined): AsyncGenerator<RecordedEvent> {
  let after: GlobalPosition | undefined;
  for (;;) {
    const page = await store.readAll({ after, maxCount: PAGE_SIZE });
    for (const event of page) {
      if (upTo && comparePositions(event.position, upTo) > 0) return;
      yield event;
    }
    if (page.length < PAGE_SIZE) return;
    after = page[page.length - 1].position;
  }
}

export interface DigestStatement {
  algorithm: 'sha256';
  digest: string;
  /** The digest in groups of eight, for printing in minutes. */
  printable: string;
  /** The position of the global log the digest covers up to (inclusive): pass it back as `asOf` to verify. */
  asOf: string;
  streams: number;
  events: number;
  /** When the last event covered was stored. */
  lastEventRecordedAt: string | null;
  /** One Swedish sentence to paste into approved minutes (justerat protokoll). */
  statement: string;
}

export interface VerificationReport {
  /** True when every chain holds and, if a digest was given, it matches. */
  intact: boolean;
  /**
   * The head of the global log when the check began: every stream with an event
   * up to here was checked, to its last event. A stream begun later is not.
   */
  checkedUpTo: string | null;
  chains: ChainSummary;
  digest?: {
    asOf: string;
    expected: string;
    actual: string;
    matches: boolean;
    streams: number;
    events: number;
  };
}

/**
 * Audits the whole log: every stream's chain (in revision order, each stream
 * read on its own) and the digest over stream heads at a point of the log.
 * Works on the port, so on either adapter.
 */
export class AuditLog {
  constructor(private readonly store: EventStore) {}

  /** The digest over every stream's head at `asOf` (default: the head of the log now). */
  async digest(asOf?: GlobalPosition): Promise<DigestStatement> {
    const upTo = asOf ?? (await this.store.headPosition());
    const { heads, events, lastRecordedAt } = await this.headsAt(upTo);
    return digestStatement(heads, events, upTo, lastRecordedAt);
  }

  /** Checks every chain; with `expectedDigest`, also recomputes the digest at `asOf` and compares. */
  async verify(options: { expectedDigest?: string; asOf?: GlobalPosition } = {}): Promise<VerificationReport> {
    const head = await this.store.headPosition();
    const { heads: headsNow } = await this.headsAt(head);
    const verifier = new ChainVerifier();
    // Each stream is checked to its end, events appended since `head` included: a stream read on its
    // own is not held back by transactions still running elsewhere, as the global log is.
    for (const { streamId } of [...headsNow].sort((a, b) => (a.streamId < b.streamId ? -1 : 1))) {
      for (const event of await this.store.readStream(streamId)) verifier.check(event);
    }
    const chains = verifier.summary();
    const report: VerificationReport = { intact: chains.intact, checkedUpTo: head ? formatPosition(head) : null, chains };
    if (options.expectedDigest !== undefined) {
      const at = options.asOf ?? head;
      const then = await this.headsAt(at);
      const actual = digestOf(then.heads);
      report.digest = {
        asOf: formatPosition(at ?? { commit: 0n, prepare: 0n }),
        expected: options.expectedDigest,
        actual,
        matches: actual === options.expectedDigest,
        streams: then.heads.length,
        events: then.events,
      };
      report.intact = report.intact && report.digest.matches;
    }
    return report;
  }

  private async headsAt(upTo: GlobalPosition | undefined): Promise<{ heads: StreamHead[]; events: number; lastRecordedAt: Date | null }> {
    const heads = new Map<string, StreamHead>();
    let events = 0;
    let lastRecordedAt: Date | null = null;
    if (upTo) {
      for await (const event of readLogUpTo(this.store, upTo)) {
        heads.set(event.streamId, { streamId: event.streamId, revision: event.revision, hash: event.hash });
        events++;
        lastRecordedAt = event.recordedAt;
      }
    }
    return { heads: [...heads.values()], events, lastRecordedAt };
  }
}

function digestStatement(heads: StreamHead[], events: number, upTo: GlobalPosition | undefined, lastRecordedAt: Date | null): DigestStatement {
  const digest = digestOf(heads);
  const asOf = formatPosition(upTo ?? { commit: 0n, prepare: 0n });
  const printable = printableDigest(digest);
  const when = lastRecordedAt ? `, senast lagrad ${swedishTime(lastRecordedAt)}` : '';
  return {
    algorithm: 'sha256',
    digest,
    printable,
    asOf,
    streams: heads.length,
    events,
    lastEventRecordedAt: lastRecordedAt?.toISOString() ?? null,
    statement:
      `Frågespårs händelselogg till och med position ${asOf} (${heads.length} strömmar, ${events} händelser${when}) ` +
      `har kontrollsumman SHA-256 ${printable}.`,
  };
}

const swedishFormat = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'short', timeStyle: 'medium' });

/** An instant as read in Sweden, e.g. `2025-03-04 13:00:00`. */
export function swedishTime(instant: Date | string): string {
  return swedishFormat.format(typeof instant === 'string' ? new Date(instant) : instant);
}
