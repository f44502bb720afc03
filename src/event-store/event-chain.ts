import { hash } from 'node:crypto';
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
 * writes them. Values are taken as JSON stores them (undefined dropped, as
 * stored), so the form of an event before it is stored equals the form of the
 * event read back, whatever the store did to key order or number notation.
 */
export function canonicalJson(value: unknown): string {
  return canonical(value, '') ?? 'null';
}

/**
 * One walk over the value, writing as it goes: every append hashes its
 * events, and a round trip through JSON.stringify and JSON.parse before the
 * walk cost as much as the walk. Strings, numbers, booleans, null, plain
 * objects and arrays are written here as JSON.stringify writes them; any
 * other value (a Date, an object with toJSON, a boxed primitive, a function)
 * is first put through JSON.stringify in its place, with its own key, so it
 * comes out as JSON stores it. Undefined (and what JSON drops) is left out of
 * an object and written as null in an array.
 */
function canonical(value: unknown, key: string | number): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      // Non-finite numbers come out as null, as JSON.stringify writes them.
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return undefined;
  }
  if (value === null) return 'null';
  if (isPlainArray(value)) {
    let text = '[';
    for (let index = 0; index < value.length; index++) text += `${index === 0 ? '' : ','}${canonical(value[index], index) ?? 'null'}`;
    return `${text}]`;
  }
  if (isPlainObject(value)) {
    // The default order of sort() is by UTF-16 code units, the order RFC 8785 asks for.
    const keys = Object.keys(value).sort();
    let text = '{';
    for (const name of keys) {
      const member = canonical(value[name], name);
      if (member === undefined) continue;
      text += `${text.length === 1 ? '' : ','}${JSON.stringify(name)}:${member}`;
    }
    return `${text}}`;
  }
  const stored: unknown = JSON.parse(JSON.stringify({ [key]: value }))[key];
  return canonical(stored, key);
}

function isPlainArray(value: unknown): value is unknown[] {
  return Array.isArray(value) && Object.getPrototypeOf(value) === Array.prototype && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return (prototype === Object.prototype || prototype === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

/** SHA-256 of the text's UTF-8 bytes, lowercase hex: one call, without a Hash object per link. */
const sha256 = (text: string) => hash('sha256', text, 'hex');

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
