import { coreServices, createBackendPlugin, createEmbeddedScheduler } from '../../src/embedded.ts';
import { aRecordingLogger, type RecordingLogger } from './recording-logger.ts';
import type { TestClock } from './test-clock.ts';
import { createTestTimer } from './test-timer.ts';

/** A catalog plugin with an hourly task and a manual one, served by an embedded scheduler over `databasePath`. */
export async function aPersistentCatalog(clock: TestClock, databasePath: string, logger: RecordingLogger = aRecordingLogger()) {
  const timer = createTestTimer(clock);
  const started: string[] = [];
  const plugin = createBackendPlugin({
    pluginId: 'catalog',
    register(registration) {
      registration.registerInit({
        deps: { scheduler: coreServices.scheduler },
        async init({ scheduler }) {
          await scheduler.scheduleTask({ id: 'hourly', frequency: { hours: 1 }, timeout: { minutes: 1 }, fn: () => void started.push('hourly') });
          await scheduler.scheduleTask({ id: 'manual', frequency: { trigger: 'manual' }, timeout: { minutes: 1 }, fn: () => void started.push('manual') });
        },
      });
    },
  });
  const hooks = { fetch: async () => new Response('ok') };
  const scheduler = createEmbeddedScheduler({
    plugins: [plugin],
    env: { SCHEDULER_API_TOKENS: 'dev-token', HOOKS: hooks },
    logger,
    clock,
    timer,
    databasePath,
  });
  await scheduler.start();
  const call = async (path: string, init: RequestInit = {}) => {
    const headers = { Authorization: 'Bearer dev-token', 'Content-Type': 'application/json' };
    return scheduler.fetch(new Request(`http://localhost/api/catalog/.backstage/scheduler/v1${path}`, { ...init, headers }));
  };
  return { scheduler, timer, started, call };
}
