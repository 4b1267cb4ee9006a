import type { ServiceRef } from './service-refs.ts';

type ResolvedDeps<Deps extends Record<string, ServiceRef<unknown>>> = {
  [K in keyof Deps]: Deps[K] extends ServiceRef<infer T> ? T : never;
};

/** One `registerInit` call: the services wanted and the code that uses them. */
export interface PluginInit<Deps extends Record<string, ServiceRef<unknown>> = Record<string, ServiceRef<unknown>>> {
  deps: Deps;
  init(deps: ResolvedDeps<Deps>): void | Promise<void>;
}

/** The registration environment handed to a plugin's `register`. */
export interface BackendPluginRegistrationPoints {
  registerInit<Deps extends Record<string, ServiceRef<unknown>>>(init: PluginInit<Deps>): void;
}

/** A plugin as `createBackendPlugin` returns it. */
export interface BackendPlugin {
  readonly $$type: '@edge-scheduler/BackendPlugin';
  readonly pluginId: string;
  /** The plugin's `registerInit` calls, collected by running its `register`. */
  readonly inits: ReadonlyArray<PluginInit>;
}

/** The options of Backstage's `createBackendPlugin`. */
export interface CreateBackendPluginOptions {
  pluginId: string;
  register(env: BackendPluginRegistrationPoints): void;
}

const PLUGIN_ID = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/**
 * Declares a backend plugin, as Backstage's function of the same name does.
 * @example
 * createBackendPlugin({
 *   pluginId: 'example',
 *   register(env) {
 *     env.registerInit({
 *       deps: { scheduler: coreServices.scheduler },
 *       async init({ scheduler }) {
 *         await scheduler.scheduleTask({ id: 'ping', frequency: { minutes: 10 }, timeout: { seconds: 30 }, fn: async () => {} });
 *       },
 *     });
 *   },
 * });
 */
export function createBackendPlugin(options: CreateBackendPluginOptions): BackendPlugin {
  if (!PLUGIN_ID.test(options.pluginId)) {
    throw new Error(`Invalid plugin id '${options.pluginId}': use lowercase letters, digits and dashes`);
  }
  const inits: PluginInit[] = [];
  options.register({ registerInit: (init) => void inits.push(init as unknown as PluginInit) });
  return { $$type: '@edge-scheduler/BackendPlugin', pluginId: options.pluginId, inits };
}
