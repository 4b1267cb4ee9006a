import { describe, expect, it } from 'vitest';
import { computeRetryAt, computeRetryDelayMs, pendingRetryOf } from '../../../src/core/policies/retry-policy.ts';
import type { RetryPolicy } from '../../../src/core/policies/run-policies.ts';
import { at, MINUTE_MS, SECOND_MS } from '../../support/instants.ts';
import { aTaskRow, aTaskSettings } from '../../support/task-row-builder.ts';

const exponential: RetryPolicy = { attempts: 6, backoff: 'exponential', delayDuration: 'PT10S', maxDelayDuration: 'PT1M' };

describe('computeRetryDelayMs', () => {
  it('waits the same delay before every attempt when fixed', () => {
    const fixed: RetryPolicy = { attempts: 5, backoff: 'fixed', delayDuration: 'PT10S' };

    expect([2, 3, 4].map((attempt) => computeRetryDelayMs(fixed, attempt))).toEqual([10 * SECOND_MS, 10 * SECOND_MS, 10 * SECOND_MS]);
  });

  it('doubles the delay per attempt when exponential, up to the maximum', () => {
    const delays = [2, 3, 4, 5, 6].map((attempt) => computeRetryDelayMs(exponential, attempt));

    expect(delays).toEqual([10, 20, 40, 60, 60].map((seconds) => seconds * SECOND_MS));
  });
});

describe('computeRetryAt', () => {
  const now = at('2025-01-15T12:00:30Z');

  it('gives the next attempt its delay after now', () => {
    expect(computeRetryAt(exponential, 3, now, at('2025-01-15T13:00:00Z'))).toBe(now + 20 * SECOND_MS);
  });

  it('gives no attempt beyond the policy\'s attempts', () => {
    expect(computeRetryAt(exponential, 7, now, null)).toBeUndefined();
  });

  it('gives no attempt that would fall at or after the next occurrence', () => {
    expect(computeRetryAt(exponential, 2, now, now + 10 * SECOND_MS)).toBeUndefined();
  });

  it('retries a manual task, which has no next occurrence to run into', () => {
    expect(computeRetryAt(exponential, 2, now, null)).toBe(now + 10 * SECOND_MS);
  });

  it('gives nothing without a policy', () => {
    expect(computeRetryAt(undefined, 2, now, null)).toBeUndefined();
  });
});

describe('pendingRetryOf', () => {
  const withRetry = aTaskSettings({ retry: exponential });

  it('holds while the next run is the attempt the state was made for', () => {
    const retry = { attempt: 2, occurrenceAt: at('2025-01-15T12:00:00Z'), at: at('2025-01-15T12:01:00Z') };

    expect(pendingRetryOf(aTaskRow({ settings: withRetry, nextRunAt: retry.at, policyState: { retry } }))).toEqual(retry);
  });

  it('lapses once a deployment dropped the policy', () => {
    const retry = { attempt: 2, occurrenceAt: at('2025-01-15T12:00:00Z'), at: at('2025-01-15T12:01:00Z') };

    expect(pendingRetryOf(aTaskRow({ nextRunAt: retry.at, policyState: { retry } }))).toBeUndefined();
  });

  it('lapses once something else moved the next run (a trigger, a PUT, a resume)', () => {
    const retry = { attempt: 2, occurrenceAt: at('2025-01-15T12:00:00Z'), at: at('2025-01-15T12:01:00Z') };

    expect(pendingRetryOf(aTaskRow({ settings: withRetry, nextRunAt: retry.at + MINUTE_MS, policyState: { retry } }))).toBeUndefined();
  });
});
