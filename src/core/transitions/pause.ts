import { NotFoundError } from '../errors.ts';
import { computeNextRun } from '../next-run.ts';
import { occurrenceOf, planRun, withPlannedRun } from '../policies/occurrence-plan.ts';
import type { TaskRow } from '../task-row.ts';

/** Pauses a task: it stops starting on its own, but can still be triggered. Idempotent. */
export function pauseTask(row: TaskRow | undefined, taskId: string): TaskRow {
  if (!row) throw new NotFoundError(`Task ${taskId} does not exist`);
  return row.isPaused ? row : { ...row, isPaused: true };
}

/**
 * Resumes a paused task. Occurrences missed while paused are not made up: a next run in the past
 * moves on as after a run (cron to its next fire, a duration to at most now). Idempotent.
 */
export function resumeTask(row: TaskRow | undefined, taskId: string, now: number): TaskRow {
  if (!row) throw new NotFoundError(`Task ${taskId} does not exist`);
  if (!row.isPaused) return row;
  const isOverdue = row.run === null && row.nextRunAt !== null && row.nextRunAt < now;
  if (!isOverdue) return { ...row, isPaused: false };
  // Not from the occurrence after the missed one, even under `missedRuns: all`: a pause is no outage.
  const next = planRun(row.taskId, row.settings, row.policyState, computeNextRun(row.settings, occurrenceOf(row), now));
  return { ...withPlannedRun(row, next), isPaused: false };
}
