import { ConflictError, NotFoundError } from '../errors.ts';
import type { LocalTask } from './local-task.ts';

/**
 * Makes a local task due now, cutting its wait short (an initial wait too), as Backstage's
 * local trigger does: 404 if unknown here, 409 while a run is going.
 */
export function triggerLocalTask(task: LocalTask | undefined, taskId: string, now: number): LocalTask {
  if (!task) throw new NotFoundError(`Task ${taskId} does not exist`);
  if (task.run) throw new ConflictError(`Task ${taskId} is currently running`);
  // Due now: a trigger stands for no occurrence, so none is remembered.
  const { occurrenceAt: _forgotten, ...rest } = task;
  return { ...rest, nextRunAt: now, initialWaitEndsAt: Math.min(task.initialWaitEndsAt, now) };
}

/**
 * Marks the running run as cancelled, so its signal is aborted: 404 if unknown here, 409 if
 * nothing runs. The run ends when its function settles, or at its timeout at the latest, so the
 * task never overlaps itself.
 */
export function cancelLocalRun(task: LocalTask | undefined, taskId: string, now: number): LocalTask {
  if (!task) throw new NotFoundError(`Task ${taskId} does not exist`);
  if (!task.run) throw new ConflictError(`Task ${taskId} is not running`);
  return { ...task, run: { ...task.run, cancelledAt: task.run.cancelledAt ?? now } };
}
