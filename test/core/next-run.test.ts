import { describe, expect, it } from 'vitest';
import {
  computeFirstRun,
  computeInitialWaitEnd,
  computeNaturalNextRun,
  computeNextRun,
} from '../../src/core/next-run.ts';
import { at, HOUR_MS, MINUTE_MS } from '../support/instants.ts';
import { aTaskSettings } from '../support/task-row-builder.ts';

describe('computeFirstRun', () => {
  it('waits out the initial delay', () => {
    const settings = aTaskSettings({ cadence: 'PT5M', initialDelayDuration: 'PT2M' });

    const firstRun = computeFirstRun(settings, at('2025-01-15T10:30:00Z'));

    expect(firstRun).toBe(at('2025-01-15T10:32:00Z'));
  });

  it('waits out the initial delay of a cron task instead of its next fire, as Backstage does', () => {
    const settings = aTaskSettings({ cadence: '0 * * * *', initialDelayDuration: 'PT1M' });

    const firstRun = computeFirstRun(settings, at('2025-01-15T10:30:00Z'));

    expect(firstRun).toBe(at('2025-01-15T10:31:00Z'));
  });

  it('starts a cron task at its next fire', () => {
    const settings = aTaskSettings({ cadence: '0 * * * *' });

    const firstRun = computeFirstRun(settings, at('2025-01-15T10:30:00Z'));

    expect(firstRun).toBe(at('2025-01-15T11:00:00Z'));
  });

  it('starts a duration task at once', () => {
    const settings = aTaskSettings({ cadence: 'PT5M' });

    const firstRun = computeFirstRun(settings, at('2025-01-15T10:30:00Z'));

    expect(firstRun).toBe(at('2025-01-15T10:30:00Z'));
  });

  it('never starts a manual task, even with an initial delay', () => {
    const settings = aTaskSettings({ cadence: 'manual', initialDelayDuration: 'PT1M' });

    const firstRun = computeFirstRun(settings, at('2025-01-15T10:30:00Z'));

    expect(firstRun).toBeNull();
  });
});

describe('computeNaturalNextRun', () => {
  it('gives a cron task its next fire', () => {
    const settings = aTaskSettings({ cadence: '*/10 * * * *' });

    const next = computeNaturalNextRun(settings, at('2025-01-15T10:31:00Z'));

    expect(next).toBe(at('2025-01-15T10:40:00Z'));
  });

  it('gives a duration task one period from now', () => {
    const settings = aTaskSettings({ cadence: 'PT5M' });

    const next = computeNaturalNextRun(settings, at('2025-01-15T10:31:00Z'));

    expect(next).toBe(at('2025-01-15T10:36:00Z'));
  });

  it('gives a manual task no next run', () => {
    const settings = aTaskSettings({ cadence: 'manual' });

    const next = computeNaturalNextRun(settings, at('2025-01-15T10:31:00Z'));

    expect(next).toBeNull();
  });
});

describe('computeNextRun', () => {
  it('runs a duration task one period after its previous due time, not after the run ended', () => {
    const settings = aTaskSettings({ cadence: 'PT5M' });

    const next = computeNextRun(settings, at('2025-01-15T10:00:00Z'), at('2025-01-15T10:02:00Z'));

    expect(next).toBe(at('2025-01-15T10:05:00Z'));
  });

  it('runs a duration task now rather than in the past after downtime, so missed runs cause no burst', () => {
    const settings = aTaskSettings({ cadence: 'PT5M' });

    const next = computeNextRun(settings, at('2025-01-15T10:00:00Z'), at('2025-01-15T13:17:00Z'));

    expect(next).toBe(at('2025-01-15T13:17:00Z'));
  });

  it('runs a duration task one period from now when it has no previous due time', () => {
    const settings = aTaskSettings({ cadence: 'PT5M' });

    const next = computeNextRun(settings, null, at('2025-01-15T10:02:00Z'));

    expect(next).toBe(at('2025-01-15T10:07:00Z'));
  });

  it('runs a cron task at its first fire after now', () => {
    const settings = aTaskSettings({ cadence: '0 * * * *' });

    const next = computeNextRun(settings, at('2025-01-15T10:00:00Z'), at('2025-01-15T10:02:00Z'));

    expect(next).toBe(at('2025-01-15T11:00:00Z'));
  });

  it('runs a cron task at its first fire after now after downtime, skipping the missed fires', () => {
    const settings = aTaskSettings({ cadence: '0 * * * *' });

    const next = computeNextRun(settings, at('2025-01-15T10:00:00Z'), at('2025-01-15T13:17:00Z'));

    expect(next).toBe(at('2025-01-15T14:00:00Z'));
  });

  it('runs a cron task after its previous due time when now is earlier, so one fire never runs twice', () => {
    const settings = aTaskSettings({ cadence: '0 * * * *' });

    const next = computeNextRun(settings, at('2025-01-15T11:00:00Z'), at('2025-01-15T10:59:59.990Z'));

    expect(next).toBe(at('2025-01-15T12:00:00Z'));
  });

  it('gives a manual task no next run', () => {
    const settings = aTaskSettings({ cadence: 'manual' });

    const next = computeNextRun(settings, at('2025-01-15T10:00:00Z'), at('2025-01-15T10:02:00Z'));

    expect(next).toBeNull();
  });
});

describe('computeNextRun across daylight saving time', () => {
  // Golden table: each cron task has just run; the expected instant is its next fire in UTC.
  it.each([
    ['puts 03:00 Berlin on the day clocks go forward at 01:00Z', '0 3 * * *', 'Europe/Berlin', '2025-03-29T12:00:00Z', '2025-03-30T01:00:00Z'],
    ['runs 02:30 Berlin, which the spring gap skips, once at the first instant after the gap', '30 2 * * *', 'Europe/Berlin', '2025-03-29T12:00:00Z', '2025-03-30T01:00:00Z'],
    ['puts 02:30 Berlin the day after the spring gap back at 00:30Z', '30 2 * * *', 'Europe/Berlin', '2025-03-30T12:00:00Z', '2025-03-31T00:30:00Z'],
    ['runs 02:30 Berlin, which repeats when clocks fall back, first in summer time', '30 2 * * *', 'Europe/Berlin', '2025-10-25T12:00:00Z', '2025-10-26T00:30:00Z'],
    ['does not run 02:30 Berlin again in the repeated hour', '30 2 * * *', 'Europe/Berlin', '2025-10-26T00:30:00Z', '2025-10-27T01:30:00Z'],
    ['runs hourly Berlin one hour after 01:00, across the missing 02:00', '0 * * * *', 'Europe/Berlin', '2025-03-30T00:00:00Z', '2025-03-30T01:00:00Z'],
    ['runs hourly New York in both 01:00 hours when clocks fall back', '0 * * * *', 'America/New_York', '2025-11-02T05:00:00Z', '2025-11-02T06:00:00Z'],
    ['runs 01:00 New York daily once on the day clocks fall back', '0 1 * * *', 'America/New_York', '2025-11-02T05:00:00Z', '2025-11-03T06:00:00Z'],
  ])('%s', (_label, cadence, timeZone, ranAt, expected) => {
    const settings = aTaskSettings({ cadence, timeZone });

    const next = computeNextRun(settings, at(ranAt), at(ranAt));

    expect(next).toBe(at(expected));
  });
});

describe('computeInitialWaitEnd', () => {
  it('ends the initial delay after the worker started', () => {
    const settings = aTaskSettings({ initialDelayDuration: 'PT1H' });

    const end = computeInitialWaitEnd(settings, at('2025-01-15T10:00:00Z'));

    expect(end).toBe(at('2025-01-15T10:00:00Z') + HOUR_MS);
  });

  it('ends when the worker started for a task without an initial delay', () => {
    const settings = aTaskSettings();

    const end = computeInitialWaitEnd(settings, at('2025-01-15T10:00:00Z'));

    expect(end).toBe(at('2025-01-15T10:00:00Z'));
  });

  it('ends when the worker started for a zero initial delay', () => {
    const settings = aTaskSettings({ initialDelayDuration: 'PT0S' });

    const end = computeInitialWaitEnd(settings, at('2025-01-15T10:00:00Z') + MINUTE_MS);

    expect(end).toBe(at('2025-01-15T10:01:00Z'));
  });
});
