import { ConflictError } from '../core/errors.ts';
import { toOutcome, type Outcome } from '../core/outcome.ts';
import { describeBatchItem, nameInErrors } from '../core/task-batch.ts';
import type { TaskSnapshot } from '../core/task-status.ts';
import type { SchedulerApi, SchedulerDirectory } from './scheduler-directory.ts';
import { concatJsonArrays, renderTaskList } from './task-response.ts';

/** What the REST layer asks of one plugin's local tasks in the isolate or process that answers. */
export interface LocalTaskApi {
  hasTask(taskId: string): boolean;
  listTasks(): Promise<TaskSnapshot[]>;
  /** Throws a SchedulerError to refuse. */
  triggerTask(taskId: string): Promise<void>;
  /** Throws a SchedulerError to refuse. */
  cancelTask(taskId: string): Promise<void>;
}

/**
 * One plugin's scheduler with its local tasks beside its global ones. The list shows the
 * answering isolate's local state, as Backstage shows each instance's; trigger and cancel of a
 * local task act on this isolate's worker. Management calls are for global tasks only.
 */
export function withLocalTasks(global: SchedulerApi, local: LocalTaskApi, pluginId: string): SchedulerApi {
  const conflictOf = (taskId: string, what: string) => new ConflictError(`Task ${taskId} is local: ${what} applies to global tasks only`);
  const refuse = <T>(taskId: string, what: string): Promise<Outcome<T>> =>
    toOutcome<T>(() => {
      throw conflictOf(taskId, what);
    });
  return {
    listTasksJson: async () => concatJsonArrays(await global.listTasksJson(), renderTaskList(pluginId, await local.listTasks())),
    getTask: (taskId) =>
      local.hasTask(taskId)
        ? toOutcome(async () => (await local.listTasks()).find((task) => task.taskId === taskId)!)
        : global.getTask(taskId),
    countTasks: async () => {
      const counts = await global.countTasks();
      return { ...counts, code: counts.code + (await local.listTasks()).length };
    },
    triggerTask: (taskId) => (local.hasTask(taskId) ? toOutcome(() => local.triggerTask(taskId)) : global.triggerTask(taskId)),
    cancelTask: (taskId) => (local.hasTask(taskId) ? toOutcome(() => local.cancelTask(taskId)) : global.cancelTask(taskId)),
    putTask: (taskId, input) => (local.hasTask(taskId) ? refuse(taskId, 'defining a task over the API') : global.putTask(taskId, input)),
    putTasks: (definitions) => {
      const index = definitions.findIndex(({ taskId }) => local.hasTask(taskId));
      if (index === -1) return global.putTasks(definitions);
      const { taskId } = definitions[index]!;
      return toOutcome(() =>
        nameInErrors(describeBatchItem(index, taskId), () => {
          throw conflictOf(taskId, 'defining a task over the API');
        }),
      );
    },
    deleteTask: (taskId) => (local.hasTask(taskId) ? refuse(taskId, 'deleting') : global.deleteTask(taskId)),
    pauseTask: (taskId) => (local.hasTask(taskId) ? refuse(taskId, 'pausing') : global.pauseTask(taskId)),
    resumeTask: (taskId) => (local.hasTask(taskId) ? refuse(taskId, 'resuming') : global.resumeTask(taskId)),
    skipNext: (taskId) => (local.hasTask(taskId) ? refuse(taskId, 'skipping') : global.skipNext(taskId)),
    overrideTask: (taskId, override) => (local.hasTask(taskId) ? refuse(taskId, 'an override') : global.overrideTask(taskId, override)),
    clearOverride: (taskId) => (local.hasTask(taskId) ? refuse(taskId, 'an override') : global.clearOverride(taskId)),
    listRuns: (taskId, limit) => (local.hasTask(taskId) ? refuse(taskId, 'run history') : global.listRuns(taskId, limit)),
    previewRuns: (taskId, count) => (local.hasTask(taskId) ? refuse(taskId, 'the preview') : global.previewRuns(taskId, count)),
  };
}

/** A directory whose plugins show their local tasks too; `localOf` gives a plugin's, if it has any here. */
export function withLocalTaskDirectory<Env>(
  directory: SchedulerDirectory<Env>,
  localOf: (pluginId: string) => LocalTaskApi | undefined,
): SchedulerDirectory<Env> {
  const combine = (global: SchedulerApi, pluginId: string) => {
    const local = localOf(pluginId);
    return local ? withLocalTasks(global, local, pluginId) : global;
  };
  return {
    async find(env, pluginId) {
      const global = await directory.find(env, pluginId);
      return global && combine(global, pluginId);
    },
    open: (env, pluginId) => combine(directory.open(env, pluginId), pluginId),
    listPluginIds: (env) => directory.listPluginIds(env),
  };
}
