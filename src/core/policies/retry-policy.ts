import { durationToMs, MAX_DURATION_MS } from '../duration.ts';
import type { TaskRow } from '../task-row.ts';
import type { RetryPolicy, RetryState } from './run-policies.ts';

/** The wait before attempt `attempt` (2 is the first retry): the delay, doubled per attempt when exponential, capped by the maximum. */
export function computeRetryDelayMs(policy: RetryPolicy, attempt: number): number {
  const delayMs = durationToMs(policy.delayDuration);
  const grownMs = policy.backoff === 'exponential' ? delayMs * 2 ** (attempt - 2) : delayMs;
  const maxMs = policy.maxDelayDuration === undefined ? MAX_DURATION_MS : durationToMs(policy.maxDelayDuration);
  return Math.min(grownMs, maxMs);
}

/**
 * When attempt `attempt` of a failed occurrence is due, or undefined when there is none: the
 * policy allows no more attempts, or the attempt would fall at or past the next occurrence
 * (`nextOccurrenceAt`, null for a manual task, which has none).
 */
export function computeRetryAt(policy: RetryPolicy | undefined, attempt: number, now: number, nextOccurrenceAt: number | null): number | undefined {
  if (!policy || attempt > policy.attempts) return undefined;
  const retryAt = now + computeRetryDelayMs(policy, attempt);
  return nextOccurrenceAt === null || retryAt < nextOccurrenceAt ? retryAt : undefined;
}

/**
 * The row's retry state while it still holds: its next run (or the run holding the lease) is the
 * attempt the state was made for, and the task's policy still allows that attempt. A trigger, a
 * PUT or a resume that moves the next run, or a deployment that drops the policy, ends the
 * retries of the occurrence without any of them having to know.
 */
export function pendingRetryOf(row: TaskRow): RetryState | undefined {
  const retry = row.policyState?.retry;
  if (retry === undefined || retry.at !== row.nextRunAt) return undefined;
  return row.settings.retry !== undefined && retry.attempt <= row.settings.retry.attempts ? retry : undefined;
}

