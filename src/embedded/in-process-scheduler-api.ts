import { InputError } from '../core/errors.ts';
import type { InProcessScheduler } from '../core/in-process-scheduler.ts';
import { toOutcome } from '../core/outcome.ts';
import type { SchedulerApi } from '../http/scheduler-directory.ts';
import { renderTaskList } from '../http/task-response.ts';

const CODE_ONLY = 'cannot be defined over the API here: the in-process backend runs tasks from code only';

/**
 * The in-process scheduler as the REST layer calls it: each refusal becomes an Outcome, as from
 * the Durable Object. Tasks defined over the API need the object, which can make their HTTP
 * requests and keep them; here every task comes from code.
 */
export function toSchedulerApi(scheduler: InProcessScheduler, pluginId: string): SchedulerApi {
  return {
    listTasks: async () => scheduler.listTasks(),
    listTasksJson: async () => renderTaskList(pluginId, scheduler.listTasks()),
    getTask: (taskId) => toOutcome(() => scheduler.getTask(taskId)),
    countTasks: async () => ({ code: scheduler.listTasks().length, api: 0 }),
    triggerTask: (taskId) => toOutcome(() => scheduler.triggerTask(taskId)),
    cancelTask: (taskId) => toOutcome(() => scheduler.cancelTask(taskId)),
    putTask: (taskId) =>
      toOutcome(() => {
        throw new InputError(`Task ${taskId} ${CODE_ONLY}`);
      }),
    putTasks: () =>
      toOutcome(() => {
        throw new InputError(`Tasks ${CODE_ONLY}`);
      }),
    deleteTask: (taskId) => toOutcome(() => scheduler.deleteTask(taskId)),
    pauseTask: (taskId) => toOutcome(() => scheduler.pauseTask(taskId)),
    resumeTask: (taskId) => toOutcome(() => scheduler.resumeTask(taskId)),
    listRuns: (taskId, limit) => toOutcome(() => scheduler.listRuns(taskId, limit)),
    previewRuns: (taskId, count) => toOutcome(() => scheduler.previewRuns(taskId, count)),
  };
}
