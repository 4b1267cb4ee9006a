import { coreServices, createBackendPlugin, createScheduler, type SchedulerEnv } from '../../src/index.ts';
import { CASE_PLUGIN_COUNT, caseDefinitions } from '../support/plugin-definitions.ts';
import { sharedTestClock } from '../support/shared-test-clock.ts';
import { probeTask } from '../support/task-probe.ts';

/** Tasks whose runs the tests steer through the probe. */
const probePlugin = createBackendPlugin({
  pluginId: 'probe',
  register(env) {
    env.registerInit({
      deps: { scheduler: coreServices.scheduler },
      async init({ scheduler }) {
        await scheduler.scheduleTask({ id: 'manual', frequency: { trigger: 'manual' }, timeout: { minutes: 1 }, fn: probeTask('manual') });
        await scheduler.scheduleTask({ id: 'hourly', frequency: { hours: 1 }, timeout: { minutes: 1 }, fn: probeTask('hourly') });
        await scheduler.scheduleTask({ id: 'cron', frequency: { cron: '0 * * * *' }, timeout: { minutes: 1 }, fn: probeTask('cron') });
        await scheduler.scheduleTask({ id: 'delayed', frequency: 'PT1H', initialDelay: { minutes: 10 }, timeout: 'PT1M', fn: probeTask('delayed') });
        await scheduler.scheduleTask({ id: 'a:b/c', frequency: { trigger: 'manual' }, timeout: { minutes: 1 }, fn: probeTask('a:b/c') });
      },
    });
  },
});

/** Plugins whose tasks each test defines for itself; every task is a probe. */
const casePlugins = Array.from({ length: CASE_PLUGIN_COUNT }, (_, index) =>
  createBackendPlugin({
    pluginId: `case-${index + 1}`,
    register(env) {
      env.registerInit({
        deps: { scheduler: coreServices.scheduler, metadata: coreServices.pluginMetadata },
        async init({ scheduler, metadata }) {
          const pluginId = metadata.getId();
          for (const [id, schedule] of Object.entries(caseDefinitions.get(pluginId) ?? {})) {
            await scheduler.scheduleTask({ id, ...schedule, fn: probeTask(`${pluginId}/${id}`) });
          }
        },
      });
    },
  }),
);

/** Tasks that fail on their own: a throw, and a synchronous throw. */
const faultyPlugin = createBackendPlugin({
  pluginId: 'faulty',
  register(env) {
    env.registerInit({
      deps: { scheduler: coreServices.scheduler },
      async init({ scheduler }) {
        await scheduler.scheduleTask({
          id: 'throws',
          frequency: { minutes: 5 },
          timeout: { minutes: 1 },
          fn: async () => {
            throw new Error('deliberate failure');
          },
        });
        await scheduler.scheduleTask({
          id: 'throws-sync',
          frequency: { trigger: 'manual' },
          timeout: { minutes: 1 },
          fn: () => {
            throw new TypeError('synchronous failure');
          },
        });
      },
    });
  },
});

export const testScheduler = createScheduler({
  plugins: [probePlugin, faultyPlugin, ...casePlugins],
  clock: sharedTestClock,
  runHistoryLimit: 5,
});

export const PluginScheduler = testScheduler.PluginScheduler;
export const PluginIndex = testScheduler.PluginIndex;

/**
 * Requests go straight to the app. The real worker's fetch also wakes every plugin on an
 * isolate's first request; here an object starts only when its own test touches it, at that
 * test's clock. The wake-up is tested on its own through `testScheduler.worker`.
 */
export default {
  fetch: (request, env, ctx) => testScheduler.app.fetch(request, env, ctx),
} satisfies ExportedHandler<SchedulerEnv>;
