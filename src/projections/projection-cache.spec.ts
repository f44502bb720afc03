import { ProjectionCache } from './projection-cache';

describe('ProjectionCache', () => {
  it('keeps at most maxEntries, forgetting the least recently used first', () => {
    const cache = new ProjectionCache<number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1); // a is now more recent than b
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
    expect(cache.size).toBe(2);
  });

  it('replaces an entry in place and forgets everything on clear', () => {
    const cache = new ProjectionCache<number>(2);
    cache.set('a', 1);
    cache.set('a', 2);
    expect(cache.size).toBe(1);
    expect(cache.get('a')).toBe(2);
    cache.clear();
    expect(cache.get('a')).toBeUndefined();
  });
});
