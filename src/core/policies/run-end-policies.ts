import type { RunOutcome, RunRecord, TaskRow } from '../task-row.ts';
import type { Effect } from '../transitions/transition.ts';
import { bufferOneOccurrence } from './overlap-policy.ts';
import { occurrenceOf, scheduledForOf } from './occurrence-plan.ts';
import { withPolicyState } from './policy-state.ts';
import { computeRetryAt, pendingRetryOf } from './retry-policy.ts';
import type { RunPolicyNotice } from './run-policy-notice.ts';

/** The outcomes that count as a failure for retries and `pauseAfterFailures`; a cancel or a lost run does not. */
function isFailure(outcome: RunOutcome): boolean {
  return outcome === 'failed' || outcome === 'timed-out';
}

/** Whether a task's policies need failures counted: to pause after them, or to alert on recovery from them. */
function countsFailures(row: TaskRow): boolean {
  return row.settings.pauseAfterFailures !== undefined || row.settings.alert?.on.includes('recovery') === true;
}

/**
 * Applies the run policies to a run's release. `ended` is the row that held the run, `released`
 * the row as a release without policies leaves it (next run from the occurrence's due time).
 * - A failure with attempts left whose retry falls before the next occurrence, of a run whose due
 *   time is still the task's: the next run is the retry, and the occurrence is not over yet.
 * - Otherwise the occurrence is over: a failure adds one to the consecutive failures and pauses
 *   the task when they reach `pauseAfterFailures` (counting from zero again); a success resets
 *   them, and is the last success that staleness counts from.
 * A task without run policies or state is returned as released, untouched.
 */
export function applyRunEndPolicies(ended: TaskRow, released: TaskRow, now: number, outcome: RunOutcome): TaskRow {
  const { retry: retryPolicy, pauseAfterFailures, staleAfter, alert, overlap } = ended.settings;
  if (!retryPolicy && pauseAfterFailures === undefined && !staleAfter && !alert && !overlap && !ended.policyState) return released;
  const retry = pendingRetryOf(ended);
  // A PUT or registration that moved the next run while this one ran replaced its occurrence: no retry.
  if (isFailure(outcome) && ended.run?.scheduledFor === scheduledForOf(ended)) {
    const attempt = (retry?.attempt ?? 1) + 1;
    // From the attempt's due time at the earliest, should the clock have stepped back since.
    const retryAt = computeRetryAt(retryPolicy, attempt, Math.max(now, ended.nextRunAt ?? now), released.nextRunAt);
    if (retryAt !== undefined) {
      const occurrenceAt = retry?.occurrenceAt ?? occurrenceOf(ended) ?? now;
      // The retry stands for its failed occurrence (its state says which), not for the one planned after it.
      return withPolicyState({ ...released, nextRunAt: retryAt }, { retry: { attempt, occurrenceAt, at: retryAt }, occurrenceAt: undefined });
    }
  }
  const previousFailures = ended.policyState?.consecutiveFailures ?? 0;
  // Counted only for a policy that reads the count.
  const failures = !countsFailures(ended) ? 0 : isFailure(outcome) ? previousFailures + 1 : outcome === 'succeeded' ? 0 : previousFailures;
  const pauses = pauseAfterFailures !== undefined && failures >= pauseAfterFailures;
  const succeeded = outcome === 'succeeded' && staleAfter !== undefined;
  return withPolicyState(
    bufferOneOccurrence(ended, { ...released, isPaused: released.isPaused || pauses }, now),
    {
      retry: undefined,
      consecutiveFailures: failures === 0 || pauses ? undefined : failures,
      ...(succeeded && { lastSucceededAt: now, watchedSince: undefined, isStale: undefined }),
    },
  );
}

/**
 * The notices a run's end gives, as `notify` effects: the task paused after failures, an
 * occurrence failed for good (for an alert on failure), or a success after a failure or
 * staleness (a recovery). `ended` held the run, `released` is the row its release wrote.
 */
export function describeRunEndNotices(ended: TaskRow, released: TaskRow, run: RunRecord): Effect[] {
  const { alert } = ended.settings;
  const notices: RunPolicyNotice[] = [];
  const wasFailing = (ended.policyState?.consecutiveFailures ?? 0) > 0 || ended.policyState?.isStale === true;
  if (!ended.isPaused && released.isPaused) notices.push({ event: 'paused', consecutiveFailures: ended.settings.pauseAfterFailures ?? 0 });
  if (isFailure(run.outcome) && alert?.on.includes('failure') && !pendingRetryOf(released)) {
    notices.push({ event: 'failure', ticket: run.ticket, error: run.error });
  }
  if (run.outcome === 'succeeded' && wasFailing) notices.push({ event: 'recovery', ticket: run.ticket });
  return notices.map((notice) => ({ type: 'notify', taskId: ended.taskId, notice }));
}
