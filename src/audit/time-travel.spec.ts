import type { RecordedEvent } from '../event-store/event-store.port';
import { digestOf, normaliseDigest, printableDigest } from './digest';
import { eventsAsOf, parseAsOf } from './time-travel';

describe('parseAsOf', () => {
  it.each([
    ['2025-03-01', '2025-03-01T22:59:59.999Z'],
    ['2025-07-01', '2025-07-01T21:59:59.999Z'],
    ['2025-03-30', '2025-03-30T21:59:59.999Z'],
    ['2025-10-26', '2025-10-26T22:59:59.999Z'],
    ['2025-03-01T12:00:00+01:00', '2025-03-01T11:00:00.000Z'],
    ['2025-03-01T12:00:00.250Z', '2025-03-01T12:00:00.250Z'],
  ])('%s means %s (a date: the end of that day in Sweden)', (text, instant) => {
    expect(parseAsOf(text)?.toISOString()).toBe(instant);
  });

  it.each(['2025-02-30', '2025-03-01T12:00:00', 'yesterday', ''])('refuses %j', (text) => {
    expect(parseAsOf(text)).toBeUndefined();
  });
});

describe('eventsAsOf', () => {
  const at = (revision: number, occurredAt: string) => ({ revision, metadata: { occurredAt } }) as unknown as RecordedEvent;
  const events = [at(0, '2025-01-01T00:00:00Z'), at(1, '2025-02-01T00:00:00Z'), at(2, '2025-01-15T00:00:00Z'), at(3, '2025-03-01T00:00:00Z')];

  it('keeps the longest prefix within the point, even if a later event carries an earlier time', () => {
    expect(eventsAsOf(events, { asOf: new Date('2025-01-20T00:00:00Z') }).map((e) => e.revision)).toEqual([0]);
    expect(eventsAsOf(events, { asOf: new Date('2025-02-01T00:00:00Z') }).map((e) => e.revision)).toEqual([0, 1, 2]);
    expect(eventsAsOf(events, { revision: 1 }).map((e) => e.revision)).toEqual([0, 1]);
    expect(eventsAsOf(events, {}).map((e) => e.revision)).toEqual([0, 1, 2, 3]);
  });
});

describe('the digest over stream heads', () => {
  const heads = [
    { streamId: 'question-b', revision: 4, hash: 'b'.repeat(64) },
    { streamId: 'question-a', revision: 2, hash: 'a'.repeat(64) },
  ];

  it('does not depend on the order streams are met in, and changes with any head', () => {
    expect(digestOf(heads)).toBe(digestOf([...heads].reverse()));
    expect(digestOf(heads)).not.toBe(digestOf([heads[0], { ...heads[1], revision: 1 }]));
    expect(digestOf(heads)).not.toBe(digestOf([heads[0]]));
  });

  it('is read back as printed, with spaces, capitals or a sha256: prefix', () => {
    const digest = digestOf(heads);
    expect(normaliseDigest(printableDigest(digest))).toBe(digest);
    expect(normaliseDigest(`sha256:${digest.toUpperCase()}`)).toBe(digest);
    expect(normaliseDigest(digest.slice(1))).toBeUndefined();
  });
});
