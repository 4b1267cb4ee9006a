import { durationToMs } from '../duration.ts';
import { computeInitialWaitEnd } from '../next-run.ts';
import { decideMissedRuns } from '../policies/missed-runs.ts';
import { countScheduledRun, scheduledForOf } from '../policies/occurrence-plan.ts';
import { pendingRetryOf } from '../policies/retry-policy.ts';
import type { RunCause, TaskRow, WorkerContext } from '../task-row.ts';
import type { Transition } from './transition.ts';

/** Tells whether a task is due: idle, not paused, scheduled at or before now, and past its initial wait. */
export function isDue(row: TaskRow, now: number, worker: WorkerContext): boolean {
  return (
    row.run === null &&
    !row.isPaused &&
    row.nextRunAt !== null &&
    row.nextRunAt <= now &&
    computeInitialWaitEnd(row.settings, worker.startedAt) <= now
  );
}

/**
 * Takes the lease on an idle task for a new run. The due time stays as it was: the next run is
 * computed from it when the run ends (fixed rate).
 */
export function claimTask(row: TaskRow, now: number, ticket: string, cause: RunCause): Transition {
  if (row.run !== null) throw new Error(`Task ${row.taskId} is already claimed`);
  const retries = cause === 'schedule' && pendingRetryOf(row) !== undefined;
  // A scheduled occurrence counts towards window.maxRuns; its retries and recoveries do not count again.
  const counted = cause === 'schedule' && !retries ? countScheduledRun(row) : row;
  return {
    row: {
      ...counted,
      run: {
        ticket,
        // A scheduled claim of a pending retry is that retry's attempt.
        cause: retries ? 'retry' : cause,
        scheduledFor: scheduledForOf(row) ?? now,
        startedAt: now,
        timesOutAt: now + durationToMs(row.settings.timeoutAfterDuration),
      },
    },
    effects: [{ type: 'startRun', taskId: row.taskId, ticket }],
  };
}

/**
 * Claims every due task for a new run, each with a fresh ticket from `issueTicket`. Because the
 * check and the claim happen in one storage turn, a task is never claimed twice.
 */
export function claimDueTasks(
  rows: readonly TaskRow[],
  now: number,
  worker: WorkerContext,
  issueTicket: () => string,
  cause: RunCause = 'schedule',
): Transition[] {
  return rows.filter((row) => isDue(row, now, worker)).map((row) => claimOrSkip(row, now, issueTicket, cause));
}

/** Claims a due task, unless its missed-runs policy passes over its occurrences; a recovery or a retry is never passed over. */
function claimOrSkip(row: TaskRow, now: number, issueTicket: () => string, cause: RunCause): Transition {
  const decision = cause === 'schedule' && !pendingRetryOf(row) ? decideMissedRuns(row, now) : { row, claims: true };
  if (!decision.claims) return { row: decision.row, effects: [], ...(decision.skipped && { skipped: decision.skipped }) };
  const claim = claimTask(decision.row, now, issueTicket(), cause);
  return decision.skipped ? { ...claim, skipped: decision.skipped } : claim;
}
