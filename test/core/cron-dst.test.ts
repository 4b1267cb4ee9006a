import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeCronProblem, nextCronFireAfter } from '../../src/core/cron.ts';

/**
 * Golden tables for cron across daylight-saving changes, in the zones where schedulers break.
 * Each change was checked against the tz database (Intl) before it was written down:
 * New York 2025-03-09T07:00Z / 11-02T06:00Z; London 03-30T01:00Z / 10-26T01:00Z; Santiago
 * (at midnight) 04-06T03:00Z / 09-07T04:00Z; Lord Howe (30 minutes) 04-05T15:00Z /
 * 10-04T15:30Z; Apia skipped 2011-12-30 (10:00Z, -10 to +14); Casablanca (Ramadan)
 * 02-23T02:00Z back / 04-06T02:00Z forward.
 */

const at = (iso: string) => Date.parse(iso);
const iso = (instant: number) => new Date(instant).toISOString();

/** The next `count` fires after `afterIso`, as ISO strings. */
function firesAfter(expression: string, zone: string, afterIso: string, count: number): string[] {
  const fires: string[] = [];
  let after = at(afterIso);
  for (let index = 0; index < count; index++) fires.push(iso((after = nextCronFireAfter(expression, zone, after))));
  return fires;
}

describe('a fixed-time job in the spring gap', () => {
  it.each([
    ['New York 02:30', '30 2 * * *', 'America/New_York', '2025-03-08T12:00:00Z', '2025-03-09T07:00:00.000Z'],
    ['Berlin 02:30', '30 2 * * *', 'Europe/Berlin', '2025-03-29T12:00:00Z', '2025-03-30T01:00:00.000Z'],
    ['London 01:30', '30 1 * * *', 'Europe/London', '2025-03-29T12:00:00Z', '2025-03-30T01:00:00.000Z'],
    ['Santiago midnight, which the change at midnight removes', '0 0 * * *', 'America/Santiago', '2025-09-06T12:00:00Z', '2025-09-07T04:00:00.000Z'],
    ['Lord Howe 02:15, inside the 30-minute gap', '15 2 * * *', 'Australia/Lord_Howe', '2025-10-04T12:00:00Z', '2025-10-04T15:30:00.000Z'],
    ['Casablanca 02:30 when Ramadan time ends', '30 2 * * *', 'Africa/Casablanca', '2025-04-05T12:00:00Z', '2025-04-06T02:00:00.000Z'],
    ['Apia noon on 2011-12-30, a day that never happened', '0 12 * * *', 'Pacific/Apia', '2011-12-29T23:00:00Z', '2011-12-30T10:00:00.000Z'],
    ['Berlin 02:30:30, with seconds', '30 30 2 * * *', 'Europe/Berlin', '2025-03-29T12:00:00Z', '2025-03-30T01:00:00.000Z'],
  ])('runs once, at the first valid instant after the gap: %s', (_name, expression, zone, after, expected) => {
    const [first, second] = firesAfter(expression, zone, after, 2);

    expect(first).toBe(expected);
    expect(at(second!) - at(first!)).toBeGreaterThanOrEqual(12 * 3_600_000);
  });
});

describe('a fixed-time job in the repeated autumn hour', () => {
  it.each([
    ['New York 01:30', '30 1 * * *', 'America/New_York', '2025-11-01T12:00:00Z', ['2025-11-02T05:30:00.000Z', '2025-11-03T06:30:00.000Z']],
    ['Berlin 02:30', '30 2 * * *', 'Europe/Berlin', '2025-10-25T12:00:00Z', ['2025-10-26T00:30:00.000Z', '2025-10-27T01:30:00.000Z']],
    ['London 01:30', '30 1 * * *', 'Europe/London', '2025-10-25T12:00:00Z', ['2025-10-26T00:30:00.000Z', '2025-10-27T01:30:00.000Z']],
    ['Santiago 23:30, the hour before midnight repeats', '30 23 * * *', 'America/Santiago', '2025-04-05T12:00:00Z', ['2025-04-06T02:30:00.000Z', '2025-04-07T03:30:00.000Z']],
    ['Lord Howe 01:45, in the repeated half hour', '45 1 * * *', 'Australia/Lord_Howe', '2025-04-05T12:00:00Z', ['2025-04-05T14:45:00.000Z', '2025-04-06T15:15:00.000Z']],
    ['Casablanca 02:30 when Ramadan time starts', '30 2 * * *', 'Africa/Casablanca', '2025-02-22T12:00:00Z', ['2025-02-23T01:30:00.000Z', '2025-02-24T02:30:00.000Z']],
  ])('runs once, at the first of the two: %s', (_name, expression, zone, after, expected) => {
    expect(firesAfter(expression, zone, after, 2)).toEqual(expected);
  });

  it('does not run again when asked from inside the repeated hour', () => {
    // 05:45Z is 01:45 EDT, the first pass; 01:30 EST (06:30Z) must not fire.
    expect(iso(nextCronFireAfter('30 1 * * *', 'America/New_York', at('2025-11-02T05:45:00Z')))).toBe('2025-11-03T06:30:00.000Z');
  });
});

describe('an interval pattern across a change', () => {
  it.each([
    ['New York spring', '*/30 * * * *', 'America/New_York', '2025-03-09T06:15:00Z', ['06:30', '07:00', '07:30']],
    ['New York autumn', '*/30 * * * *', 'America/New_York', '2025-11-02T05:15:00Z', ['05:30', '06:00', '06:30', '07:00']],
    ['Lord Howe spring', '*/15 * * * *', 'Australia/Lord_Howe', '2025-10-04T15:00:00Z', ['15:15', '15:30', '15:45']],
    ['Lord Howe autumn', '*/15 * * * *', 'Australia/Lord_Howe', '2025-04-05T14:30:00Z', ['14:45', '15:00', '15:15', '15:30']],
    ['Berlin hourly', '0 * * * *', 'Europe/Berlin', '2025-03-30T00:00:00Z', ['01:00', '02:00']],
    ['Berlin every 20 seconds', '*/20 * * * * *', 'Europe/Berlin', '2025-03-30T00:59:20Z', ['00:59', '01:00', '01:00']],
  ])('keeps its absolute rhythm: %s', (_name, expression, zone, after, expectedTimes) => {
    const fires = firesAfter(expression, zone, after, expectedTimes.length);

    expect(fires.map((fire) => fire.slice(11, 16))).toEqual(expectedTimes);
    const gaps = fires.slice(1).map((fire, index) => at(fire) - at(fires[index]!));
    expect(new Set(gaps).size).toBe(1);
  });

  it('fires every 15 minutes of absolute time, in every zone, all year', () => {
    const zones = ['America/New_York', 'Europe/Berlin', 'Europe/London', 'America/Santiago', 'Australia/Lord_Howe', 'Pacific/Apia', 'Africa/Casablanca', 'Asia/Kathmandu'];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: at('2025-01-01T00:00:00Z'), max: at('2025-12-31T00:00:00Z') }), (zone, start) => {
        let previous = nextCronFireAfter('*/15 * * * *', zone, start);
        for (let index = 0; index < 12; index++) {
          const next = nextCronFireAfter('*/15 * * * *', zone, previous);
          expect(next - previous).toBe(15 * 60_000);
          previous = next;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('fires a daily job once per local day, in every zone, all year', () => {
    const zones = ['America/New_York', 'America/Santiago', 'Australia/Lord_Howe', 'Africa/Casablanca', 'Europe/London'];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: at('2025-01-01T00:00:00Z'), max: at('2025-12-01T00:00:00Z') }), fc.integer({ min: 0, max: 23 }), (zone, start, hour) => {
        const fires = [nextCronFireAfter(`0 ${hour} * * *`, zone, start)];
        for (let index = 0; index < 30; index++) fires.push(nextCronFireAfter(`0 ${hour} * * *`, zone, fires.at(-1)!));
        const localDates = fires.map((fire) => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(fire));
        expect(new Set(localDates).size).toBe(fires.length);
      }),
      { numRuns: 100 },
    );
  });
});

describe('calendar edge cases', () => {
  it('runs a leap-day job only on 29 February', () => {
    expect(firesAfter('0 0 29 2 *', 'UTC', '2025-03-01T00:00:00Z', 2)).toEqual(['2028-02-29T00:00:00.000Z', '2032-02-29T00:00:00.000Z']);
  });

  it('refuses a date that never comes, 31 February', () => {
    expect(describeCronProblem('0 0 31 2 *', undefined)).toMatch(/invalid/);
  });

  it('runs Lord Howe daily noon on both sides of its 30-minute change', () => {
    expect(firesAfter('0 12 * * *', 'Australia/Lord_Howe', '2025-10-04T02:00:00Z', 2)).toEqual([
      '2025-10-05T01:00:00.000Z',
      '2025-10-06T01:00:00.000Z',
    ]);
  });
});
