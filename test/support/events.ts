import { randomUUID } from 'node:crypto';
import { EventMetadata, NewEvent } from '../../src/event-store/event-store.port';

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
