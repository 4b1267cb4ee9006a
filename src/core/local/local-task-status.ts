import type { TaskSnapshot } from '../task-status.ts';
import type { LocalTask } from './local-task.ts';

/**
 * Describes a local task as `GET .../tasks` lists it, with this worker's state, as Backstage
 * reports local tasks per instance. An event-driven isolate may show a `startsAt` in the past:
 * the task is due and starts at the isolate's next event.
 */
export function describeLocalTask(task: LocalTask, now: number): TaskSnapshot {
  const last = {
    ...(task.lastRunEndedAt !== null && { lastRunEndedAt: task.lastRunEndedAt }),
    ...(task.lastRunError !== null && { lastRunError: task.lastRunError }),
  };
  const taskState: TaskSnapshot['taskState'] = task.run
    ? { status: 'running', startedAt: task.run.startedAt, timesOutAt: task.run.timesOutAt, ...last }
    : { status: 'idle', ...(task.nextRunAt !== null && { startsAt: task.nextRunAt }), ...last };
  const workerState: TaskSnapshot['workerState'] = {
    status: task.run ? 'running' : now < task.initialWaitEndsAt ? 'initial-wait' : 'idle',
  };
  return { taskId: task.taskId, scope: 'local', settings: task.settings, taskState, workerState };
}
