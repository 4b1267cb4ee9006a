import type { LocalTaskWorker } from '../core/local/local-task-worker.ts';
import type { Logger } from '../core/logger.ts';
import type { SchedulerApi } from '../core/scheduler-api.ts';
import type { SchedulerDirectory } from '../http/scheduler-directory.ts';
import { withLocalTasks } from '../http/with-local-tasks.ts';
import { systemClock } from '../runtime/system-clock.ts';
import { systemTimer } from '../runtime/system-timer.ts';
import { InProcessScheduler } from './in-process-scheduler.ts';
import { toSchedulerApi } from './in-process-scheduler-api.ts';

/** One plugin's schedulers in this process: its global tasks and its local ones. */
export interface InProcessPlugin {
  global: InProcessScheduler;
  local: LocalTaskWorker;
}

/**
 * Finds plugins' schedulers in this process, for the same REST API the Worker serves. Only the
 * plugins given exist; any other gets an empty scheduler that refuses tasks over the API.
 */
export function createInProcessDirectory<Env>(plugins: ReadonlyMap<string, InProcessPlugin>, logger: Logger): SchedulerDirectory<Env> {
  const apiOf = (pluginId: string): SchedulerApi | undefined => {
    const plugin = plugins.get(pluginId);
    return plugin && withLocalTasks(toSchedulerApi(plugin.global, pluginId), plugin.local, pluginId);
  };
  return {
    find: async (_env, pluginId) => apiOf(pluginId),
    open: (_env, pluginId) => apiOf(pluginId) ?? toSchedulerApi(new InProcessScheduler({ logger, clock: systemClock, timer: systemTimer }), pluginId),
    listPluginIds: async () => [...plugins.keys()].sort(),
  };
}
