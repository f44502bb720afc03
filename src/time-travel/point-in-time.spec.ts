import { parseAsOf } from './point-in-time';

describe('parseAsOf', () => {
  it.each([
    ['2025-03-01', '2025-03-01T22:59:59.999Z'],
    ['2025-07-01', '2025-07-01T21:59:59.999Z'],
    ['2025-03-30', '2025-03-30T21:59:59.999Z'],
    ['2025-10-26', '2025-10-26T22:59:59.999Z'],
    ['2025-03-01T12:00:00+01:00', '2025-03-01T11:00:00.000Z'],
    ['2025-03-01T12:00:00.250Z', '2025-03-01T12:00:00.250Z'],
  ])('%s means %s (a date: the end of that day in Sweden)', (text, instant) => {
    expect(parseAsOf(text)?.toISOString()).toBe(instant);
  });

  it.each(['2025-02-30', '2025-03-01T12:00:00', 'yesterday', ''])('refuses %j', (text) => {
    expect(parseAsOf(text)).toBeUndefined();
  });
});
