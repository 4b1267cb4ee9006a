import { describe, expect, it } from 'vitest';
import { describeCadence } from '../../src/core/cadence-description.ts';

describe('describeCadence', () => {
  it('says a manual task runs only when triggered', () => {
    expect(describeCadence('manual')).toBe('only when triggered');
  });

  it.each([
    ['PT10M', 'every 10 minutes'],
    ['PT1H', 'every hour'],
    ['PT1H30M', 'every 1 hour and 30 minutes'],
    ['P1D', 'every day'],
    ['PT15S', 'every 15 seconds'],
    ['P1W', 'every week'],
  ])('puts the ISO duration %s as "%s"', (cadence, words) => {
    expect(describeCadence(cadence)).toBe(words);
  });

  it.each([
    ['*/10 * * * *', 'every 10 minutes'],
    ['* * * * *', 'every minute'],
    ['0 * * * *', 'every hour'],
    ['15 * * * *', 'every hour at minute 15'],
    ['0 */6 * * *', 'every 6 hours'],
    ['30 */2 * * *', 'every 2 hours at minute 30'],
    ['*/15 * * * * *', 'every 15 seconds'],
    ['* * * * * *', 'every second'],
    ['0 * * * * *', 'every minute'],
  ])('puts the interval %s as "%s", with no zone', (cadence, words) => {
    expect(describeCadence(cadence, 'Europe/Berlin')).toBe(words);
  });

  it('names the zone of a time of day', () => {
    expect(describeCadence('0 3 * * 1-5', 'Europe/Berlin')).toBe('at 03:00 Europe/Berlin on weekdays');
  });

  it('says UTC when a cron task has no zone', () => {
    expect(describeCadence('0 3 * * *')).toBe('at 03:00 UTC every day');
  });

  it.each([
    ['0 9,17 * * *', 'at 09:00 and 17:00 UTC every day'],
    ['30 0 3 * * *', 'at 03:00:30 UTC every day'],
    ['0 3 * * 0,6', 'at 03:00 UTC on weekends'],
    ['0 3 * * MON-FRI', 'at 03:00 UTC on weekdays'],
    ['0 3 * * 1', 'at 03:00 UTC on Mondays'],
    ['0 3 * * 1,3,5', 'at 03:00 UTC on Mondays, Wednesdays and Fridays'],
    ['0 3 * * 1-4', 'at 03:00 UTC from Monday to Thursday'],
    ['0 3 * * 7', 'at 03:00 UTC on Sundays'],
    ['0 0 1 * *', 'at 00:00 UTC on the 1st of every month'],
    ['0 0 1,15 * *', 'at 00:00 UTC on the 1st and 15th of every month'],
    ['0 0 1 1 *', 'at 00:00 UTC on 1 January'],
    ['0 0 L * *', 'at 00:00 UTC on the last day of every month'],
    ['0 0 * 6-8 *', 'at 00:00 UTC every day in June, July and August'],
    ['0 9-17 * * 1-5', 'every hour from 09:00 to 17:00 UTC on weekdays'],
    ['*/5 9 * * *', 'every 5 minutes from 09:00 to 09:59 UTC every day'],
  ])('puts the time of day %s as "%s"', (cadence, words) => {
    expect(describeCadence(cadence)).toBe(words);
  });

  it('gives the days of an interval with its zone, since days depend on it', () => {
    expect(describeCadence('*/5 * * * 1-5', 'America/New_York')).toBe('every 5 minutes on weekdays (America/New_York)');
  });

  it.each([
    ['@hourly', 'every hour'],
    ['@daily', 'at 00:00 UTC every day'],
    ['@weekly', 'at 00:00 UTC on Sundays'],
    ['@monthly', 'at 00:00 UTC on the 1st of every month'],
    ['@yearly', 'at 00:00 UTC on 1 January'],
    ['@weekdays', 'at 00:00 UTC on weekdays'],
  ])('spells out the macro %s as "%s"', (cadence, words) => {
    expect(describeCadence(cadence)).toBe(words);
  });

  it.each([
    ['5/10 * * * *'],
    ['0 3 1 * 1'],
    ['0 3 * * 5L'],
    ['0 3 * * 1#2'],
    ['0,30 0,6,12,18 * * *'],
    ['0 3 */2 * *'],
  ])('falls back to the raw expression %s when words would mislead', (cadence) => {
    expect(describeCadence(cadence)).toBe(cadence);
  });
});
