import { Duration } from 'luxon';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.ts';
import { toTaskSettings } from '../../../src/core/schedule-definition.ts';
import { taskSettingsSchema } from '../../../src/core/task-settings.ts';
import { catchError } from '../../support/catch-error.ts';

const schedule = (policies: Record<string, unknown>, frequency: unknown = 'PT1H') => ({ frequency, timeout: 'PT1M', ...policies });

function messageOf(policies: Record<string, unknown>, frequency?: unknown): string {
  const error = catchError(() => toTaskSettings('nightly', schedule(policies, frequency)));
  expect(error).toBeInstanceOf(InputError);
  return (error as Error).message;
}

describe('the occurrence policies of a schedule definition', () => {
  it('are stored under their settings names, durations as ISO-8601', () => {
    const settings = toTaskSettings(
      'nightly',
      schedule({
        missedRuns: { policy: 'all', grace: { hours: 2 }, limit: 5 },
        jitter: Duration.fromObject({ minutes: 5 }),
        window: { startAt: '2026-01-01T01:00:00+01:00', maxRuns: 3, skipDates: ['2026-12-25'], timeZone: 'Europe/Berlin' },
      }),
    );

    expect(settings).toStrictEqual({
      version: 2,
      cadence: 'PT1H',
      timeoutAfterDuration: 'PT1M',
      missedRuns: { policy: 'all', graceDuration: 'PT2H', limit: 5 },
      jitterDuration: 'PT5M',
      window: { startAt: '2026-01-01T00:00:00.000Z', maxRuns: 3, skipDates: ['2026-12-25'], timeZone: 'Europe/Berlin' },
    });
  });

  it('leave settings as they were when absent', () => {
    expect(toTaskSettings('nightly', schedule({}))).toStrictEqual({ version: 2, cadence: 'PT1H', timeoutAfterDuration: 'PT1M' });
  });

  it('refuse jitter as long as the cadence', () => {
    expect(messageOf({ jitter: 'PT1H' })).toBe("Invalid schedule for task 'nightly': jitter must be shorter than the cadence (PT1H)");
  });

  it('refuse jitter as long as the time between two fires of a cron', () => {
    expect(messageOf({ jitter: { minutes: 5 } }, { cron: '*/5 * * * *' })).toBe(
      "Invalid schedule for task 'nightly': jitter must be shorter than the cadence (*/5 * * * *)",
    );
  });

  it('accept jitter shorter than the time between two fires of a cron', () => {
    expect(toTaskSettings('nightly', schedule({ jitter: { minutes: 4 } }, { cron: '*/5 * * * *' }))).toMatchObject({ jitterDuration: 'PT4M' });
  });

  it('refuse an end bound that is not after the start bound', () => {
    const window = { startAt: '2026-02-01T00:00:00Z', endAt: '2026-01-01T00:00:00Z' };

    expect(messageOf({ window })).toBe("Invalid schedule for task 'nightly': window.endAt must be after window.startAt");
  });

  it('refuse a skipped range that ends before it starts', () => {
    const window = { skipRanges: [{ from: '2026-12-24', to: '2026-12-26' }, { from: '2026-01-02T10:00', to: '2026-01-02T09:00' }] };

    expect(messageOf({ window })).toBe("Invalid schedule for task 'nightly': window.skipRanges.1.to must be after window.skipRanges.1.from");
  });

  it('refuse a catch-up limit on a policy other than all', () => {
    expect(messageOf({ missedRuns: { policy: 'skip', limit: 3 } })).toBe(
      "Invalid schedule for task 'nightly': missedRuns.limit applies only to the policy 'all'",
    );
  });

  it('refuse an unknown missed-runs policy, naming the field', () => {
    expect(messageOf({ missedRuns: { policy: 'sometimes' } })).toMatch(/^Invalid schedule for task 'nightly': missedRuns\.policy /);
  });

  it('refuse a skipped date that is not a calendar date', () => {
    expect(messageOf({ window: { skipDates: ['2026-02-30'] } })).toBe(
      "Invalid schedule for task 'nightly': window.skipDates.0 must be a real calendar date",
    );
  });

  it('refuse a window zone that does not exist', () => {
    expect(messageOf({ window: { timeZone: 'Mars/Olympus' } })).toBe(
      "Invalid schedule for task 'nightly': window.timeZone must be an IANA time zone such as Europe/Berlin",
    );
  });

  it('refuse a zero jitter', () => {
    expect(messageOf({ jitter: 'PT0S' })).toBe("Invalid schedule for task 'nightly': jitter must be longer than zero");
  });
});

describe('taskSettingsSchema with occurrence policies', () => {
  it('refuses stored jitter as long as the cadence, naming the stored field', () => {
    const result = taskSettingsSchema.safeParse({ version: 2, cadence: 'PT1M', timeoutAfterDuration: 'PT1M', jitterDuration: 'PT2M' });

    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['jitterDuration', 'must be shorter than the cadence (PT1M)'],
    ]);
  });
});
