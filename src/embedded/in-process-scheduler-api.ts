import { toOutcome } from '../core/outcome.ts';
import type { SchedulerApi } from '../core/scheduler-api.ts';
import { renderTaskList } from '../http/task-response.ts';
import type { InProcessScheduler } from './in-process-scheduler.ts';

/** The in-process scheduler as the REST layer calls it: each refusal becomes an Outcome, as from the Durable Object. */
export function toSchedulerApi(scheduler: InProcessScheduler, pluginId: string): SchedulerApi {
  const { api } = scheduler;
  return {
    listTasksJson: async () => renderTaskList(pluginId, api.listTasks()),
    getTask: (taskId) => toOutcome(() => api.getTask(taskId)),
    countTasks: async () => api.countTasks(),
    triggerTask: (taskId) => toOutcome(() => api.triggerTask(taskId)),
    cancelTask: (taskId) => toOutcome(() => api.cancelTask(taskId)),
    putTask: (taskId, input) => toOutcome(() => api.putTask(taskId, input)),
    putTasks: (definitions) => toOutcome(() => api.putTasks(definitions)),
    deleteTask: (taskId) => toOutcome(() => api.deleteTask(taskId)),
    pauseTask: (taskId) => toOutcome(() => api.pauseTask(taskId)),
    resumeTask: (taskId) => toOutcome(() => api.resumeTask(taskId)),
    skipNext: (taskId) => toOutcome(() => api.skipNext(taskId)),
    overrideTask: (taskId, override) => toOutcome(() => api.overrideTask(taskId, override)),
    clearOverride: (taskId) => toOutcome(() => api.clearOverride(taskId)),
    listRuns: (taskId, limit) => toOutcome(() => api.listRuns(taskId, limit)),
    previewRuns: (taskId, count) => toOutcome(() => api.previewRuns(taskId, count)),
  };
}
