import { PLUGIN_INDEX_NAME, type PluginIndex } from '../durable/plugin-index.ts';
import type { PluginScheduler } from '../durable/plugin-scheduler.ts';
import type { SchedulerApi, SchedulerDirectory } from '../http/scheduler-directory.ts';

/** The bindings of the Durable Object backend. */
export interface DurableBindings {
  PLUGIN_SCHEDULER: DurableObjectNamespace<PluginScheduler>;
  PLUGIN_INDEX: DurableObjectNamespace<PluginIndex>;
}

/** API plugins an isolate remembers at most; past that it forgets them all and asks the index again. */
const KNOWN_API_PLUGINS_LIMIT = 10_000;

/**
 * Finds plugins' objects: plugins in the code always, plugins with API tasks through the index.
 * Any other plugin id is answered without touching storage.
 *
 * A plugin the index once listed is remembered by the isolate, so its requests no longer pass
 * through the one index object that every plugin shares (a round trip each, and a bottleneck for
 * all API plugins together). Remembering it past the loss of its last API task is harmless: its
 * object already has storage, and answers with no tasks, as a plugin the index does not list.
 */
export function createDurableDirectory<Env extends DurableBindings>(codePluginIds: ReadonlySet<string>): SchedulerDirectory<Env> {
  // No cast: the object's class implements SchedulerApi, and its stub is checked against it here.
  const open = (env: Env, pluginId: string): SchedulerApi => env.PLUGIN_SCHEDULER.getByName(pluginId);
  const index = (env: Env) => env.PLUGIN_INDEX.getByName(PLUGIN_INDEX_NAME);
  const knownApiPlugins = new Set<string>();
  return {
    open,
    async find(env, pluginId) {
      if (codePluginIds.has(pluginId) || knownApiPlugins.has(pluginId)) return open(env, pluginId);
      if (!(await index(env).hasPlugin(pluginId))) return undefined;
      if (knownApiPlugins.size >= KNOWN_API_PLUGINS_LIMIT) knownApiPlugins.clear();
      knownApiPlugins.add(pluginId);
      return open(env, pluginId);
    },
    async listPluginIds(env) {
      return [...new Set([...codePluginIds, ...(await index(env).listPlugins())])].sort();
    },
  };
}
