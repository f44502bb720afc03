import { loadConfig } from '../config/app-config';
import { calendarDateOf, isCalendarDate, isTimeZone, today } from './calendar';
import { FixedClock } from './clock';

describe('calendarDateOf: the date in Sweden of an instant', () => {
  it('turns at midnight Swedish time, winter (UTC+1) and summer (UTC+2)', () => {
    expect(calendarDateOf('2025-01-15T22:59:59Z')).toBe('2025-01-15');
    expect(calendarDateOf('2025-01-15T23:00:00Z')).toBe('2025-01-16');
    expect(calendarDateOf('2025-06-15T21:59:59Z')).toBe('2025-06-15');
    expect(calendarDateOf('2025-06-15T22:00:00Z')).toBe('2025-06-16');
  });

  it('answers the same for a string and a Date, instant after instant', () => {
    const instant = '2025-03-30T00:30:00+01:00';
    const first = calendarDateOf(instant);
    expect(calendarDateOf(instant)).toBe(first);
    expect(calendarDateOf(new Date(instant))).toBe(first);
    // Minute after minute across the autumn change of the clocks: each hour's offset is looked up once and stays right.
    for (let minute = 0; minute < 12_000; minute++) {
      const at = new Date(Date.UTC(2025, 9, 25, 20, 0) + minute * 60_000);
      expect(calendarDateOf(at.toISOString())).toBe(calendarDateOf(at));
    }
    expect(calendarDateOf(instant)).toBe('2025-03-30');
  });

  it('reads an instant in toISOString form as the same instant parsed, in zones whose offsets are not whole hours too', () => {
    for (const zone of ['Europe/Stockholm', 'Asia/Kolkata', 'America/St_Johns', 'Australia/Lord_Howe']) {
      // Every 7 minutes and 13 seconds through two autumn days, twice over: the second pass answers from what the first kept.
      for (const pass of [1, 2]) {
        for (let step = 0; step < 800; step++) {
          const at = new Date(Date.UTC(2025, 3, 5, 10, 0) + step * 433_000 + pass);
          expect([zone, at.toISOString(), calendarDateOf(at.toISOString(), zone)]).toEqual([zone, at.toISOString(), calendarDateOf(at, zone)]);
        }
      }
    }
    expect(calendarDateOf('2025-01-15T22:59:59.999Z')).toBe('2025-01-15');
    expect(calendarDateOf('2025-01-15T23:00:00.000Z')).toBe('2025-01-16');
    expect(calendarDateOf('2025-01-15T23:30:00.000Z', 'Asia/Kolkata')).toBe('2025-01-16');
    expect(calendarDateOf('2025-01-15T18:29:59.999Z', 'Asia/Kolkata')).toBe('2025-01-15');
    expect(calendarDateOf('2025-01-15T18:30:00.000Z', 'Asia/Kolkata')).toBe('2025-01-16');
  });

  it('turns at midnight on both nights the clocks change (last Sunday of March and of October)', () => {
    expect(calendarDateOf('2025-03-29T22:59:59Z')).toBe('2025-03-29');
    expect(calendarDateOf('2025-03-29T23:00:00Z')).toBe('2025-03-30');
    expect(calendarDateOf('2025-03-30T21:59:59Z')).toBe('2025-03-30');
    expect(calendarDateOf('2025-03-30T22:00:00Z')).toBe('2025-03-31');
    expect(calendarDateOf('2025-10-25T21:59:59Z')).toBe('2025-10-25');
    expect(calendarDateOf('2025-10-25T22:00:00Z')).toBe('2025-10-26');
    expect(calendarDateOf('2025-10-26T22:59:59Z')).toBe('2025-10-26');
    expect(calendarDateOf('2025-10-26T23:00:00Z')).toBe('2025-10-27');
  });

  it('reads the date in the zone it is given, and today in the clock’s zone', () => {
    expect(calendarDateOf('2025-03-13T23:30:00Z', 'UTC')).toBe('2025-03-13');
    expect(calendarDateOf('2025-03-13T23:30:00Z', 'Europe/Stockholm')).toBe('2025-03-14');
    expect(calendarDateOf('2025-03-13T23:30:00Z', 'America/New_York')).toBe('2025-03-13');
    expect(today(new FixedClock(new Date('2025-03-13T23:30:00Z')))).toBe('2025-03-14');
    expect(today(new FixedClock(new Date('2025-03-13T23:30:00Z'), 'UTC'))).toBe('2025-03-13');
  });

  it('gives the date Intl gives, in zones with half-hour offsets and with changes off the hour, across their changes', () => {
    const zones = ['Europe/Stockholm', 'America/St_Johns', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Chatham', 'UTC'];
    const wrong: string[] = [];
    for (const timeZone of zones) {
      const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
      // Every 7 minutes and 13 seconds through 2025 meets every change and every midnight in these zones.
      for (let ms = Date.UTC(2025, 0, 1); ms < Date.UTC(2026, 0, 1); ms += 433_000) {
        const at = new Date(ms + (ms % 997));
        if (calendarDateOf(at.toISOString(), timeZone) !== format.format(at)) wrong.push(`${timeZone} ${at.toISOString()}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('takes TIME_ZONE from the configuration, Europe/Stockholm by default, and refuses a zone that does not exist', () => {
    expect(loadConfig({}).timeZone).toBe('Europe/Stockholm');
    expect(loadConfig({ TIME_ZONE: 'Europe/Helsinki' }).timeZone).toBe('Europe/Helsinki');
    expect(isTimeZone('Europe/Atlantis')).toBe(false);
    expect(() => loadConfig({ TIME_ZONE: 'Europe/Atlantis' })).toThrow('TIME_ZONE must be an IANA time zone such as Europe/Stockholm, got "Europe/Atlantis"');
  });

  it('knows which YYYY-MM-DD strings are dates', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2025-02-29')).toBe(false);
    expect(isCalendarDate('2025-2-1')).toBe(false);
  });
});
