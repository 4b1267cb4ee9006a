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
}

/** A scheduler inside one Node or Deno process. */
export interface EmbeddedScheduler {
  /** The Hono app serving the REST API, for adding routes of your own. */
  app: ReturnType<typeof createApp<EmbeddedEnv>>;
  /** Answers one request; hand it to `Deno.serve` or `@hono/node-server`. */
  fetch(request: Request): Promise<Response>;
  /** Runs every plugin's init, which registers its tasks; they start running as they fall due. */
  start(): Promise<void>;
  /** Stops every timer and aborts every run, so the process can exit. */
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
  const plugins = new Map<string, { plugin: BackendPlugin } & InProcessPlugin>();
  for (const plugin of options.plugins) {
    if (plugins.has(plugin.pluginId)) throw new Error(`Plugin '${plugin.pluginId}' is listed twice`);
    plugins.set(plugin.pluginId, {
      plugin,
      // The engine adds the plugin id to its logger.
      global: new InProcessScheduler({ clock, timer, logger: rootLogger, env }),
      local: new LocalTaskWorker({ clock, timer, logger: rootLogger.child({ pluginId: plugin.pluginId, scope: 'local' }), wakesItself: true }),
    });
  }
  // Plugins with no code here, whose every task was defined over the API.
  const apiPlugins = new Map<string, InProcessScheduler>();
  const createApiPlugin = (pluginId: string) => {
    const scheduler = new InProcessScheduler({ clock, timer, logger: rootLogger, env });
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
    },
    stop() {
      for (const { global, local } of plugins.values()) {
        global.stop();
        local.stop();
      }
      for (const scheduler of apiPlugins.values()) scheduler.stop();
    },
  };
}
