import type { BackendPlugin } from '../backstage/backend-plugin.ts';
import { startBackendPlugin } from '../backstage/start-plugin.ts';
import type { Clock } from '../core/clock.ts';
import { LocalTaskWorker } from '../core/local/local-task-worker.ts';
import { createConsoleLogger } from '../runtime/console-logger.ts';
import { systemClock } from '../runtime/system-clock.ts';
import { systemTimer } from '../runtime/system-timer.ts';
import { createRemoteTaskHost, type RemoteTaskCalls } from './remote-task-host.ts';

/** The local tasks of every plugin in one Worker isolate. */
export interface IsolateLocalTasks {
  /** A plugin's local tasks in this isolate. */
  localTasksOf(pluginId: string): LocalTaskWorker | undefined;
  /** Runs every plugin's init once in this isolate, which registers its local tasks here. */
  start(env: unknown): Promise<void>;
  /** Starts every due local task; resolves once those runs end, for the event's `waitUntil`. */
  runDueTasks(): Promise<void>;
}

/**
 * Local tasks in a Worker isolate. Timers live only while an event does, so nothing here wakes by
 * itself: the cron trigger and each request call `runDueTasks`, which gives local tasks a
 * precision of a minute or better in an isolate that the cron trigger reaches. A plugin's global
 * tasks stay with its Durable Object; its local tasks never run there.
 */
export function createIsolateLocalTasks(
  plugins: ReadonlyMap<string, BackendPlugin>,
  options: { clock?: Clock; objectOf: (env: unknown, pluginId: string) => RemoteTaskCalls },
): IsolateLocalTasks {
  // Built at load time, when workerd allows no timers; a worker arms none until a run starts.
  const workers = new Map(
    [...plugins.keys()].map((pluginId) => [
      pluginId,
      new LocalTaskWorker({ clock: options.clock ?? systemClock, timer: systemTimer, logger: createConsoleLogger({ pluginId, scope: 'local' }), wakesItself: false }),
    ]),
  );
  let started: Promise<void> | undefined;

  const startAll = async (env: unknown) => {
    for (const [pluginId, plugin] of plugins) {
      const logger = createConsoleLogger({ pluginId });
      try {
        await startBackendPlugin(plugin, {
          host: createRemoteTaskHost(() => options.objectOf(env, pluginId)),
          localHost: workers.get(pluginId),
          env,
          logger,
        });
      } catch (error) {
        logger.error('Plugin failed to start in this isolate; its local tasks registered so far still run', { error: String(error) });
      }
    }
  };

  return {
    localTasksOf: (pluginId) => workers.get(pluginId),
    start: (env) => (started ??= startAll(env)),
    runDueTasks: () => Promise.all([...workers.values()].map((worker) => worker.runDueTasks())).then(() => undefined),
  };
}
