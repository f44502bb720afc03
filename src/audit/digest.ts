import { createHash } from 'node:crypto';

/** One stream's last event up to some point of the global log. */
export interface StreamHead {
  streamId: string;
  revision: number;
  hash: string;
}

export const DIGEST_PREFIX = 'fragespar-digest-v1';

/**
 * One hash over every stream's head: SHA-256 of the prefix line followed by
 * one line `<streamId> <revision> <hash>` per stream, sorted by stream id
 * (UTF-16 code units; stream ids are ASCII). Each head's hash covers its whole
 * stream back to the first event, so this one value covers every event up to
 * the point it was taken at. See docs/audit.md.
 */
export function digestOf(heads: Iterable<StreamHead>): string {
  const lines = [...heads]
    .sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0))
    .map((head) => `${head.streamId} ${head.revision} ${head.hash}`);
  return createHash('sha256')
    .update([DIGEST_PREFIX, ...lines].join('\n'), 'utf8')
    .digest('hex');
}

/** The digest as printed in minutes: groups of eight hex digits, easy to read aloud and compare. */
export function printableDigest(digest: string): string {
  return digest.match(/.{1,8}/g)?.join(' ') ?? digest;
}

/** Accepts a digest as printed (spaces, upper case, an optional `sha256:` prefix). */
export function normaliseDigest(text: string): string | undefined {
  const compact = text
    .trim()
    .toLowerCase()
    .replace(/^sha256:/, '')
    .replace(/[\s-]/g, '');
  return /^[0-9a-f]{64}$/.test(compact) ? compact : undefined;
}
