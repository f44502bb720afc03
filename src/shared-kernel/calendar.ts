/**
 * Calendar dates as people in Värmland read them. Due dates are calendar dates
 * (`YYYY-MM-DD`); whether one has passed, and on which day a meeting falls,
 * depends on the date in the configured time zone (TIME_ZONE, default
 * Europe/Stockholm), not on UTC or the server's zone. Pure: the zone is passed
 * in (or read from the injected clock), never looked up.
 */
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
  if (typeof instant === 'string' && isUtcIsoInstant(instant)) return dateOfUtcHourText(instant, timeZone);
  return dateOfInstant(instant, timeZone);
}

function dateOfInstant(instant: string | Date, timeZone: string): string {
  return dateAt(typeof instant === 'string' ? Date.parse(instant) : instant.getTime(), timeZone);
}

function dateAt(ms: number, timeZone: string): string {
  if (Number.isNaN(ms)) return formatIn(timeZone).format(new Date(ms));
  const hour = Math.floor(ms / HOUR_MS);
  const offset = offsetThroughHour(timeZone, hour);
  if (offset === undefined) return formatIn(timeZone).format(new Date(ms));
  // A whole-hour offset keeps the date throughout the UTC hour: it is formed once per hour, not per instant.
  return offset % HOUR_MS === 0 ? dateOfHour(timeZone, hour, offset) : new Date(ms + offset).toISOString().slice(0, 10);
}

/** `YYYY-MM-DDTHH:mm:ss.sssZ`, as `toISOString` writes every stored instant: its first 13 characters name its UTC hour. */
function isUtcIsoInstant(text: string): boolean {
  return text.length === 24 && text.charCodeAt(23) === 90 /* Z */ && text.charCodeAt(10) === 84; /* T */
}

/**
 * The date of a UTC instant looked up by the text of its hour, which skips
 * parsing it: a rebuild asks the date of several instants of every event.
 * Kept only where the zone's offset is whole hours all through that hour.
 */
function dateOfUtcHourText(instant: string, timeZone: string): string {
  let hours = datesByHourText.get(timeZone);
  if (!hours) datesByHourText.set(timeZone, (hours = new Map()));
  const hourText = instant.slice(0, 13);
  const known = hours.get(hourText);
  if (known !== undefined) return known;
  const ms = Date.parse(instant);
  const date = dateAt(ms, timeZone);
  const offset = Number.isNaN(ms) ? undefined : offsetThroughHour(timeZone, Math.floor(ms / HOUR_MS));
  if (offset !== undefined && offset % HOUR_MS === 0) {
    if (hours.size >= HOURS_KEPT) hours.clear();
    hours.set(hourText, date);
  }
  return date;
}

const datesByHourText = new Map<string, Map<string, string>>();
const dates = new Map<string, Map<number, string>>();
function dateOfHour(timeZone: string, hour: number, offset: number): string {
  let hours = dates.get(timeZone);
  if (!hours) dates.set(timeZone, (hours = new Map()));
  let date = hours.get(hour);
  if (date === undefined) {
    if (hours.size >= HOURS_KEPT) hours.clear();
    hours.set(hour, (date = new Date(hour * HOUR_MS + offset).toISOString().slice(0, 10)));
  }
  return date;
}

const HOUR_MS = 3_600_000;

/**
 * The zone's offset from UTC (ms) throughout one UTC hour, or undefined if it
 * changes within that hour. Intl formatting costs microseconds a call, and
 * every event's instant is a new one (projections read the date of each
 * event's `occurredAt`), but a zone's offset changes a few times a year: it
 * is looked up once per hour and zone, and the date is then arithmetic.
 */
function offsetThroughHour(timeZone: string, hour: number): number | undefined {
  let hours = offsets.get(timeZone);
  if (!hours) offsets.set(timeZone, (hours = new Map()));
  let offset = hours.get(hour);
  if (offset === undefined && !hours.has(hour)) {
    if (hours.size >= HOURS_KEPT) hours.clear();
    const first = offsetAt(timeZone, hour * HOUR_MS);
    offset = first === offsetAt(timeZone, (hour + 1) * HOUR_MS - 1) ? first : undefined;
    hours.set(hour, offset);
  }
  return offset;
}

/** The zone's offset from UTC at `ms`: its wall clock read as if it were UTC, less the instant (whole seconds: no zone offsets by less). */
function offsetAt(timeZone: string, ms: number): number {
  const parts: Record<string, number> = {};
  for (const { type, value } of wallClockIn(timeZone).formatToParts(new Date(ms))) parts[type] = Number(value);
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return wall - (ms - (((ms % 1000) + 1000) % 1000));
}

const HOURS_KEPT = 100_000;
const offsets = new Map<string, Map<number, number | undefined>>();
const wallClocks = new Map<string, Intl.DateTimeFormat>();
function wallClockIn(timeZone: string): Intl.DateTimeFormat {
  let format = wallClocks.get(timeZone);
  if (!format) {
    const options = {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    } as const;
    wallClocks.set(timeZone, (format = new Intl.DateTimeFormat('en-US', options)));
  }
  return format;
}

/** Today's date in the clock's time zone (a Clock is such a reading; this file stays below clock.ts, which takes its default zone from here). */
export function today(clock: { now(): Date; readonly timeZone: string }): string {
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
