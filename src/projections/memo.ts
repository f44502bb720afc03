/**
 * `compute` remembered by its key, for a pure function a projection calls
 * with the same few keys again and again (the calendar day of the instants
 * in a batch, the end of a day): a Map lookup instead of date arithmetic or
 * Intl formatting per row. Forgets everything once `maxEntries` keys are held.
 */
export function memoized<R>(compute: (key: string) => R, maxEntries = 10_000): (key: string) => R {
  const known = new Map<string, R>();
  return (key) => {
    let value = known.get(key);
    if (value === undefined) {
      if (known.size >= maxEntries) known.clear();
      value = compute(key);
      known.set(key, value);
    }
    return value;
  };
}
