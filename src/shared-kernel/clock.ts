import { DEFAULT_TIME_ZONE } from './calendar';

/**
 * The only way code gets the time, so tests can fix it. A clock also knows the
 * time zone people read its instants in (as java.time's Clock carries its
 * zone): "today", overdue and the day of a meeting are dates there, not in UTC
 * and not in the server's zone. Pure code is handed the zone, never the clock.
 */
export interface Clock {
  now(): Date;
  /** IANA time zone calendar dates are read in, e.g. `Europe/Stockholm` (TIME_ZONE). */
  readonly timeZone: string;
}

export { DEFAULT_TIME_ZONE } from './calendar';

export const CLOCK = Symbol('CLOCK');

/** The system's clock, read in the given zone. */
export function systemClockIn(timeZone: string): Clock {
  return { now: () => new Date(), timeZone };
}

export class FixedClock implements Clock {
  constructor(
    private current: Date,
    readonly timeZone: string = DEFAULT_TIME_ZONE,
  ) {}
  now(): Date {
    return new Date(this.current);
  }
  set(instant: Date | string): void {
    this.current = new Date(instant);
  }
}
