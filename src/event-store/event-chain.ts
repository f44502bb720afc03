import { createHash } from 'node:crypto';
import type { NewEvent, RecordedEvent } from './event-store.port';

/**
 * The hash chain that makes a stream tamper-evident (docs/audit.md).
 *
 * Each stored event carries `hash` and `previousHash` (lowercase hex SHA-256):
 *
 *   contentHash = SHA-256( canonicalJson({ id, type, schemaVersion, data, metadata }) )
 *   hash        = SHA-256( "fragespar-event-v1\n" + streamId + "\n" + revision + "\n"
 *                          + previousHash + "\n" + contentHash )
 *
 * `previousHash` is the hash of the event at `revision - 1` in the same stream,
 * or GENESIS_HASH for revision 0. Both adapters compute it at append: the
 * PostgreSQL adapter passes the content hashes and chains them inside its one
 * append statement (the same formula in SQL); the EventStoreDB adapter chains in
 * the process. Verification recomputes both from what is stored.
 */
export const GENESIS_HASH = '0'.repeat(64);

export const LINK_PREFIX = 'fragespar-event-v1';

/**
 * RFC 8785 (JSON Canonicalization Scheme): object keys sorted by UTF-16 code
 * units, no whitespace, numbers and strings as ECMAScript's JSON.stringify
 * writes them. Values are first normalised through JSON (undefined dropped, as
 * stored), so the form of an event before it is stored equals the form of the
 * event read back, whatever the store did to key order or number notation.
 */
export function canonicalJson(value: unknown): string {
  const normalised = value === undefined ? null : JSON.parse(JSON.stringify(value));
  return canonical(normalised);
}

function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const object = value as Record<string, unknown>;
  // The default order of sort() is by UTF-16 code units, the order RFC 8785 asks for.
  const keys = Object.keys(object).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(object[key])}`).join(',')}}`;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** What the writer decided: everything the event says, not where the store put it. */
export function contentHashOf(event: Pick<NewEvent, 'id' | 'type' | 'schemaVersion' | 'data' | 'metadata'>): string {
  const { id, type, schemaVersion, data, metadata } = event;
  return sha256(canonicalJson({ id: id.toLowerCase(), type, schemaVersion, data, metadata }));
}

/** The link of one event in its stream's chain; the PostgreSQL append computes the same in SQL. */
export function linkHash(streamId: string, revision: number, previousHash: string, contentHash: string): string {
  return sha256([LINK_PREFIX, streamId, String(revision), previousHash, contentHash].join('\n'));
}

/** Hashes for a batch appended after `previousHash` at `firstRevision`, in order. */
export function chainBatch(streamId: string, firstRevision: number, previousHash: string, events: NewEvent[]): Array<{ previousHash: string; hash: string }> {
  let previous = previousHash;
  return events.map((event, index) => {
    const hash = linkHash(streamId, firstRevision + index, previous, contentHashOf(event));
    const link = { previousHash: previous, hash };
    previous = hash;
    return link;
  });
}

/** Recomputes a stored event's hash from its content, stream and revision. */
export function recomputeHash(event: RecordedEvent): string {
  return linkHash(event.streamId, event.revision, event.previousHash, contentHashOf(event));
}
