import { describe, expect, it } from 'vitest';
import type { RetryPolicy } from '../../../src/core/policies/run-policies.ts';
import { claimTask } from '../../../src/core/transitions/claim.ts';
import { completeRun } from '../../../src/core/transitions/complete.ts';
import { expireRuns } from '../../../src/core/transitions/expire.ts';
import { cancelRun } from '../../../src/core/transitions/cancel.ts';
import type { TaskRow } from '../../../src/core/task-row.ts';
import { at, MINUTE_MS, SECOND_MS } from '../../support/instants.ts';
import { aRunLease, aRunningTaskRow, aTaskSettings, aWorkerContext } from '../../support/task-row-builder.ts';

const FAILURE = '{"name":"Error","message":"boom"}';
const NOON = at('2025-01-15T12:00:00Z');
const retry: RetryPolicy = { attempts: 3, backoff: 'exponential', delayDuration: 'PT10S' };

/** A task every five minutes with `policies`, running the occurrence due at noon. */
function aRunningTaskWith(policies: Partial<TaskRow['settings']>, overrides: Partial<TaskRow> = {}): TaskRow {
  return aRunningTaskRow({ settings: aTaskSettings(policies), run: aRunLease({ ticket: 'ticket-1' }), ...overrides });
}

/** Fails the run holding the row's lease at `now`, then claims the next run when due; returns both rows. */
function failAndClaim(row: TaskRow, now: number, ticket: string): { failed: TaskRow; claimed: TaskRow } {
  const failed = completeRun(row, row.run!.ticket, now, FAILURE)!.row;
  return { failed, claimed: claimTask(failed, failed.nextRunAt!, ticket, 'schedule').row };
}

describe('a retry policy at the end of a run', () => {
  it('makes the next run of a failed occurrence its retry, after the delay', () => {
    const row = aRunningTaskWith({ retry });

    const failed = completeRun(row, 'ticket-1', NOON + SECOND_MS, FAILURE)!.row;

    expect(failed.nextRunAt).toBe(NOON + 11 * SECOND_MS);
    expect(failed.policyState).toEqual({ retry: { attempt: 2, occurrenceAt: NOON, at: NOON + 11 * SECOND_MS } });
  });

  it('claims a due retry as a retry run', () => {
    const { claimed } = failAndClaim(aRunningTaskWith({ retry }), NOON + SECOND_MS, 'ticket-2');

    expect(claimed.run).toMatchObject({ ticket: 'ticket-2', cause: 'retry', scheduledFor: NOON + 11 * SECOND_MS });
  });

  it('backs off between attempts and, once they are spent, returns to the cadence from the occurrence\'s due time', () => {
    const first = failAndClaim(aRunningTaskWith({ retry }), NOON + SECOND_MS, 'ticket-2');
    const second = failAndClaim(first.claimed, NOON + 12 * SECOND_MS, 'ticket-3');

    const last = completeRun(second.claimed, 'ticket-3', NOON + 33 * SECOND_MS, FAILURE)!.row;

    expect(second.failed.nextRunAt).toBe(NOON + 32 * SECOND_MS);
    expect(last.nextRunAt).toBe(NOON + 5 * MINUTE_MS);
    expect(last.policyState).toBeUndefined();
  });

  it('keeps the fixed rate when a retry succeeds, and forgets the failures', () => {
    const { claimed } = failAndClaim(aRunningTaskWith({ retry, pauseAfterFailures: 3 }), NOON + SECOND_MS, 'ticket-2');

    const succeeded = completeRun(claimed, 'ticket-2', NOON + 20 * SECOND_MS, null)!.row;

    expect(succeeded.nextRunAt).toBe(NOON + 5 * MINUTE_MS);
    expect(succeeded.policyState).toBeUndefined();
  });

  it('never retries at or past the next occurrence', () => {
    const row = aRunningTaskWith({ retry: { attempts: 5, backoff: 'fixed', delayDuration: 'PT5M' } });

    const failed = completeRun(row, 'ticket-1', NOON + SECOND_MS, FAILURE)!.row;

    expect(failed.nextRunAt).toBe(NOON + 5 * MINUTE_MS);
    expect(failed.policyState).toBeUndefined();
  });

  it('retries a run that timed out, as its own attempt with its own timeout', () => {
    const row = aRunningTaskWith({ retry });
    const [expired] = expireRuns([row], NOON + MINUTE_MS, aWorkerContext({ liveTickets: ['ticket-1'] }));

    const claimed = claimTask(expired!.row, NOON + MINUTE_MS + 10 * SECOND_MS, 'ticket-2', 'schedule').row;

    expect(expired!.row.nextRunAt).toBe(NOON + MINUTE_MS + 10 * SECOND_MS);
    expect(claimed.run).toMatchObject({ cause: 'retry', timesOutAt: NOON + 2 * MINUTE_MS + 10 * SECOND_MS });
  });

  it('does not retry a cancelled run', () => {
    const cancelled = cancelRun(aRunningTaskWith({ retry }), 'task-a', NOON + SECOND_MS).row;

    expect(cancelled.nextRunAt).toBe(NOON + 5 * MINUTE_MS);
    expect(cancelled.policyState).toBeUndefined();
  });

  it('ends the retries when a trigger moves the next run', () => {
    const { failed } = failAndClaim(aRunningTaskWith({ retry }), NOON + SECOND_MS, 'ticket-2');

    const triggered = claimTask({ ...failed, nextRunAt: NOON + 5 * SECOND_MS }, NOON + 5 * SECOND_MS, 'ticket-2', 'trigger').row;
    const ended = completeRun(triggered, 'ticket-2', NOON + 6 * SECOND_MS, null)!.row;

    expect(triggered.run?.cause).toBe('trigger');
    expect(ended.nextRunAt).toBe(NOON + 5 * SECOND_MS + 5 * MINUTE_MS);
  });
});

describe('pauseAfterFailures at the end of a run', () => {
  it('counts failed occurrences in a row', () => {
    const failed = completeRun(aRunningTaskWith({ pauseAfterFailures: 2 }), 'ticket-1', NOON + SECOND_MS, FAILURE)!.row;

    expect(failed).toMatchObject({ isPaused: false, policyState: { consecutiveFailures: 1 } });
  });

  it('pauses the task at the Nth failure in a row and counts from zero again', () => {
    const row = aRunningTaskWith({ pauseAfterFailures: 2 }, { policyState: { consecutiveFailures: 1 } });

    const failed = completeRun(row, 'ticket-1', NOON + SECOND_MS, FAILURE)!.row;

    expect(failed.isPaused).toBe(true);
    expect(failed.policyState).toBeUndefined();
  });

  it('forgets the failures after a success', () => {
    const row = aRunningTaskWith({ pauseAfterFailures: 2 }, { policyState: { consecutiveFailures: 1 } });

    const succeeded = completeRun(row, 'ticket-1', NOON + SECOND_MS, null)!.row;

    expect(succeeded.policyState).toBeUndefined();
  });

  it('counts a timeout as a failure and a cancel as neither failure nor success', () => {
    const row = aRunningTaskWith({ pauseAfterFailures: 3 }, { policyState: { consecutiveFailures: 1 } });

    const [timedOut] = expireRuns([row], NOON + MINUTE_MS, aWorkerContext({ liveTickets: ['ticket-1'] }));
    const cancelled = cancelRun(row, 'task-a', NOON + SECOND_MS).row;

    expect(timedOut!.row.policyState).toEqual({ consecutiveFailures: 2 });
    expect(cancelled.policyState).toEqual({ consecutiveFailures: 1 });
  });

  it('counts an occurrence whose retries all failed once, not once per attempt', () => {
    const first = failAndClaim(aRunningTaskWith({ retry: { ...retry, attempts: 2 }, pauseAfterFailures: 2 }), NOON + SECOND_MS, 'ticket-2');

    const last = completeRun(first.claimed, 'ticket-2', NOON + 12 * SECOND_MS, FAILURE)!.row;

    expect(last).toMatchObject({ isPaused: false, policyState: { consecutiveFailures: 1 } });
  });
});

describe('a task without run policies', () => {
  it('stores no policy state after any run', () => {
    const row = aRunningTaskRow({ run: aRunLease({ ticket: 'ticket-1' }) });

    const failed = completeRun(row, 'ticket-1', NOON + SECOND_MS, FAILURE)!.row;

    expect('policyState' in failed).toBe(false);
    expect(failed.isPaused).toBe(false);
  });
});
