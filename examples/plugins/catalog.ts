import { coreServices, createBackendPlugin } from '../../src/plugin-api.ts';

/** Waits for `ms`, or rejects as soon as the run's signal aborts (a timeout or a cancel). */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}

/**
 * A catalog-like plugin: a refresh on a cron schedule, a reindex that only runs when triggered,
 * and a local cache warm-up that every isolate or process runs for itself.
 */
export const catalogPlugin = createBackendPlugin({
  pluginId: 'catalog',
  register(env) {
    env.registerInit({
      deps: { scheduler: coreServices.scheduler, logger: coreServices.logger },
      async init({ scheduler, logger }) {
        await scheduler.scheduleTask({
          id: 'refresh-entities',
          frequency: { cron: '*/15 * * * * *' },
          timeout: { seconds: 10 },
          fn: async (signal) => {
            await pause(2_000, signal);
            logger.info('Refreshed entities');
          },
        });
        await scheduler.scheduleTask({
          id: 'reindex-search',
          frequency: { trigger: 'manual' },
          timeout: { minutes: 1 },
          initialDelay: { seconds: 5 },
          fn: async (signal) => {
            await pause(5_000, signal);
            logger.info('Reindexed search');
          },
        });
        // Local: runs in every isolate or process on its own, like setInterval.
        await scheduler.scheduleTask({
          id: 'warm-cache',
          scope: 'local',
          frequency: { minutes: 1 },
          timeout: { seconds: 10 },
          fn: async () => {
            logger.info('Warmed the cache of this isolate');
          },
        });
      },
    });
  },
});
