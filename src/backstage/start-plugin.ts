import type { Logger } from '../core/logger.ts';
import type { TaskHost } from '../core/task-host.ts';
import type { BackendPlugin } from './backend-plugin.ts';
import { createSchedulerService } from './scheduler-service.ts';
import { coreServices } from './service-refs.ts';

/** What a plugin's services are built from in the worker that starts it. */
export interface PluginContext {
  /** Runs the plugin's global tasks. */
  host: TaskHost;
  /** Runs the plugin's local tasks; without it they are skipped, as in the plugin's Durable Object. */
  localHost?: TaskHost;
  env: unknown;
  logger: Logger;
}

/** Runs a plugin's `init` functions in order, each with the services it asked for. */
export async function startBackendPlugin(plugin: BackendPlugin, context: PluginContext): Promise<void> {
  const services: Record<string, unknown> = {
    [coreServices.scheduler.id]: createSchedulerService(context.host, context.localHost),
    [coreServices.logger.id]: context.logger,
    [coreServices.pluginMetadata.id]: { getId: () => plugin.pluginId },
    [coreServices.env.id]: context.env,
  };
  for (const { deps, init } of plugin.inits) {
    const resolved: Record<string, unknown> = {};
    for (const [name, ref] of Object.entries(deps)) {
      if (!(ref.id in services)) throw new Error(`Plugin '${plugin.pluginId}' depends on unknown service '${ref.id}'`);
      resolved[name] = services[ref.id];
    }
    await init(resolved as never);
  }
}
