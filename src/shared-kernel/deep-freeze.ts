/** Freezes a value and everything in it, so that code which mutates it throws. Plain data only (no cycles are followed twice: a frozen object is not entered again). */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
