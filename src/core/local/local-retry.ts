import { computeRetryAt } from '../policies/retry-policy.ts';
import type { LocalTask } from './local-task.ts';

/** A local task's failed occurrence waiting for its next attempt, as `RetryState` is for a global task. */
export interface LocalRetry {
  /** The attempt the next run is (2 for the first retry). */
  attempt: number;
  /** When the occurrence was due (its first attempt's start, or its time before jitter); the cadence resumes from it. */
  occurrenceStartedAt: number;
  /** When the attempt is due; the retry lapses if a trigger or registration moves the next run. */
  at: number;
}

/**
 * Applies a retry policy to a local run that ended: `ended` held the run, `released` is the task
 * as the run's end leaves it (its next run planned from the occurrence the run stood for). A
 * failure with attempts left whose retry falls before that next run makes the retry the next run;
 * otherwise the retries are over. A task without the policy is returned as released.
 */
export function retryLocalRun(ended: LocalTask, released: LocalTask, now: number, isFailure: boolean): LocalTask {
  const policy = ended.settings.retry;
  const run = ended.run;
  if (!policy || !run) return released;
  const { retry: _spent, ...rest } = released;
  if (isFailure) {
    const attempt = (ended.retry?.attempt ?? 1) + 1;
    const retryAt = computeRetryAt(policy, attempt, now, released.nextRunAt);
    if (retryAt !== undefined) {
      // The retry stands for its failed occurrence, not for the jittered one planned after it.
      const { occurrenceAt: _planned, ...retrying } = rest;
      const occurrenceStartedAt = ended.retry?.occurrenceStartedAt ?? run.occurrenceAt ?? run.startedAt;
      return { ...retrying, nextRunAt: retryAt, retry: { attempt, occurrenceStartedAt, at: retryAt } };
    }
  }
  return rest;
}
