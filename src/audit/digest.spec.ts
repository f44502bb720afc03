import { digestOf, normaliseDigest, printableDigest } from './digest';

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
