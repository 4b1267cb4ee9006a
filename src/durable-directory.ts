import { PLUGIN_INDEX_NAME, type PluginIndex } from './durable/plugin-index.ts';
import type { PluginScheduler } from './durable/plugin-scheduler.ts';
import type { SchedulerApi, SchedulerDirectory } from './http/scheduler-directory.ts';

/** The bindings of the Durable Object backend. */
export interface DurableBindings {
  PLUGIN_SCHEDULER: DurableObjectNamespace<PluginScheduler>;
  PLUGIN_INDEX: DurableObjectNamespace<PluginIndex>;
}

/**
 * Finds plugins' objects: plugins in the code always, plugins with API tasks through the index.
 * Any other plugin id is answered without touching storage.
 */
export function createDurableDirectory<Env extends DurableBindings>(codePluginIds: ReadonlySet<string>): SchedulerDirectory<Env> {
  // The RPC stub's types wrap each result; the shapes are the same, so one cast states it.
  const open = (env: Env, pluginId: string) => env.PLUGIN_SCHEDULER.getByName(pluginId) as unknown as SchedulerApi;
  const index = (env: Env) => env.PLUGIN_INDEX.getByName(PLUGIN_INDEX_NAME);
  return {
    open,
    async find(env, pluginId) {
      if (codePluginIds.has(pluginId) || (await index(env).hasPlugin(pluginId))) return open(env, pluginId);
      return undefined;
    },
    async listPluginIds(env) {
      return [...new Set([...codePluginIds, ...(await index(env).listPlugins())])].sort();
    },
  };
}
