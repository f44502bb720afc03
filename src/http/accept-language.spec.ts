import { preferredLanguage } from './accept-language';

describe('preferredLanguage', () => {
  it.each([
    [undefined, 'sv'],
    ['', 'sv'],
    ['en', 'en'],
    ['en-GB,en;q=0.9', 'en'],
    ['sv-SE,sv;q=0.9,en;q=0.8', 'sv'],
    ['sv;q=0.5, en;q=0.8', 'en'],
    ['de, en;q=0.5', 'en'],
    ['de, fr', 'sv'],
    ['en;q=0', 'sv'],
    ['*', 'sv'],
  ])('%p → %s', (header, expected) => {
    expect(preferredLanguage(header)).toBe(expected);
  });
});
