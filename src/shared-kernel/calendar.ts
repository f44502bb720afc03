/**
 * Calendar dates as people in Värmland read them. Due dates are calendar dates
 * (`YYYY-MM-DD`); whether one has passed, and on which day a meeting falls,
 * depends on the date in the configured time zone (TIME_ZONE, default
 * Europe/Stockholm), not on UTC or the server's zone. Pure: the zone is passed
 * in (or read from the injected clock), never looked up.
 */
import type { Clock } from './clock';

/** Where Samverkan Värmland reads its dates; the default of TIME_ZONE. */
export const DEFAULT_TIME_ZONE = 'Europe/Stockholm';

// en-CA formats as YYYY-MM-DD.
const formats = new Map<string, Intl.DateTimeFormat>();
function formatIn(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) formats.set(timeZone, (format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return format;
}

/** The calendar date in `timeZone` of an ISO instant. */
export function calendarDateOf(instant: string | Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  if (typeof instant !== 'string') return formatIn(timeZone).format(instant);
  // Intl formatting costs ~1 µs a call and projections ask for the same instants again (a position's, an answer's) on every batch.
  const key = timeZone === DEFAULT_TIME_ZONE ? instant : `${timeZone} ${instant}`;
  let date = recentDates.get(key);
  if (date === undefined) {
    if (recentDates.size >= RECENT_DATES_KEPT) recentDates.clear();
    recentDates.set(key, (date = formatIn(timeZone).format(new Date(instant))));
  }
  return date;
}

const RECENT_DATES_KEPT = 10_000;
const recentDates = new Map<string, string>();

/** Today's date in the clock's time zone. */
export function today(clock: Clock): string {
  return calendarDateOf(clock.now(), clock.timeZone);
}

/** Is `timeZone` an IANA time zone this runtime knows (e.g. `Europe/Stockholm`)? */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone });
    return timeZone.trim() !== '';
  } catch {
    return false;
  }
}

/** A calendar date `YYYY-MM-DD` that exists. */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/**
 * The effective time of a stored event (the day the thing happened): the date
 * its metadata names, or, for an event recorded before effective dates were
 * written, the day it was recorded (`occurredAt`) in Sweden — the same reading
 * `?asOf=<date>` gives a bare date. See docs/events.md, "Recorded and effective time".
 */
export function effectiveDateOf(metadata: { occurredAt: string; effectiveOn?: string }): string {
  return metadata.effectiveOn ?? calendarDateOf(metadata.occurredAt, DEFAULT_TIME_ZONE);
}
