import type { BackendPlugin } from '../backstage/backend-plugin.ts';
import { startBackendPlugin } from '../backstage/start-plugin.ts';
import type { Clock } from '../core/clock.ts';
import { LocalTaskWorker } from '../core/local/local-task-worker.ts';
import type { Logger } from '../core/logger.ts';
import type { Timer } from '../core/timer.ts';
import { createApp, type ApiBindings } from '../http/app.ts';
import { createConsoleLogger } from '../runtime/console-logger.ts';
import { systemClock } from '../runtime/system-clock.ts';
import { systemTimer } from '../runtime/system-timer.ts';
import { InProcessScheduler } from './in-process-scheduler.ts';
import { openSqliteFile } from './sqlite-file.ts';
import { createInProcessDirectory, type InProcessPlugin } from './in-process-directory.ts';

/** What plugins get as `coreServices.env`; the REST API reads its tokens from `SCHEDULER_API_TOKENS`. */
export type EmbeddedEnv = ApiBindings & Record<string, unknown>;

/** The options of `createEmbeddedScheduler`. */
export interface EmbeddedSchedulerOptions {
  plugins: readonly BackendPlugin[];
  env?: EmbeddedEnv;
  /** Where JSON log lines go; the console unless set. */
  logger?: Logger;
  /** The time source and timers of every scheduler; tests pass ones they control. */
  clock?: Clock;
  timer?: Timer;
  /**
   * The SQLite file that keeps tasks, pause flags and run history across restarts, through the
   * runtime's `node:sqlite` (Deno 2, Node ≥ 22.13). Without it, or on a runtime without SQLite
   * (Node 20, with a warning), everything is kept in memory and lost at exit.
   */
  databasePath?: string;
}

/** A scheduler inside one Node or Deno process. */
export interface EmbeddedScheduler {
  /** The Hono app serving the REST API, for adding routes of your own. */
  app: ReturnType<typeof createApp<EmbeddedEnv>>;
  /** Answers one request; hand it to `Deno.serve` or `@hono/node-server`. */
  fetch(request: Request): Promise<Response>;
  /** Runs every plugin's init, which registers its tasks; they start running as they fall due. */
  start(): Promise<void>;
  /** Resolves once every run started so far has ended and its end is recorded; for shutdown and tests. */
  settled(): Promise<void>;
  /** Stops every timer and aborts every run, and closes the SQLite file, so the process can exit. */
  stop(): void;
}

/**
 * Builds a scheduler for a plain Node or Deno program: the same plugins and REST API as the
 * Worker, with global tasks in an in-process store and local tasks on the process's timers. All
 * guarantees hold within this one process; several processes need the Durable Object backend.
 * @example
 * const scheduler = createEmbeddedScheduler({ plugins: [examplePlugin], env: { SCHEDULER_API_TOKENS: 'dev-token' } });
 * await scheduler.start();
 * Deno.serve({ port: 8787 }, scheduler.fetch);
 */
export function createEmbeddedScheduler(options: EmbeddedSchedulerOptions): EmbeddedScheduler {
  const env: EmbeddedEnv = options.env ?? {};
  const rootLogger = options.logger ?? createConsoleLogger();
  const clock = options.clock ?? systemClock;
  const timer = options.timer ?? systemTimer;
  const file = options.databasePath === undefined ? undefined : openSqliteFile(options.databasePath);
  if (options.databasePath !== undefined && !file) {
    rootLogger.warn('This runtime has no node:sqlite (Deno 2 and Node 22.13 or later have it): tasks, pause flags and run history are kept in memory only, and lost at exit', { databasePath: options.databasePath });
  }
  const createScheduler = (pluginId: string) =>
    new InProcessScheduler({ clock, timer, logger: rootLogger, env, ...(file && { openStorage: (storage) => file.openStorage(pluginId, storage) }) });
  const plugins = new Map<string, { plugin: BackendPlugin } & InProcessPlugin>();
  for (const plugin of options.plugins) {
    if (plugins.has(plugin.pluginId)) throw new Error(`Plugin '${plugin.pluginId}' is listed twice`);
    plugins.set(plugin.pluginId, {
      plugin,
      // The engine adds the plugin id to its logger.
      global: createScheduler(plugin.pluginId),
      local: new LocalTaskWorker({ clock, timer, logger: rootLogger.child({ pluginId: plugin.pluginId, scope: 'local' }), wakesItself: true }),
    });
  }
  // Plugins with no code here, whose every task was defined over the API.
  const apiPlugins = new Map<string, InProcessScheduler>();
  const createApiPlugin = (pluginId: string) => {
    const scheduler = createScheduler(pluginId);
    void scheduler.start(pluginId, async () => {});
    return scheduler;
  };
  const app = createApp<EmbeddedEnv>(createInProcessDirectory(plugins, apiPlugins, createApiPlugin));

  return {
    app,
    fetch: async (request) => app.fetch(request, env),
    async start() {
      for (const { plugin, global, local } of plugins.values()) {
        await global.start(plugin.pluginId, (host, logger) => startBackendPlugin(plugin, { host, localHost: local, env, logger }));
      }
      // Plugins the file keeps API tasks of, and the code does not define: their tasks run again too.
      for (const pluginId of file?.readPluginIds() ?? []) {
        if (!plugins.has(pluginId) && !apiPlugins.has(pluginId)) apiPlugins.set(pluginId, createApiPlugin(pluginId));
      }
    },
    async settled() {
      const schedulers = [...[...plugins.values()].flatMap(({ global, local }) => [global, local]), ...apiPlugins.values()];
      await Promise.all(schedulers.map((scheduler) => scheduler.settled()));
    },
    stop() {
      for (const { global, local } of plugins.values()) {
        global.stop();
        local.stop();
      }
      for (const scheduler of apiPlugins.values()) scheduler.stop();
      file?.close();
    },
  };
}
