import { coreServices, createBackendPlugin, createScheduler, type Scheduler } from '../../src/index.ts';
import { caseDefinitions } from './plugin-definitions.ts';
import { sharedTestClock } from './shared-test-clock.ts';
import { probeTask } from './task-probe.ts';

/**
 * A scheduler Worker of its own for the given case plugins, as a fresh isolate has: its local
 * tasks start empty and register at its first event. Their global tasks live in the test Worker's
 * objects, which run the same case definitions; every task is a probe.
 */
export function aCaseScheduler(...pluginIds: string[]): Scheduler {
  const plugins = pluginIds.map((pluginId) =>
    createBackendPlugin({
      pluginId,
      register(env) {
        env.registerInit({
          deps: { scheduler: coreServices.scheduler },
          async init({ scheduler }) {
            for (const [id, schedule] of Object.entries(caseDefinitions.get(pluginId) ?? {})) {
              await scheduler.scheduleTask({ id, ...schedule, fn: probeTask(`${pluginId}/${id}`) });
            }
          },
        });
      },
    }),
  );
  return createScheduler({ plugins, clock: sharedTestClock });
}
