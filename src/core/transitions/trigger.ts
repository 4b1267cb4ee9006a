import { ConflictError, NotFoundError } from '../errors.ts';
import type { TaskRow } from '../task-row.ts';
import { activeRunsOf, hasRoomForRun } from '../policies/concurrent-runs.ts';
import { planOccurrence, withPlannedRun } from '../policies/occurrence-plan.ts';
import { claimTask } from './claim.ts';
import type { Transition } from './transition.ts';

/**
 * Runs a task now, instead of at its next slot: 404 if unknown, 409 if a run holds the lease
 * (under `allow`, if `maxConcurrentRuns` runs do).
 * The run is claimed at once rather than left for the alarm, which saves the alarm's dispatch
 * delay; it also cuts an initial wait short, as Backstage's trigger does for local tasks, and
 * runs a paused task, which stays paused.
 */
export function triggerTask(row: TaskRow | undefined, taskId: string, now: number, ticket: string): Transition {
  if (!row) throw new NotFoundError(`Task ${taskId} does not exist`);
  if (!hasRoomForRun(row)) {
    const allows = row.settings.overlap === 'allow';
    throw new ConflictError(allows ? `Task ${taskId} is running ${activeRunsOf(row).length} runs, as many as maxConcurrentRuns allows` : `Task ${taskId} is currently running`);
  }
  // Due now, with no jitter and no remembered occurrence: the run stands for the trigger itself.
  const dueNow = withPlannedRun(row, planOccurrence(taskId, { ...row.settings, jitterDuration: undefined }, row.policyState, now));
  return claimTask(dueNow, now, ticket, 'trigger');
}
