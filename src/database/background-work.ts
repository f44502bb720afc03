import { AsyncLocalStorage } from 'node:async_hooks';

const background = new AsyncLocalStorage<true>();

/**
 * Runs `work` (and everything it starts) as background work: on the embedded
 * database, whose one connection serves everything in turn, a statement of
 * background work waits while statements of requests are waiting
 * (`EmbeddedPool`). The projection runners run so; a request that reads its own
 * write waits for them as before.
 */
export function inBackground<T>(work: () => T): T {
  return background.run(true, work);
}

/** Whether the caller runs as background work. */
export function isBackgroundWork(): boolean {
  return background.getStore() === true;
}
