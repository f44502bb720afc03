import { AppendResult, EventStore, ExpectedRevision, NewEvent } from './event-store.port';

/**
 * Tells in-process listeners (the projection runners) that an append just
 * committed, so they read at once instead of waiting for their next poll. Other
 * instances still see the events through polling; this only shortens the wait.
 */
export class AppendSignal {
  private readonly listeners = new Set<() => void>();

  listen(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  fire(): void {
    for (const listener of this.listeners) listener();
  }
}

/** Wraps the configured adapter so every successful append fires the signal. */
export function signallingEventStore(store: EventStore, signal: AppendSignal): EventStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'appendToStream') {
        return async (streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> => {
          const result = await target.appendToStream(streamId, events, expected);
          signal.fire();
          return result;
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
