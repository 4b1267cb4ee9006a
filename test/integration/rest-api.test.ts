import { env, listDurableObjectIds, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { tasksResponseSchema, type TasksResponse } from '../../src/http/schemas.ts';
import { aPluginWith } from '../support/plugin-definitions.ts';
import { FAR_FUTURE, sharedTestClock } from '../support/shared-test-clock.ts';
import { apiBase, callApi, endRun, fireAlarm, jsonOf, postTaskAction, startPlugin } from '../support/scheduler-harness.ts';
import { nthRun } from '../support/task-probe.ts';

sharedTestClock.freeze(FAR_FUTURE);

async function listTasks(pluginId: string): Promise<TasksResponse> {
  const response = await callApi(`${apiBase(pluginId)}/tasks`);
  expect(response.status).toBe(200);
  return tasksResponseSchema.parse(await response.json());
}

describe('GET .../tasks', () => {
  it('lists every task in the contract shape, with ISO-8601 UTC times', async () => {
    const pluginId = aPluginWith({
      refresh: { frequency: { minutes: 10 }, timeout: { seconds: 30 }, initialDelay: { seconds: 10 } },
      nightly: { frequency: { cron: '0 3 * * *', timeZone: 'Europe/Berlin' }, timeout: { hours: 1 } },
      onDemand: { frequency: { trigger: 'manual' }, timeout: 'PT1M' },
    });
    const now = sharedTestClock.now();

    const { tasks } = await listTasks(pluginId);

    expect(tasks).toEqual([
      {
        taskId: 'nightly',
        pluginId,
        scope: 'global',
        settings: { version: 2, cadence: '0 3 * * *', timeZone: 'Europe/Berlin', timeoutAfterDuration: 'PT1H' },
        taskState: { status: 'idle', startsAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT02:00:00\.000Z$/) },
        workerState: { status: 'idle' },
        source: 'code',
      },
      {
        taskId: 'onDemand',
        pluginId,
        scope: 'global',
        settings: { version: 2, cadence: 'manual', timeoutAfterDuration: 'PT1M' },
        taskState: { status: 'idle' },
        workerState: { status: 'idle' },
        source: 'code',
      },
      {
        taskId: 'refresh',
        pluginId,
        scope: 'global',
        settings: { version: 2, cadence: 'PT10M', initialDelayDuration: 'PT10S', timeoutAfterDuration: 'PT30S' },
        taskState: { status: 'idle', startsAt: new Date(now + 10_000).toISOString() },
        workerState: { status: 'initial-wait' },
        source: 'code',
      },
    ]);
  });

  it('shows a running task with its start, its timeout, and the last run before it', async () => {
    const pluginId = aPluginWith({ job: { frequency: { hours: 1 }, timeout: { minutes: 2 } } });
    await startPlugin(pluginId);
    await fireAlarm(pluginId);
    await endRun(pluginId, await nthRun(`${pluginId}/job`, 1), new Error('first run failed'));
    const endedAt = sharedTestClock.now();
    sharedTestClock.advance(3_600_000);
    await fireAlarm(pluginId);
    const startedAt = sharedTestClock.now();

    const { tasks } = await listTasks(pluginId);

    expect(tasks[0]?.taskState).toEqual({
      status: 'running',
      startedAt: new Date(startedAt).toISOString(),
      timesOutAt: new Date(startedAt + 120_000).toISOString(),
      lastRunEndedAt: new Date(endedAt).toISOString(),
      lastRunError: '{"name":"Error","message":"first run failed"}',
    });
    expect(tasks[0]?.workerState).toEqual({ status: 'running' });
    await endRun(pluginId, await nthRun(`${pluginId}/job`, 2));
  });

  it('answers an unknown plugin with no tasks, and creates no object for it', async () => {
    const response = await callApi(`${apiBase('no-such-plugin')}/tasks`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ tasks: [] });
    const ids = await listDurableObjectIds(env.PLUGIN_SCHEDULER);
    expect(ids.some((id) => id.equals(env.PLUGIN_SCHEDULER.idFromName('no-such-plugin')))).toBe(false);
  });

  it('refuses a malformed plugin id with an InputError', async () => {
    const response = await callApi('/api/Not_A_Plugin/.backstage/scheduler/v1/tasks');

    expect(response.status).toBe(400);
    expect((await jsonOf(response)).error.name).toBe('InputError');
  });
});

describe('authentication', () => {
  const routes: Array<[string, string]> = [
    ['GET', `${apiBase('probe')}/tasks`],
    ['POST', `${apiBase('probe')}/tasks/manual/trigger`],
    ['POST', `${apiBase('probe')}/tasks/manual/cancel`],
  ];

  it.each(routes)('refuses %s %s without a token', async (method, path) => {
    const response = await SELF.fetch(`http://scheduler.test${path}`, { method });

    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: { name: 'AuthenticationError', message: 'Missing bearer token in Authorization header' },
      request: { method, url: path.replace('/api/probe', '') },
      response: { statusCode: 401 },
    });
  });

  it.each(routes)('refuses %s %s with a wrong token', async (method, path) => {
    const response = await SELF.fetch(`http://scheduler.test${path}`, { method, headers: { Authorization: 'Bearer test-token-3' } });

    expect(response.status).toBe(401);
    expect((await jsonOf(response)).error).toEqual({ name: 'AuthenticationError', message: 'Invalid bearer token' });
  });

  it('accepts any of the configured tokens', async () => {
    const response = await SELF.fetch(`http://scheduler.test${apiBase('probe')}/tasks`, { headers: { Authorization: 'Bearer test-token-2' } });

    expect(response.status).toBe(200);
  });

  it('starts no run for an unauthenticated trigger', async () => {
    const before = (await listTasks('probe')).tasks.find((task) => task.taskId === 'manual')?.taskState;

    await SELF.fetch(`http://scheduler.test${apiBase('probe')}/tasks/manual/trigger`, { method: 'POST' });

    expect((await listTasks('probe')).tasks.find((task) => task.taskId === 'manual')?.taskState).toEqual(before);
  });
});

describe('the trigger route', () => {
  it('answers 200 even while the task is in its initial wait, and starts it', async () => {
    const pluginId = aPluginWith({ delayed: { frequency: { hours: 1 }, timeout: { minutes: 1 }, initialDelay: { hours: 1 } } });

    const response = await postTaskAction(pluginId, 'delayed', 'trigger');

    expect(response.status).toBe(200);
    await endRun(pluginId, await nthRun(`${pluginId}/delayed`, 1));
  });
});
