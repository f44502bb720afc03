import { randomUUID } from 'node:crypto';
import { EventMetadata, EventStore, GlobalPosition, NewEvent, comparePositions, formatPosition, parsePosition } from '../../src/event-store/event-store.port';

export const testMetadata = (overrides: Partial<EventMetadata> = {}): EventMetadata => ({
  actor: { userId: 'test-user', displayName: 'Test User', role: 'admin', organisationId: 'region-varmland' },
  occurredAt: new Date().toISOString(),
  correlationId: randomUUID(),
  causationId: randomUUID(),
  commandId: randomUUID(),
  ...overrides,
});

export const testEvent = (type = 'SomethingHappened', data: unknown = {}): NewEvent => ({
  id: randomUUID(),
  type,
  schemaVersion: 1,
  data,
  metadata: testMetadata(),
});

/**
 * Waits until the global log can be read up to `position`. On a shared server a
 * transaction running in another database holds readers of the log back (see
 * docs/event-store.md: lag, never loss); tests that read the log right after
 * writing wait for it instead of failing on someone else's transaction.
 */
export async function waitForLogHead(store: EventStore, position: GlobalPosition | string, timeoutMs = 30_000): Promise<void> {
  const target = typeof position === 'string' ? parsePosition(position) : position;
  if (!target) throw new Error(`not a position: ${String(position)}`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const head = await store.headPosition();
    if (head && comparePositions(head, target) >= 0) return;
    if (Date.now() > deadline) throw new Error(`the global log did not reach ${formatPosition(target)} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
