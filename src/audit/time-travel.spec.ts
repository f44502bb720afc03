import { digestOf, normaliseDigest, printableDigest } from './digest';
import { parseAsOf } from './time-travel';

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
