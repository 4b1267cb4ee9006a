import { durationToMs } from '../duration.ts';
import { computeInitialWaitEnd } from '../next-run.ts';
import { activeRunsOf, hasRoomForRun, runCapacityOf, startConcurrently } from '../policies/concurrent-runs.ts';
import { decideMissedRuns } from '../policies/missed-runs.ts';
import { countScheduledRun, scheduledForOf } from '../policies/occurrence-plan.ts';
import { withPolicyState } from '../policies/policy-state.ts';
import { pendingRetryOf } from '../policies/retry-policy.ts';
import type { RunCause, TaskRow, WorkerContext } from '../task-row.ts';
import type { SkippedOccurrences, Transition } from './transition.ts';

/** Tells whether a task is due: with room for a run (idle, unless `allow` lets runs overlap), not paused, scheduled at or before now, and past its initial wait. */
export function isDue(row: TaskRow, now: number, worker: WorkerContext): boolean {
  return (
    hasRoomForRun(row) &&
    !row.isPaused &&
    row.nextRunAt !== null &&
    row.nextRunAt <= now &&
    computeInitialWaitEnd(row.settings, worker.startedAt) <= now
  );
}

/**
 * Takes the lease on an idle task for a new run. The due time stays as it was: the next run is
 * computed from it when the run ends (fixed rate). Under `overlap: 'allow'` the next run is
 * planned at once instead, and the run joins the task's concurrent runs.
 */
export function claimTask(claimable: TaskRow, now: number, ticket: string, cause: RunCause): Transition {
  if (!hasRoomForRun(claimable)) throw new Error(`Task ${claimable.taskId} has no room for another run`);
  // A run that held the lease before the task allowed overlaps goes on as a concurrent one.
  const row = claimable.run ? withPolicyState({ ...claimable, run: null }, { concurrentRuns: activeRunsOf(claimable) }) : claimable;
  const retries = cause === 'schedule' && pendingRetryOf(row) !== undefined;
  // A scheduled occurrence counts towards window.maxRuns; its retries and recoveries do not count again.
  const counted = cause === 'schedule' && !retries ? countScheduledRun(row) : row;
  const claimed: TaskRow = {
    ...counted,
    run: {
      ticket,
      // A scheduled claim of a pending retry is that retry's attempt.
      cause: retries ? 'retry' : cause,
      scheduledFor: scheduledForOf(row) ?? now,
      startedAt: now,
      timesOutAt: now + durationToMs(row.settings.timeoutAfterDuration),
    },
  };
  return { row: startConcurrently(claimed, now), effects: [{ type: 'startRun', taskId: row.taskId, ticket }] };
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
  return rows.filter((row) => isDue(row, now, worker)).map((row) => claimWhileDue(row, now, worker, issueTicket, cause));
}

/**
 * Claims a due task, and under `allow` claims it again while it is still due, up to its cap: a
 * backlog that `missedRuns: 'all'` runs starts side by side, and the alarm leaves nothing due.
 */
function claimWhileDue(row: TaskRow, now: number, worker: WorkerContext, issueTicket: () => string, cause: RunCause): Transition {
  let transition = claimOrSkip(row, now, issueTicket, cause);
  for (let room = runCapacityOf(row) - 1; room > 0 && isDue(transition.row, now, worker); room--) {
    const next = claimOrSkip(transition.row, now, issueTicket, 'schedule');
    const skipped = mergeSkipped(transition.skipped, next.skipped);
    transition = { row: next.row, effects: [...transition.effects, ...next.effects], ...(skipped && { skipped }) };
  }
  return transition;
}

/** Claims a due task, unless its missed-runs policy passes over its occurrences; a recovery or a retry is never passed over. */
function claimOrSkip(row: TaskRow, now: number, issueTicket: () => string, cause: RunCause): Transition {
  const decision = cause === 'schedule' && !pendingRetryOf(row) ? decideMissedRuns(row, now) : { row, claims: true };
  if (!decision.claims) return { row: decision.row, effects: [], ...(decision.skipped && { skipped: decision.skipped }) };
  const claim = claimTask(decision.row, now, issueTicket(), cause);
  return decision.skipped ? { ...claim, skipped: decision.skipped } : claim;
}

function mergeSkipped(first: SkippedOccurrences | undefined, second: SkippedOccurrences | undefined): SkippedOccurrences | undefined {
  if (!first || !second) return first ?? second;
  return { records: [...first.records, ...second.records], count: first.count + second.count };
}
