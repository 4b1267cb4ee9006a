import { coreServices, createBackendPlugin } from '../../src/plugin-api.ts';

/**
 * The contract's example plugin. It pings a route of this Worker instead of google.com, so it
 * works offline; `PING_URL` says where that route is.
 */
export const examplePlugin = createBackendPlugin({
  pluginId: 'example',
  register(env) {
    env.registerInit({
      deps: {
        scheduler: coreServices.scheduler,
        logger: coreServices.logger,
        env: coreServices.env,
      },
      async init({ scheduler, logger, env }) {
        await scheduler.scheduleTask({
          frequency: { minutes: 10 },
          timeout: { seconds: 30 },
          id: 'ping-google',
          fn: async (signal) => {
            const response = await fetch(String(env.PING_URL ?? 'http://127.0.0.1:8787/ping'), { signal });
            logger.info('Pinged', { status: response.status });
          },
        });
      },
    });
  },
});
