import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, Max, Min } from 'class-validator';

/**
 * A point in a stream's past: after the event at `revision`, or at the instant
 * `asOf` (the events whose `metadata.occurredAt` — the moment the command was
 * accepted, covered by the hash chain — is at or before it). The stream as it
 * stood then is the longest run of events from the start that all fall within
 * it — a prefix, never a selection, so the fold is exactly what the system knew
 * then even if the clocks of two writers disagreed; the event store makes that
 * cut (`readStream`'s `occurredBy`).
 */
export interface PointInTime {
  asOf?: Date;
  revision?: number;
}

/** `?asOf=` and `?revision=` on reads that can look into the past. */
export class TimeTravelQueryDto {
  @ApiPropertyOptional({
    example: '2025-03-01T12:00:00+01:00',
    description:
      'An ISO-8601 instant with time zone, or a date (YYYY-MM-DD: the end of that day in Sweden): the state as it stood then, from the events that occurred at or before it',
  })
  @IsOptional()
  @IsISO8601(
    { strict: true, strictSeparator: true },
    { message: '$property must be an ISO-8601 instant with time zone or a date, e.g. 2025-03-01T12:00:00+01:00 or 2025-03-01' },
  )
  asOf?: string;

  @ApiPropertyOptional({ minimum: 0, description: 'The question as it stood after the event at this revision (0 = as raised)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  revision?: number;
}

/**
 * The instant meant by `?asOf=`: an instant must name its time zone, so that it
 * cannot mean two moments; a bare date means the end of that day in Sweden
 * ("what did Karlstad owe on 1 March" includes what happened on 1 March).
 */
export function parseAsOf(text: string): Date | undefined {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (date) return endOfSwedishDay(Number(date[1]), Number(date[2]), Number(date[3]));
  if (!/T/.test(text) || !/(Z|[+-]\d{2}:?\d{2})$/i.test(text)) return undefined;
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : new Date(time);
}

const stockholmClock = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The last millisecond of a calendar day in Sweden (CET or CEST, whichever is in force at midnight). */
function endOfSwedishDay(year: number, month: number, day: number): Date | undefined {
  const nextMidnightUtc = Date.UTC(year, month - 1, day + 1);
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return undefined;
  for (const offsetHours of [1, 2]) {
    const candidate = nextMidnightUtc - offsetHours * 3_600_000;
    const parts = stockholmClock.formatToParts(new Date(candidate));
    const hour = parts.find((part) => part.type === 'hour')?.value;
    const minute = parts.find((part) => part.type === 'minute')?.value;
    if (hour === '00' && minute === '00') return new Date(candidate - 1);
  }
  return undefined;
}
