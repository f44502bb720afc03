import type { RecordedEvent } from '../../src/event-store/event-store.port';
import type { PointInTime } from '../../src/time-travel/contract';

/**
 * The reference the time-travel tests hold the application to: the longest run
 * of a stream's events from the start that all fall within the point. The
 * application itself makes this cut once, in the event store
 * (`readStream`'s `occurredBy`, checked by the conformance suite).
 */
export function eventsAsOf(events: RecordedEvent[], point: PointInTime): RecordedEvent[] {
  const cut = events.findIndex(
    (event) =>
      (point.revision !== undefined && event.revision > point.revision) ||
      (point.asOf !== undefined && Date.parse(event.metadata.occurredAt) > point.asOf.getTime()),
  );
  return cut === -1 ? events : events.slice(0, cut);
}
