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
  return swedishCalendar.format(typeof instant === 'string' ? new Date(instant) : instant);
}

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
