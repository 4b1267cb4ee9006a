import { computeNextRun } from '../next-run.ts';
import { computeRetryAt } from '../policies/retry-policy.ts';
import type { LocalTask } from './local-task.ts';

/** A local task's failed occurrence waiting for its next attempt, as `RetryState` is for a global task. */
export interface LocalRetry {
  /** The attempt the next run is (2 for the first retry). */
  attempt: number;
  /** When the occurrence's first attempt started; the cadence resumes from it. */
  occurrenceStartedAt: number;
  /** When the attempt is due; the retry lapses if a trigger or registration moves the next run. */
  at: number;
}

/**
 * Applies a retry policy to a local run that ended: `ended` held the run, `released` is the task
 * as the run's end leaves it. A failure with attempts left whose retry falls before the next
 * occurrence makes the retry the next run; otherwise the next run follows the cadence from the
 * occurrence's first start, and the retries are over. A task without the policy is returned as released.
 */
export function retryLocalRun(ended: LocalTask, released: LocalTask, now: number, isFailure: boolean): LocalTask {
  const policy = ended.settings.retry;
  const run = ended.run;
  if (!policy || !run) return released;
  const occurrenceStartedAt = ended.retry?.occurrenceStartedAt ?? run.startedAt;
  const nextOccurrenceAt = computeNextRun(ended.settings, occurrenceStartedAt, now);
  const { retry: _spent, ...rest } = released;
  if (isFailure) {
    const attempt = (ended.retry?.attempt ?? 1) + 1;
    const retryAt = computeRetryAt(policy, attempt, now, nextOccurrenceAt);
    if (retryAt !== undefined) return { ...rest, nextRunAt: retryAt, retry: { attempt, occurrenceStartedAt, at: retryAt } };
  }
  return { ...rest, nextRunAt: nextOccurrenceAt };
}
