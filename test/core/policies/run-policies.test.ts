import { Duration } from 'luxon';
import { describe, expect, it } from 'vitest';
import { toTaskSettings } from '../../../src/core/schedule-definition.ts';
import { taskSettingsSchema } from '../../../src/core/task-settings.ts';
import { catchError } from '../../support/catch-error.ts';

const schedule = { frequency: { minutes: 5 }, timeout: { minutes: 1 } };

/** The message of the InputError a schedule is refused with. */
function refusalOf(policies: Record<string, unknown>): string {
  return (catchError(() => toTaskSettings('nightly', { ...schedule, ...policies })) as Error).message;
}

describe('the run policies of a schedule definition', () => {
  it('store a retry policy with its durations in ISO form, fixed by default', () => {
    const settings = toTaskSettings('nightly', { ...schedule, retry: { attempts: 3, delay: { seconds: 10 }, maxDelay: Duration.fromObject({ minutes: 1 }) } });

    expect(settings.retry).toEqual({ attempts: 3, backoff: 'fixed', delayDuration: 'PT10S', maxDelayDuration: 'PT1M' });
  });

  it('take a retry policy in its stored form too, unchanged, as `GET .../tasks` lists it', () => {
    const stored = { attempts: 4, backoff: 'exponential', delayDuration: 'PT5S', maxDelayDuration: 'PT1M' };

    expect(toTaskSettings('nightly', { ...schedule, retry: stored }).retry).toEqual(stored);
  });

  it('store pauseAfterFailures as given', () => {
    expect(toTaskSettings('nightly', { ...schedule, pauseAfterFailures: 3 }).pauseAfterFailures).toBe(3);
  });

  it('leave the settings as Backstage has them when absent', () => {
    expect(Object.keys(toTaskSettings('nightly', schedule)).sort()).toEqual(['cadence', 'timeoutAfterDuration', 'version']);
  });

  it('refuse a number of attempts outside 2 to 20, naming the field', () => {
    expect(refusalOf({ retry: { attempts: 1, delay: 'PT1S' } })).toBe("Invalid schedule for task 'nightly': retry.attempts must be between 2 and 20");
    expect(refusalOf({ retry: { attempts: 21, delay: 'PT1S' } })).toBe("Invalid schedule for task 'nightly': retry.attempts must be between 2 and 20");
  });

  it('refuse an unknown backoff, a negative delay and an unknown retry field', () => {
    expect(refusalOf({ retry: { attempts: 2, backoff: 'linear', delay: 'PT1S' } })).toMatch(/retry\.backoff must be 'fixed' or 'exponential'/);
    expect(refusalOf({ retry: { attempts: 2, delay: { seconds: -1 } } })).toMatch(/retry\.delay must be zero or longer/);
    expect(refusalOf({ retry: { attempts: 2, delay: 'PT1S', tries: 3 } })).toMatch(/retry/);
  });

  it('refuse a pauseAfterFailures that is not a whole number from 1', () => {
    expect(refusalOf({ pauseAfterFailures: 0 })).toMatch(/pauseAfterFailures must be between 1 and 1000/);
    expect(refusalOf({ pauseAfterFailures: 1.5 })).toMatch(/pauseAfterFailures must be a whole number/);
  });

  it('store staleAfter as a duration or a number of cadences', () => {
    expect(toTaskSettings('nightly', { ...schedule, staleAfter: { hours: 2 } }).staleAfter).toEqual({ afterDuration: 'PT2H' });
    expect(toTaskSettings('nightly', { ...schedule, staleAfter: { cadences: 3 } }).staleAfter).toEqual({ afterCadences: 3 });
  });

  it('refuse a staleAfter of zero or of a number of cadences out of range', () => {
    expect(refusalOf({ staleAfter: 'PT0S' })).toMatch(/staleAfter must be longer than zero/);
    expect(refusalOf({ staleAfter: { cadences: 0 } })).toMatch(/staleAfter\.cadences must be between 1 and 100/);
  });

  it('store an alert webhook, on every event unless told', () => {
    expect(toTaskSettings('nightly', { ...schedule, alert: { url: 'https://alerts.example/hook' } }).alert).toEqual({
      url: 'https://alerts.example/hook',
      on: ['failure', 'stale', 'recovery'],
    });
  });

  it('refuse an alert webhook that is not http(s) or lists an unknown event', () => {
    expect(refusalOf({ alert: { url: 'ftp://alerts.example/hook' } })).toMatch(/alert\.url must be an http or https URL/);
    expect(refusalOf({ alert: { url: 'https://alerts.example/hook', on: ['success'] } })).toMatch(/alert\.on\.0 must list events among/);
  });

  it('are read back from stored settings, which are checked again', () => {
    const stored = { version: 2, cadence: 'PT5M', timeoutAfterDuration: 'PT1M', retry: { attempts: 3, backoff: 'exponential', delayDuration: 'PT1S' } };

    expect(taskSettingsSchema.parse(stored).retry?.backoff).toBe('exponential');
    expect(taskSettingsSchema.safeParse({ ...stored, retry: { ...stored.retry, attempts: 50 } }).success).toBe(false);
  });
});
