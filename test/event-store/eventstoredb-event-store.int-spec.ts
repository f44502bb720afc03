import { EventStoreDbEventStore } from '../../src/event-store/eventstoredb/eventstoredb-event-store';
import { describeEventStoreConformance } from './event-store.conformance';

/**
 * The conformance suite against a real EventStoreDB. It needs a running server
 * (`EVENTSTORE_URL=esdb://localhost:2113?tls=false`); without one every test is
 * reported as skipped — nothing here stands in for the server.
 */
const url = process.env.EVENTSTORE_URL;

if (url) {
  describeEventStoreConformance(
    'eventstoredb',
    async () => new EventStoreDbEventStore(url),
    (store) => store.close(),
  );
} else {
  console.warn('EventStoreDB adapter tests SKIPPED: EVENTSTORE_URL is not set');
  describe.skip('EventStoreDB adapter (SKIPPED: EVENTSTORE_URL is not set)', () => {
    describeEventStoreConformance(
      'eventstoredb',
      () => Promise.reject(new Error('EVENTSTORE_URL is not set')),
      async () => undefined,
    );
  });
}
