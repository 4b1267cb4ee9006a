import { InputError } from '../core/errors.ts';
import { toOutcome } from '../core/outcome.ts';
import type { SchedulerApi } from '../core/scheduler-api.ts';
import { renderTaskList } from '../http/task-response.ts';
import type { InProcessScheduler } from './in-process-scheduler.ts';

const CODE_ONLY = 'cannot be defined over the API here: the in-process backend runs tasks from code only';

/**
 * The in-process scheduler as the REST layer calls it: each refusal becomes an Outcome, as from
 * the Durable Object. Tasks defined over the API need the object, which can make their HTTP
 * requests and keep them; here every task comes from code.
 */
export function toSchedulerApi(scheduler: InProcessScheduler, pluginId: string): SchedulerApi {
  const { api } = scheduler;
  return {
    listTasks: async () => api.listTasks(),
    listTasksJson: async () => renderTaskList(pluginId, api.listTasks()),
    getTask: (taskId) => toOutcome(() => api.getTask(taskId)),
    countTasks: async () => api.countTasks(),
    triggerTask: (taskId) => toOutcome(() => api.triggerTask(taskId)),
    cancelTask: (taskId) => toOutcome(() => api.cancelTask(taskId)),
    putTask: (taskId) =>
      toOutcome(() => {
        throw new InputError(`Task ${taskId} ${CODE_ONLY}`);
      }),
    putTasks: () =>
      toOutcome(() => {
        throw new InputError(`Tasks ${CODE_ONLY}`);
      }),
    deleteTask: (taskId) => toOutcome(() => api.deleteTask(taskId)),
    pauseTask: (taskId) => toOutcome(() => api.pauseTask(taskId)),
    resumeTask: (taskId) => toOutcome(() => api.resumeTask(taskId)),
    listRuns: (taskId, limit) => toOutcome(() => api.listRuns(taskId, limit)),
    previewRuns: (taskId, count) => toOutcome(() => api.previewRuns(taskId, count)),
  };
}
