/**
 * Calendar dates as people in Värmland read them. Due dates are calendar dates
 * (`YYYY-MM-DD`); whether one has passed depends on the date in Sweden, not on
 * the server's time zone.
 */
import type { Clock } from './clock';

export const TIME_ZONE = 'Europe/Stockholm';

// en-CA formats as YYYY-MM-DD.
const swedishCalendar = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date in Sweden of an ISO instant. */
export function calendarDateOf(instant: string | Date): string {
  if (typeof instant !== 'string') return swedishCalendar.format(instant);
  // Intl formatting costs ~1 µs a call and projections ask for the same instants again (a position's, an answer's) on every batch.
  let date = recentDates.get(instant);
  if (date === undefined) {
    if (recentDates.size >= RECENT_DATES_KEPT) recentDates.clear();
    recentDates.set(instant, (date = swedishCalendar.format(new Date(instant))));
  }
  return date;
}

const RECENT_DATES_KEPT = 10_000;
const recentDates = new Map<string, string>();

/** Today's date in Sweden, from the injected clock. */
export function today(clock: Clock): string {
  return calendarDateOf(clock.now());
}

/** A calendar date `YYYY-MM-DD` that exists. */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}
