import { createHash } from 'node:crypto';
import { GENESIS_HASH, LINK_PREFIX, canonicalJson, chainBatch, contentHashOf, linkHash, recomputeHash } from './event-chain';
import type { NewEvent, RecordedEvent } from './event-store.port';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

const event: NewEvent = {
  id: '0b6a0c3e-8c1f-4f7a-9d7e-2a1c7e4b9f10',
  type: 'InputSubmitted',
  schemaVersion: 1,
  data: { questionId: 'q-1', organisationId: 'kil', content: 'Inspel om "kollektivtrafik" – Kil\n' },
  metadata: {
    actor: { userId: 'u-1', displayName: 'Åsa Öberg', role: 'member', organisationId: 'kil' },
    occurredAt: '2025-03-01T10:00:00.000Z',
    correlationId: 'c-1',
    causationId: 'c-1',
    commandId: 'c-1',
  },
};

describe('the canonical form of an event (RFC 8785)', () => {
  it('sorts keys at every level, keeps array order, writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [{ d: true, c: null }, 2], é: 'å', A: 'x' })).toBe('{"A":"x","a":[{"c":null,"d":true},2],"b":1,"é":"å"}');
  });

  it('writes what JSON stores: undefined fields dropped, numbers and strings as JSON.stringify writes them', () => {
    expect(canonicalJson({ a: undefined, b: [undefined], n: 1e21, f: 0.1, s: 'tab\there "q"' })).toBe(
      '{"b":[null],"f":0.1,"n":1e+21,"s":"tab\\there \\"q\\""}',
    );
  });

  it('gives the same content hash for the event as written and as read back in another key order', () => {
    const readBack = JSON.parse(
      JSON.stringify({
        metadata: event.metadata,
        data: { content: (event.data as { content: string }).content, organisationId: 'kil', questionId: 'q-1' },
        schemaVersion: 1,
        type: event.type,
        id: event.id.toUpperCase(),
      }),
    );
    expect(contentHashOf(readBack)).toBe(contentHashOf(event));
  });
});

describe('the canonical form is what JSON stores, written in one walk', () => {
  /** The definition the walk keeps: normalise through JSON, then sort keys at every level. */
  const throughJson = (value: unknown): string => {
    const write = (stored: unknown): string => {
      if (stored === null || typeof stored !== 'object') return JSON.stringify(stored);
      if (Array.isArray(stored)) return `[${stored.map(write).join(',')}]`;
      const object = stored as Record<string, unknown>;
      return `{${Object.keys(object)
        .sort()
        .map((key) => `${JSON.stringify(key)}:${write(object[key])}`)
        .join(',')}}`;
    };
    return write(value === undefined ? null : JSON.parse(JSON.stringify(value)));
  };
  class Amount {
    constructor(readonly kronor: number) {}
  }
  const withKey = { toJSON: (key: string) => `at ${key}` };
  const nullPrototype = Object.assign(Object.create(null) as object, { b: 1, a: [2] });
  const sparse: unknown[] = [1];
  sparse[3] = 'x';

  it.each<[string, unknown]>([
    ['dates, nested and in arrays', { at: new Date(Date.UTC(2025, 2, 1, 10)), list: [new Date(0)] }],
    [
      'undefined, functions and symbols: left out of objects, null in arrays',
      { a: undefined, f: () => 1, s: Symbol('s'), list: [undefined, () => 1, Symbol('t')] },
    ],
    [
      'numbers JSON cannot hold, and numbers in its notations',
      { n: NaN, i: Infinity, m: -Infinity, z: -0, e: 1e21, small: 1e-7, f: 0.1 + 0.2, max: Number.MAX_VALUE },
    ],
    [
      'keys by code unit, in every script, and keys that look like numbers',
      { ö: 1, Z: 2, a: 3, '10': 4, '2': 5, '': 6, 'a\u0000': 7, '\ud83d\ude00': 8, __proto__x: 9 },
    ],
    ['strings with escapes and lone surrogates', { s: 'tab\t"quote" \\ \u0001 \ud800 \udc00 å' }],
    ['toJSON, called with its key', { first: withKey, list: [withKey, withKey] }],
    ['boxed primitives', { n: new Number(3), s: new String('s'), b: new Boolean(false) }],
    ['class instances, maps, sets, buffers', { amount: new Amount(12), map: new Map([['a', 1]]), set: new Set([1]), buffer: Buffer.from('hi') }],
    ['a null prototype and a sparse array', { nullPrototype, sparse }],
    ['a key named toJSON that is not a function', { toJSON: 'plain', a: 1 }],
    ['values at the top', [1, 'x', null, undefined]],
    ['a string at the top', 'Åsa'],
    ['a date at the top', new Date(0)],
    ['an event', event],
  ])('%s', (_name, value) => {
    expect(canonicalJson(value)).toBe(throughJson(value));
  });

  it('refuses a BigInt, as JSON does', () => {
    expect(() => canonicalJson({ n: 1n })).toThrow(TypeError);
  });
});

describe('the link formula', () => {
  it('is SHA-256 over the prefix, stream, revision, previous hash and content hash, one per line', () => {
    const contentHash = sha256(canonicalJson({ id: event.id, type: event.type, schemaVersion: 1, data: event.data, metadata: event.metadata }));
    expect(contentHashOf(event)).toBe(contentHash);
    expect(linkHash('question-q-1', 0, GENESIS_HASH, contentHash)).toBe(sha256(`fragespar-event-v1\nquestion-q-1\n0\n${'0'.repeat(64)}\n${contentHash}`));
  });

  it('chains a batch: each link points at the one before it', () => {
    const second = { ...event, id: '1b6a0c3e-8c1f-4f7a-9d7e-2a1c7e4b9f10' };
    const [a, b] = chainBatch('question-q-1', 3, 'f'.repeat(64), [event, second]);
    expect(a).toEqual({ previousHash: 'f'.repeat(64), hash: linkHash('question-q-1', 3, 'f'.repeat(64), contentHashOf(event)) });
    expect(b).toEqual({ previousHash: a.hash, hash: linkHash('question-q-1', 4, a.hash, contentHashOf(second)) });
  });
});

describe('the chain from both sides: what changes a hash, and what does not', () => {
  it('writes a missing value as null, the way JSON stores it', () => {
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson([])).toBe('[]');
    expect(canonicalJson({})).toBe('{}');
  });

  it('sorts keys by code unit, uppercase before lowercase, shorter prefix first', () => {
    expect(canonicalJson({ ab: 1, a: 2, B: 3, b: 4 })).toBe('{"B":3,"a":2,"ab":1,"b":4}');
    expect(canonicalJson({ b: 1, a: 2 })).toBe(canonicalJson({ a: 2, b: 1 }));
  });

  it('keeps the order of an array: the same items in another order hash differently', () => {
    expect(canonicalJson({ list: [2, 1] })).toBe('{"list":[2,1]}');
    expect(contentHashOf({ ...event, data: ['a', 'b'] })).not.toBe(contentHashOf({ ...event, data: ['b', 'a'] }));
  });

  it.each([
    ['type', { type: 'InputWithdrawn' }],
    ['schemaVersion', { schemaVersion: 2 }],
    ['data', { data: { ...(event.data as object), content: 'Ändrat inspel' } }],
    ['metadata', { metadata: { ...event.metadata, occurredAt: '2025-03-01T10:00:01.000Z' } }],
    ['id', { id: '1b6a0c3e-8c1f-4f7a-9d7e-2a1c7e4b9f10' }],
  ])('a changed %s changes the content hash; only the case of the id does not', (_field, change) => {
    expect(contentHashOf({ ...event, ...change })).not.toBe(contentHashOf(event));
    expect(contentHashOf({ ...event, id: event.id.toUpperCase() })).toBe(contentHashOf(event));
  });

  it('a changed stream, revision or previous hash changes the link', () => {
    const content = contentHashOf(event);
    const link = linkHash('question-q-1', 1, GENESIS_HASH, content);
    expect(linkHash('question-q-2', 1, GENESIS_HASH, content)).not.toBe(link);
    expect(linkHash('question-q-1', 2, GENESIS_HASH, content)).not.toBe(link);
    expect(linkHash('question-q-1', 1, 'f'.repeat(64), content)).not.toBe(link);
    expect(LINK_PREFIX).toBe('fragespar-event-v1');
  });

  it('an empty batch has no links', () => {
    expect(chainBatch('question-q-1', 0, GENESIS_HASH, [])).toEqual([]);
  });

  it('recomputes a stored event’s hash from its content, stream, revision and previous hash, as the append chained it', () => {
    const [link] = chainBatch('question-q-1', 5, 'a'.repeat(64), [event]);
    const stored: RecordedEvent = { ...event, streamId: 'question-q-1', revision: 5, position: { commit: 9n, prepare: 9n }, recordedAt: new Date(0), ...link };
    expect(recomputeHash(stored)).toBe(link.hash);
    expect(recomputeHash({ ...stored, data: { ...(event.data as object), content: 'Manipulerat' } })).not.toBe(link.hash);
  });
});
