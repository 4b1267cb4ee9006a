import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { Scheduler } from '../../src/index.ts';
import { tasksResponseSchema, type TasksResponse } from '../../src/http/schemas.ts';
import { aCaseScheduler } from '../support/case-scheduler.ts';
import { aPluginWith } from '../support/plugin-definitions.ts';
import { API_TOKEN, apiBase, fireAlarm, jsonOf, readRow, startPlugin } from '../support/scheduler-harness.ts';
import { FAR_FUTURE, sharedTestClock } from '../support/shared-test-clock.ts';
import { nthRun, runsOf } from '../support/task-probe.ts';

// Local tasks run in the isolate that registered them, driven by its events: `worker.scheduled`
// is the cron trigger, `worker.fetch` a request. Each test builds its own scheduler Worker, so
// its local tasks are its own, as a fresh isolate's are.
sharedTestClock.freeze(FAR_FUTURE);

const MINUTE_MS = 60_000;

/** Delivers the cron trigger to a scheduler Worker. */
async function cronTrigger(scheduler: Scheduler): Promise<ExecutionContext> {
  const ctx = createExecutionContext();
  await scheduler.worker.scheduled!(createScheduledController({ cron: '* * * * *' }), env, ctx);
  return ctx;
}

/** Sends an authenticated request through a scheduler Worker, as a client's request arrives. */
async function request(scheduler: Scheduler, path: string, method = 'GET'): Promise<{ response: Response; ctx: ExecutionContext }> {
  const ctx = createExecutionContext();
  const incoming = new Request(`http://scheduler.test${path}`, { method, headers: { Authorization: `Bearer ${API_TOKEN}` } });
  const response = await scheduler.worker.fetch!(incoming as Parameters<NonNullable<Scheduler['worker']['fetch']>>[0], env, ctx);
  return { response, ctx };
}

async function listTasks(scheduler: Scheduler, pluginId: string): Promise<TasksResponse['tasks']> {
  const { response } = await request(scheduler, `${apiBase(pluginId)}/tasks`);
  return tasksResponseSchema.parse(await response.json()).tasks;
}

describe('local tasks in a Worker isolate', () => {
  it('run when the cron trigger reaches the isolate, whose event lasts until the run ends', async () => {
    const pluginId = aPluginWith({ tick: { scope: 'local', frequency: { minutes: 1 }, timeout: { minutes: 5 } } });
    const scheduler = aCaseScheduler(pluginId);
    const ctx = await cronTrigger(scheduler);

    (await nthRun(`${pluginId}/tick`, 1)).finish();
    await waitOnExecutionContext(ctx);

    expect((await listTasks(scheduler, pluginId))[0]?.taskState).toEqual({
      status: 'idle',
      startsAt: new Date(FAR_FUTURE + MINUTE_MS).toISOString(),
      lastRunEndedAt: new Date(FAR_FUTURE).toISOString(),
    });
  });

  it('run when a request reaches the isolate', async () => {
    const pluginId = aPluginWith({ warm: { scope: 'local', frequency: { minutes: 1 }, timeout: { minutes: 5 } } });
    const scheduler = aCaseScheduler(pluginId);

    const { response } = await request(scheduler, '/no-such-route');

    expect(response.status).toBe(404);
    expect(await nthRun(`${pluginId}/warm`, 1)).toBeDefined();
  });

  it("never run in the plugin's Durable Object", async () => {
    const pluginId = aPluginWith({ isolateOnly: { scope: 'local', frequency: { seconds: 1 }, timeout: { minutes: 1 } } });
    await startPlugin(pluginId);
    sharedTestClock.advance(MINUTE_MS);

    await fireAlarm(pluginId);

    expect(await readRow(pluginId, 'isolateOnly')).toBeUndefined();
    expect(runsOf(`${pluginId}/isolateOnly`)).toEqual([]);
  });

  it("are listed by GET .../tasks with this isolate's state, beside the object's global tasks", async () => {
    const pluginId = aPluginWith({
      here: { scope: 'local', frequency: { trigger: 'manual' }, timeout: { minutes: 1 } },
      everywhere: { frequency: { trigger: 'manual' }, timeout: { minutes: 1 } },
    });
    const scheduler = aCaseScheduler(pluginId);

    const tasks = await listTasks(scheduler, pluginId);

    expect(tasks.map(({ taskId, scope, taskState }) => ({ taskId, scope, taskState }))).toEqual([
      { taskId: 'everywhere', scope: 'global', taskState: { status: 'idle' } },
      { taskId: 'here', scope: 'local', taskState: { status: 'idle' } },
    ]);
  });

  it('start in this isolate when triggered, and answer 409 while they run', async () => {
    const pluginId = aPluginWith({ button: { scope: 'local', frequency: { trigger: 'manual' }, timeout: { minutes: 1 } } });
    const scheduler = aCaseScheduler(pluginId);
    const first = await request(scheduler, `${apiBase(pluginId)}/tasks/button/trigger`, 'POST');
    const run = await nthRun(`${pluginId}/button`, 1);

    const second = await request(scheduler, `${apiBase(pluginId)}/tasks/button/trigger`, 'POST');

    expect(first.response.status).toBe(200);
    expect(second.response.status).toBe(409);
    expect((await jsonOf(second.response)).error).toEqual({ name: 'ConflictError', message: 'Task button is currently running' });
    run.finish();
    await waitOnExecutionContext(first.ctx);
  });

  it("have their run's signal aborted by a cancel, and answer 409 when idle", async () => {
    const pluginId = aPluginWith({ stoppable: { scope: 'local', frequency: { trigger: 'manual' }, timeout: { minutes: 1 } } });
    const scheduler = aCaseScheduler(pluginId);
    const trigger = await request(scheduler, `${apiBase(pluginId)}/tasks/stoppable/trigger`, 'POST');
    const run = await nthRun(`${pluginId}/stoppable`, 1);

    const cancel = await request(scheduler, `${apiBase(pluginId)}/tasks/stoppable/cancel`, 'POST');
    const reason = await run.aborted;
    run.fail(new Error(reason));
    await waitOnExecutionContext(trigger.ctx);
    const again = await request(scheduler, `${apiBase(pluginId)}/tasks/stoppable/cancel`, 'POST');

    expect(cancel.response.status).toBe(200);
    expect(reason).toBe('Task was cancelled');
    expect(again.response.status).toBe(409);
    expect((await jsonOf(again.response)).error).toEqual({ name: 'ConflictError', message: 'Task stoppable is not running' });
  });

  it('end a run past its timeout at the next cron trigger, even if the run never settles', async () => {
    const pluginId = aPluginWith({ hang: { scope: 'local', frequency: { hours: 1 }, timeout: { minutes: 1 } } });
    const scheduler = aCaseScheduler(pluginId);
    await cronTrigger(scheduler);
    const run = await nthRun(`${pluginId}/hang`, 1);
    sharedTestClock.advance(2 * MINUTE_MS);

    await cronTrigger(scheduler);

    expect(run.abortReason).toBe('Task timed out after PT1M');
    expect((await listTasks(scheduler, pluginId))[0]?.taskState).toMatchObject({
      status: 'idle',
      lastRunError: '{"name":"TimeoutError","message":"Task timed out after PT1M"}',
    });
  });
});
