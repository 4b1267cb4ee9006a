import { describe, expect, it } from 'vitest';
import { coreServices, createBackendPlugin, createEmbeddedScheduler } from '../../src/embedded.ts';
import { tasksResponseSchema } from '../../src/http/schemas.ts';
import { aControlledTask, type ControlledTask } from '../support/controlled-task.ts';
import { at } from '../support/instants.ts';
import { aRecordingLogger } from '../support/recording-logger.ts';
import { createTestClock } from '../support/test-clock.ts';
import { createTestTimer } from '../support/test-timer.ts';

const START = at('2025-01-15T12:00:00Z');
const BASE = 'http://localhost/api/catalog/.backstage/scheduler/v1';
const AUTHORIZED = { Authorization: 'Bearer dev-token' };

/** An embedded scheduler serving a catalog plugin with one manual global task and one manual local task. */
async function aStartedCatalog(env: Record<string, string> = {}) {
  const clock = createTestClock(START);
  const timer = createTestTimer(clock);
  const tasks: Record<'reindex' | 'warm', ControlledTask> = { reindex: aControlledTask(), warm: aControlledTask() };
  const plugin = createBackendPlugin({
    pluginId: 'catalog',
    register(env) {
      env.registerInit({
        deps: { scheduler: coreServices.scheduler },
        async init({ scheduler }) {
          await scheduler.scheduleTask({ id: 'reindex', frequency: { trigger: 'manual' }, timeout: { minutes: 1 }, fn: tasks.reindex.fn });
          await scheduler.scheduleTask({ id: 'warm', scope: 'local', frequency: { trigger: 'manual' }, timeout: { minutes: 1 }, fn: tasks.warm.fn });
        },
      });
    },
  });
  const scheduler = createEmbeddedScheduler({
    plugins: [plugin],
    env: { SCHEDULER_API_TOKENS: 'dev-token', ...env },
    logger: aRecordingLogger(),
    clock,
    timer,
  });
  await scheduler.start();
  return { scheduler, tasks, timer };
}

function post(path: string): Request {
  return new Request(`${BASE}${path}`, { method: 'POST', headers: AUTHORIZED });
}

describe('createEmbeddedScheduler', () => {
  it('serves GET .../tasks in the contract shape, with global and local tasks', async () => {
    const { scheduler } = await aStartedCatalog();

    const response = await scheduler.fetch(new Request(`${BASE}/tasks`, { headers: AUTHORIZED }));
    const { tasks } = tasksResponseSchema.parse(await response.json());

    expect(tasks.map(({ taskId, pluginId, scope }) => ({ taskId, pluginId, scope }))).toEqual([
      { taskId: 'reindex', pluginId: 'catalog', scope: 'global' },
      { taskId: 'warm', pluginId: 'catalog', scope: 'local' },
    ]);
  });

  it('starts a global task on trigger, and answers 409 while it runs', async () => {
    const { scheduler, tasks } = await aStartedCatalog();

    const first = await scheduler.fetch(post('/tasks/reindex/trigger'));
    const second = await scheduler.fetch(post('/tasks/reindex/trigger'));

    expect(first.status).toBe(200);
    expect(await tasks.reindex.nthRun(1)).toBeDefined();
    expect(second.status).toBe(409);
    expect(await second.json()).toMatchObject({ error: { name: 'ConflictError', message: 'Task reindex is currently running' } });
  });

  it("aborts a local task's run on cancel, and answers 409 once nothing runs", async () => {
    const { scheduler, tasks } = await aStartedCatalog();
    await scheduler.fetch(post('/tasks/warm/trigger'));
    const run = await tasks.warm.nthRun(1);

    const cancel = await scheduler.fetch(post('/tasks/warm/cancel'));
    run.fail(run.signal.reason as Error);
    await Promise.resolve();
    const again = await scheduler.fetch(post('/tasks/warm/cancel'));

    expect(cancel.status).toBe(200);
    expect(run.signal.aborted).toBe(true);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: { name: 'ConflictError', message: 'Task warm is not running' } });
  });

  it('refuses a request without the token, as the Worker does', async () => {
    const { scheduler } = await aStartedCatalog();

    const response = await scheduler.fetch(new Request(`${BASE}/tasks`));

    expect(response.status).toBe(401);
  });

  it('stops every timer, so the process can exit', async () => {
    const clock = createTestClock(START);
    const timer = createTestTimer(clock);
    const tick = createBackendPlugin({
      pluginId: 'tick',
      register(env) {
        env.registerInit({
          deps: { scheduler: coreServices.scheduler },
          async init({ scheduler }) {
            await scheduler.scheduleTask({ id: 'global', frequency: { hours: 1 }, timeout: { minutes: 1 }, fn: () => {} });
            await scheduler.scheduleTask({ id: 'local', scope: 'local', frequency: { hours: 1 }, timeout: { minutes: 1 }, fn: () => {} });
          },
        });
      },
    });
    const scheduler = createEmbeddedScheduler({ plugins: [tick], logger: aRecordingLogger(), clock, timer });
    await scheduler.start();
    const armed = timer.pendingCount();

    scheduler.stop();

    expect(armed).toBe(2);
    expect(timer.pendingCount()).toBe(0);
  });
});
