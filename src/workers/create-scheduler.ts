import type { Clock } from '../core/clock.ts';
import type { BackendPlugin } from '../backstage/backend-plugin.ts';
import { startBackendPlugin } from '../backstage/start-plugin.ts';
import { createPluginSchedulerClass } from '../durable/plugin-scheduler.ts';
import { createApp, type ApiBindings } from '../http/app.ts';
import { createDurableDirectory, type DurableBindings } from './durable-directory.ts';
import { PluginIndex } from '../durable/plugin-index.ts';
import { withLocalTaskDirectory } from '../http/with-local-tasks.ts';
import { renderTask } from '../http/task-response.ts';
import { createIsolateLocalTasks } from './isolate-local-tasks.ts';
import { checkRunHistoryLimit } from '../core/run-history-limit.ts';

/** The bindings the scheduler Worker needs; see wrangler.toml. */
export interface SchedulerEnv extends ApiBindings, DurableBindings {
  /** Optional; with it, an initial delay applies once per deployment rather than per wake. */
  SCHEDULER_VERSION?: WorkerVersionMetadata;
}

/** What the Worker's entry file exports: the fetch and cron handlers, and the Durable Object class. */
export interface Scheduler {
  /** The Hono app, for adding routes of your own before exporting `worker`. */
  app: ReturnType<typeof createApp<SchedulerEnv>>;
  worker: ExportedHandler<SchedulerEnv>;
  PluginScheduler: ReturnType<typeof createPluginSchedulerClass>;
  /** The Durable Object class that indexes plugins with API-defined tasks. */
  PluginIndex: typeof PluginIndex;
}

/** The options of `createScheduler`. */
export interface CreateSchedulerOptions {
  plugins: readonly BackendPlugin[];
  /** The time source of every plugin's object and of local tasks; tests pass one they control. */
  clock?: Clock;
  /** Finished runs kept per task in the run history; 100 unless set. */
  runHistoryLimit?: number;
}

/**
 * Builds a scheduler Worker for the given plugins: one Durable Object per plugin holds its
 * global tasks, and the REST API lives under `/api/<pluginId>/.backstage/scheduler/v1`.
 * @example
 * const scheduler = createScheduler({ plugins: [examplePlugin] });
 * export const PluginScheduler = scheduler.PluginScheduler;
 * export default scheduler.worker;
 */
export function createScheduler(options: CreateSchedulerOptions): Scheduler {
  checkRunHistoryLimit(options.runHistoryLimit);
  const plugins = new Map<string, BackendPlugin>();
  for (const plugin of options.plugins) {
    if (plugins.has(plugin.pluginId)) throw new Error(`Plugin '${plugin.pluginId}' is listed twice`);
    plugins.set(plugin.pluginId, plugin);
  }

  const PluginScheduler = createPluginSchedulerClass(async (pluginId, host, env, logger) => {
    const plugin = plugins.get(pluginId);
    if (plugin) await startBackendPlugin(plugin, { host, env, logger });
  }, { ...options, renderTask });

  const schedulerOf = (env: SchedulerEnv, pluginId: string) => env.PLUGIN_SCHEDULER.getByName(pluginId);

  // Local tasks run in this isolate, driven by its events; global ones in each plugin's object.
  const localTasks = createIsolateLocalTasks(plugins, {
    clock: options.clock,
    objectOf: (env, pluginId) => schedulerOf(env as SchedulerEnv, pluginId),
  });

  const app = createApp<SchedulerEnv>(
    withLocalTaskDirectory(createDurableDirectory(new Set(plugins.keys())), (pluginId) => localTasks.localTasksOf(pluginId)),
  );

  // Each plugin's object registers its tasks when it starts. A new deployment starts nothing by
  // itself, so every isolate wakes all plugins once, and the cron trigger does so every minute.
  const wakeAll = (env: SchedulerEnv) =>
    Promise.all([...plugins.keys()].map((pluginId) => schedulerOf(env, pluginId).ping()));
  let isAwake = false;

  const worker: ExportedHandler<SchedulerEnv> = {
    async fetch(request, env, ctx) {
      if (!isAwake) {
        isAwake = true;
        ctx.waitUntil(wakeAll(env));
      }
      await localTasks.start(env);
      ctx.waitUntil(localTasks.runDueTasks());
      const response = await app.fetch(request, env, ctx);
      // A local task this request triggered is due now: it starts here, kept alive by this request.
      ctx.waitUntil(localTasks.runDueTasks());
      return response;
    },
    scheduled(_controller, env, ctx) {
      ctx.waitUntil(wakeAll(env));
      ctx.waitUntil(localTasks.start(env).then(() => localTasks.runDueTasks()));
    },
  };

  return { app, worker, PluginScheduler, PluginIndex };
}
