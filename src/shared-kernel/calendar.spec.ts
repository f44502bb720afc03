import { calendarDateOf, isCalendarDate } from './calendar';

describe('calendarDateOf: the date in Sweden of an instant', () => {
  it('turns at midnight Swedish time, winter (UTC+1) and summer (UTC+2)', () => {
    expect(calendarDateOf('2025-01-15T22:59:59Z')).toBe('2025-01-15');
    expect(calendarDateOf('2025-01-15T23:00:00Z')).toBe('2025-01-16');
    expect(calendarDateOf('2025-06-15T21:59:59Z')).toBe('2025-06-15');
    expect(calendarDateOf('2025-06-15T22:00:00Z')).toBe('2025-06-16');
  });

  it('answers the same for a remembered instant, a Date, and after the memory is emptied', () => {
    const instant = '2025-03-30T00:30:00+01:00';
    const first = calendarDateOf(instant);
    expect(calendarDateOf(instant)).toBe(first);
    expect(calendarDateOf(new Date(instant))).toBe(first);
    // More distinct instants than are kept: the memory is emptied and refilled, the answers stay right.
    for (let minute = 0; minute < 12_000; minute++) {
      const at = new Date(Date.UTC(2025, 9, 25, 20, 0) + minute * 60_000);
      expect(calendarDateOf(at.toISOString())).toBe(calendarDateOf(at));
    }
    expect(calendarDateOf(instant)).toBe('2025-03-30');
  });

  it('knows which YYYY-MM-DD strings are dates', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2025-02-29')).toBe(false);
    expect(isCalendarDate('2025-2-1')).toBe(false);
  });
});
