import type { LocalTaskWorker } from '../core/local/local-task-worker.ts';
import type { SchedulerApi } from '../core/scheduler-api.ts';
import type { SchedulerDirectory } from '../http/scheduler-directory.ts';
import { withLocalTasks } from '../http/with-local-tasks.ts';
import type { InProcessScheduler } from './in-process-scheduler.ts';
import { toSchedulerApi } from './in-process-scheduler-api.ts';

/** One plugin's schedulers in this process: its global tasks and its local ones. */
export interface InProcessPlugin {
  global: InProcessScheduler;
  local: LocalTaskWorker;
}

/**
 * Finds plugins' schedulers in this process, for the same REST API the Worker serves: the plugins
 * in the code always, and plugins that only have tasks defined over the API while they have any,
 * as the Worker's plugin index lists them. A PUT for any other plugin id creates its scheduler
 * with `createApiPlugin`, kept in `apiPlugins`.
 */
export function createInProcessDirectory<Env>(
  plugins: ReadonlyMap<string, InProcessPlugin>,
  apiPlugins: Map<string, InProcessScheduler>,
  createApiPlugin: (pluginId: string) => InProcessScheduler,
): SchedulerDirectory<Env> {
  const codeApiOf = (pluginId: string): SchedulerApi | undefined => {
    const plugin = plugins.get(pluginId);
    return plugin && withLocalTasks(toSchedulerApi(plugin.global, pluginId), plugin.local, pluginId);
  };
  const hasApiTasks = (pluginId: string) => (apiPlugins.get(pluginId)?.api.countTasks().api ?? 0) > 0;
  return {
    find: async (_env, pluginId) => codeApiOf(pluginId) ?? (hasApiTasks(pluginId) ? toSchedulerApi(apiPlugins.get(pluginId)!, pluginId) : undefined),
    open(_env, pluginId) {
      const code = codeApiOf(pluginId);
      if (code) return code;
      let scheduler = apiPlugins.get(pluginId);
      if (!scheduler) apiPlugins.set(pluginId, (scheduler = createApiPlugin(pluginId)));
      return toSchedulerApi(scheduler, pluginId);
    },
    listPluginIds: async () => [...new Set([...plugins.keys(), ...[...apiPlugins.keys()].filter(hasApiTasks)])].sort(),
  };
}
