import { describe, expect, it } from 'vitest';
import { createBackendPlugin } from '../../src/backstage/backend-plugin.ts';
import { coreServices } from '../../src/backstage/service-refs.ts';
import { startBackendPlugin } from '../../src/backstage/start-plugin.ts';
import { createConsoleLogger } from '../../src/runtime/console-logger.ts';
import { aRecordingTaskHost } from '../support/recording-task-host.ts';

describe('createBackendPlugin', () => {
  it("runs the contract's example unchanged apart from its import path", async () => {
    const host = aRecordingTaskHost();
    // The example from the scheduler service documentation, verbatim but for the import.
    const plugin = createBackendPlugin({
      pluginId: 'example',
      register(env) {
        env.registerInit({
          deps: {
            scheduler: coreServices.scheduler,
          },
          async init({ scheduler }) {
            await scheduler.scheduleTask({
              frequency: { minutes: 10 },
              timeout: { seconds: 30 },
              id: 'ping-google',
              fn: async () => {
                await fetch('http://google.com/ping');
              },
            });
          },
        });
      },
    });

    await startBackendPlugin(plugin, { host, env: {}, logger: createConsoleLogger() });

    expect(host.registered.get('ping-google')?.settings).toEqual({ version: 2, cadence: 'PT10M', timeoutAfterDuration: 'PT30S' });
  });

  it('refuses a plugin id that is not lowercase letters, digits and dashes', () => {
    expect(() => createBackendPlugin({ pluginId: 'Bad Plugin', register() {} })).toThrow(/Invalid plugin id 'Bad Plugin'/);
  });

  it("gives init the Worker's bindings, a logger and the plugin's metadata", async () => {
    const seen: unknown[] = [];
    const plugin = createBackendPlugin({
      pluginId: 'needs-env',
      register(env) {
        env.registerInit({
          deps: { env: coreServices.env, logger: coreServices.logger, metadata: coreServices.pluginMetadata },
          async init({ env, logger, metadata }) {
            seen.push(env.API_KEY, typeof logger.info, metadata.getId());
          },
        });
      },
    });

    await startBackendPlugin(plugin, { host: aRecordingTaskHost(), env: { API_KEY: 'k' }, logger: createConsoleLogger() });

    expect(seen).toEqual(['k', 'function', 'needs-env']);
  });

  it('fails to start a plugin that asks for a service nobody provides', async () => {
    const plugin = createBackendPlugin({
      pluginId: 'greedy',
      register(env) {
        env.registerInit({ deps: { database: { id: 'core.database' } }, async init() {} });
      },
    });

    await expect(startBackendPlugin(plugin, { host: aRecordingTaskHost(), env: {}, logger: createConsoleLogger() })).rejects.toThrow(
      /unknown service 'core.database'/,
    );
  });
});
