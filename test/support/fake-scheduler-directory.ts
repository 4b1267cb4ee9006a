import type { ApiBindings } from '../../src/http/app.ts';
import type { SchedulerApi, SchedulerDirectory } from '../../src/http/scheduler-directory.ts';

/** A directory over a fixed set of schedulers that records every lookup. */
export interface FakeSchedulerDirectory extends SchedulerDirectory<ApiBindings> {
  /** Every `find` call, oldest first. */
  readonly lookups: Array<{ env: ApiBindings; pluginId: string }>;
}

/** Creates a directory that knows only the plugins in `schedulers`, keyed by plugin id. */
export function createFakeDirectory(schedulers: Record<string, SchedulerApi> = {}): FakeSchedulerDirectory {
  const lookups: Array<{ env: ApiBindings; pluginId: string }> = [];
  return {
    lookups,
    async find(env, pluginId) {
      lookups.push({ env, pluginId });
      return Object.hasOwn(schedulers, pluginId) ? schedulers[pluginId] : undefined;
    },
    open(env, pluginId) {
      lookups.push({ env, pluginId });
      const scheduler = schedulers[pluginId];
      if (!scheduler) throw new Error(`The fake directory has no scheduler for ${pluginId}`);
      return scheduler;
    },
    async listPluginIds() {
      return Object.keys(schedulers).sort();
    },
  };
}
