import { NotFoundError } from '../core/errors.ts';
import type { SchedulerApi } from '../core/scheduler-api.ts';

export type { SchedulerApi } from '../core/scheduler-api.ts';

/** Finds plugins' schedulers. */
export interface SchedulerDirectory<Env> {
  /** The scheduler of a plugin that has tasks; undefined for any other, so no storage is created for it. */
  find(env: Env, pluginId: string): Promise<SchedulerApi | undefined>;
  /** The scheduler of any plugin, created if need be: where tasks are defined over the API. */
  open(env: Env, pluginId: string): SchedulerApi;
  /** The plugins that have tasks, from code and from the API. */
  listPluginIds(env: Env): Promise<string[]>;
}

/** The scheduler of a plugin that has tasks, or NotFoundError naming the task asked for. */
export async function findSchedulerOfTask<Env>(directory: SchedulerDirectory<Env>, env: Env, pluginId: string, taskId: string): Promise<SchedulerApi> {
  const scheduler = await directory.find(env, pluginId);
  if (!scheduler) throw new NotFoundError(`Task ${taskId} does not exist`);
  return scheduler;
}
