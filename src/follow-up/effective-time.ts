/**
 * The effective history's time (follow-up-effective-history.projection.ts):
 * each event counts from the last instant, in Sweden, of the day it happened,
 * so that a version "valid at" the end of a day is one in effect on it — the
 * instant `?asOf=<date>` names too.
 */
import type { RecordedEvent } from '../event-store/event-store.port';
import { memoized } from '../projections/memo';
import { calendarDateOf, effectiveDateOf } from '../shared-kernel/calendar';
import { parseAsOf } from '../time-travel/contract';
import type { HistoryClock } from './obligation-history';

// A rebuild asks for the same few hundred days again and again; parseAsOf formats with Intl each time.
const endOfDay = memoized((day: string): string => {
  const instant = parseAsOf(day);
  if (!instant) throw new Error(`effective date ${day} is not a calendar date`);
  return instant.toISOString();
});

export const EFFECTIVE_TIME: HistoryClock = (event) => endOfDay(effectiveDateOf(event.metadata));

/**
 * Whether an event counts on another day in effective time than in recorded
 * time: its effective date (`metadata.effectiveOn`) is not the day of its
 * `occurredAt` in Sweden (a backdated step, an imported one, a command whose
 * clock and zone saw another day). Of a question none of whose events does,
 * every event's effective instant is the end of the day of its `occurredAt` —
 * it rises with `occurredAt` — so the effective cut at the end of a day D
 * takes the same events as the recorded cut at that instant (an instant is at
 * or before the end of D exactly when its day is D or earlier): "in effect on
 * D" is "as recorded by the end of D", which follow-up-history already keeps
 * (follow-up-effective-history.projection.ts).
 */
export function countsOnAnotherDay(event: RecordedEvent): boolean {
  const { effectiveOn, occurredAt } = event.metadata;
  return effectiveOn !== undefined && effectiveOn !== calendarDateOf(occurredAt);
}
