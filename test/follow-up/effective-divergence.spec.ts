import type { RecordedEvent } from '../../src/event-store/event-store.port';
import { EFFECTIVE_TIME, countsOnAnotherDay } from '../../src/follow-up/effective-time';
import {
  HistoryChanges,
  type HistoryClock,
  type HistoryRow,
  IN_FORCE,
  type QuestionVersionRow,
  RECORDED_TIME,
  emptyHistory,
  historyThrough,
} from '../../src/follow-up/obligation-history';
import { calendarDateOf } from '../../src/shared-kernel/calendar';
import { parseAsOf } from '../../src/time-travel/contract';
import { lifeOfAQuestion } from './question-story';

/**
 * follow-up-effective-history writes rows only for the questions that diverge
 * (an event that counts on another day in effective time than in recorded
 * time); the others are read from follow-up-history cut at the end of the day
 * (follow-up-effective-history.projection.ts). These tests pin the rule, and
 * that for a question that does not diverge the full effective history — what
 * the projection wrote for every question before — answers every day as the
 * recorded one does at that day's end.
 */
const recordedAt = (occurredAt: string, effectiveOn?: string) =>
  ({ metadata: { occurredAt, ...(effectiveOn !== undefined ? { effectiveOn } : {}) } }) as RecordedEvent;

describe('which events count on another day (countsOnAnotherDay)', () => {
  it.each([
    ['recorded before effective dates were stored (no effectiveOn)', '2025-03-10T09:00:00.000Z', undefined, false],
    ['on the day it was recorded', '2025-03-10T09:00:00.000Z', '2025-03-10', false],
    ['at 00:30 in Sweden, named by the Swedish date', '2025-03-10T23:30:00.000Z', '2025-03-11', false],
    ['at 00:30 in Sweden, named by the UTC date (a clock in another zone)', '2025-03-10T23:30:00.000Z', '2025-03-10', true],
    ['entered in April for a step of January (backdated, or imported)', '2025-04-15T08:00:00.000Z', '2025-01-13', true],
    ['on the last millisecond of the day summer time begins', '2025-03-30T21:59:59.999Z', '2025-03-30', false],
    ['on the first millisecond of the day after', '2025-03-30T22:00:00.000Z', '2025-03-30', true],
    ['on the last millisecond of the day summer time ends', '2025-10-26T22:59:59.999Z', '2025-10-26', false],
  ])('given an event recorded %s (%s, effectiveOn %s), then it diverges: %s', (_case, occurredAt, effectiveOn, diverges) => {
    expect(countsOnAnotherDay(recordedAt(occurredAt, effectiveOn))).toBe(diverges);
  });

  it.each(['2024-12-31', '2025-03-29', '2025-03-30', '2025-03-31', '2025-10-25', '2025-10-26', '2025-10-27'])(
    'the end of %s (the instant ?asOf=<date> and the effective clock name) is its last millisecond in Sweden',
    (day) => {
      const end = parseAsOf(day)!;
      // An instant is at or before the end of D exactly when its day is D or earlier: the recorded cut there takes the days up to D.
      expect(calendarDateOf(end)).toBe(day);
      expect(calendarDateOf(new Date(end.getTime() + 1))).toBe(shiftDay(day, 1));
      expect(EFFECTIVE_TIME(recordedAt(end.toISOString()))).toBe(end.toISOString());
    },
  );
});

describe('a question that does not diverge, in effect on a day, is the question as recorded by its end', () => {
  /** Every row a history writes through the events, from an empty table. */
  const historyOf = (events: RecordedEvent[], clock: HistoryClock) => {
    const changes = new HistoryChanges();
    historyThrough(emptyHistory(events[0].streamId.slice('question-'.length)), events, changes, clock);
    return {
      rows: [...changes.rows.values()].flatMap(({ after }) => (after ? [after] : [])),
      questions: [...changes.questions.values()].flatMap(({ row }) => (row ? [row] : [])),
    };
  };
  /** What a reader takes at `at`: the versions in force (without their validity) and the question's stage and revision. */
  const cutAt = ({ rows, questions }: ReturnType<typeof historyOf>, at: Date) => {
    const ms = at.getTime();
    const inForce = rows
      .filter((row) => Date.parse(row.valid_from) <= ms && (row.valid_to === IN_FORCE || Date.parse(row.valid_to) > ms))
      .map(({ valid_from: _from, valid_to: _to, ...row }: HistoryRow) => row)
      .sort((a, b) => (a.obligation_key < b.obligation_key ? -1 : 1));
    const run = questions.filter((row) => Date.parse(row.valid_from) <= ms).sort((a, b) => Date.parse(b.valid_from) - Date.parse(a.valid_from))[0] as
      QuestionVersionRow | undefined;
    const seen = run ? run.instants.filter((instant) => Date.parse(instant) <= ms).length : 0;
    return { inForce, stage: run?.stage ?? null, revision: run ? run.revisions[seen - 1] : null };
  };
  /** Every day from the day before the first event to the day after the last, in Sweden. */
  const daysOf = (events: RecordedEvent[]) => {
    const days = events.map((event) => calendarDateOf(event.metadata.occurredAt)).sort();
    const all: string[] = [];
    for (let day = shiftDay(days[0], -1); day <= shiftDay(days[days.length - 1], 1); day = shiftDay(day, 1)) all.push(day);
    return all;
  };
  /** The question's events recorded at `instants` in turn instead (effectiveOn as the write path stores it without a day named: the Swedish day). */
  const recordedOn = (events: RecordedEvent[], instants: string[], effectiveOn = (instant: string) => calendarDateOf(instant)) =>
    events.map((event, i) => {
      const occurredAt = instants[i % instants.length];
      return { ...event, metadata: { ...event.metadata, occurredAt, effectiveOn: effectiveOn(occurredAt) } };
    });
  /** Clocks across midnight in Sweden and back, two at one instant, across the start of summer time; each round of them five days later. */
  const aroundMidnight = [
    '2025-03-27T22:30:00.000Z',
    '2025-03-27T23:30:00.000Z',
    '2025-03-27T22:45:00.000Z',
    '2025-03-27T22:45:00.000Z',
    '2025-03-28T10:00:00.000Z',
    '2025-03-28T09:00:00.000Z',
    '2025-03-28T22:59:59.999Z',
    '2025-03-28T23:00:00.000Z',
    '2025-03-29T22:59:59.999Z',
    '2025-03-29T23:00:00.000Z',
    '2025-03-30T21:59:59.999Z',
    '2025-03-30T22:00:00.000Z',
    '2025-03-30T21:00:00.000Z',
  ];
  const spread = (events: RecordedEvent[]) =>
    events.map((_, i) =>
      new Date(Date.parse(aroundMidnight[i % aroundMidnight.length]) + Math.floor(i / aroundMidnight.length) * 5 * 86_400_000).toISOString(),
    );

  it.each([
    ['recorded at 10:00 UTC, some clocks going back (the batch tests’ story)', (events: RecordedEvent[]) => events],
    ['its clocks going back and forth across midnight and the start of summer time', (events: RecordedEvent[]) => recordedOn(events, spread(events))],
    [
      'recorded before effective dates were stored (no effectiveOn)',
      (events: RecordedEvent[]) => recordedOn(events, spread(events)).map((event) => ({ ...event, metadata: { ...event.metadata, effectiveOn: undefined } })),
    ],
  ])('given a question %s, then every day the full effective history answers as the recorded one at the end of the day', (_case, clocks) => {
    const events = clocks(lifeOfAQuestion());
    expect(events.some(countsOnAnotherDay)).toBe(false);
    const effective = historyOf(events, EFFECTIVE_TIME);
    const recorded = historyOf(events, RECORDED_TIME);
    let versionsSeen = 0;
    for (const day of daysOf(events)) {
      const end = parseAsOf(day)!;
      const inEffect = cutAt(effective, end);
      expect({ day, ...inEffect }).toEqual({ day, ...cutAt(recorded, end) });
      versionsSeen += inEffect.inForce.length;
    }
    expect(versionsSeen).toBeGreaterThan(20);
  });

  it('given the same question with every step entered the day after it happened, then some day tells them apart (the rule is needed)', () => {
    const events = lifeOfAQuestion();
    const backdated = recordedOn(events, spread(events), (instant) => shiftDay(calendarDateOf(instant), -1));
    expect(backdated.every(countsOnAnotherDay)).toBe(true);
    const effective = historyOf(backdated, EFFECTIVE_TIME);
    const recorded = historyOf(backdated, RECORDED_TIME);
    const differ = daysOf(backdated).filter((day) => JSON.stringify(cutAt(effective, parseAsOf(day)!)) !== JSON.stringify(cutAt(recorded, parseAsOf(day)!)));
    expect(differ.length).toBeGreaterThan(0);
  });
});

function shiftDay(day: string, days: number): string {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}
