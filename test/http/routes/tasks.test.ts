import { describe, expect, it } from 'vitest';
import { createApp } from '../../../src/http/app.ts';
import { tasksResponseSchema } from '../../../src/http/schemas.ts';
import { AUTHORIZED, TEST_ENV } from '../../support/api-request.ts';
import { createFakeSchedulerApi } from '../../support/fake-scheduler-api.ts';
import { createFakeDirectory } from '../../support/fake-scheduler-directory.ts';
import { aTaskSnapshot } from '../../support/task-snapshot.ts';

const STARTED_AT = Date.UTC(2026, 0, 15, 9, 30, 0);
const TIMES_OUT_AT = Date.UTC(2026, 0, 15, 9, 31, 0);
const ENDED_AT = Date.UTC(2026, 0, 15, 8, 0, 12, 345);
const STARTS_AT = Date.UTC(2026, 0, 15, 10, 0, 0);
const LAST_RUN_ERROR = JSON.stringify({ name: 'TypeError', message: 'fetch failed' });

function tasksPath(pluginId: string): string {
  return `/api/${pluginId}/.backstage/scheduler/v1/tasks`;
}

const AUTHORIZED_POST = { method: 'POST', headers: AUTHORIZED };

describe('GET /api/:pluginId/.backstage/scheduler/v1/tasks', () => {
  it('lists an idle manual task with no startsAt key', async () => {
    const scheduler = createFakeSchedulerApi([aTaskSnapshot({ taskId: 'refresh-catalog' })]);
    const app = createApp(createFakeDirectory({ catalog: scheduler }));

    const res = await app.request(tasksPath('catalog'), { headers: AUTHORIZED }, TEST_ENV);

    expect(res.status).toBe(200);
    const body = await res.json();
    expect(tasksResponseSchema.safeParse(body).success).toBe(true);
    expect(body).toStrictEqual({
      tasks: [
        {
          taskId: 'refresh-catalog',
          pluginId: 'catalog',
          scope: 'global',
          settings: { version: 2, cadence: 'manual', timeoutAfterDuration: 'PT1M' },
          taskState: { status: 'idle' },
          workerState: { status: 'idle' },
        },
      ],
    });
  });

  it('shows an idle scheduled task\'s next run as an ISO-8601 UTC startsAt', async () => {
    const task = aTaskSnapshot({
      taskId: 'sync',
      settings: { version: 2, cadence: '*/30 * * * *', timeoutAfterDuration: 'PT5M', initialDelayDuration: 'PT10S' },
      taskState: { status: 'idle', startsAt: STARTS_AT },
      workerState: { status: 'initial-wait' },
    });
    const app = createApp(createFakeDirectory({ catalog: createFakeSchedulerApi([task]) }));

    const res = await app.request(tasksPath('catalog'), { headers: AUTHORIZED }, TEST_ENV);

    const body = await res.json();
    expect(tasksResponseSchema.safeParse(body).success).toBe(true);
    expect(body).toStrictEqual({
      tasks: [
        {
          taskId: 'sync',
          pluginId: 'catalog',
          scope: 'global',
          settings: { version: 2, cadence: '*/30 * * * *', timeoutAfterDuration: 'PT5M', initialDelayDuration: 'PT10S' },
          taskState: { status: 'idle', startsAt: '2026-01-15T10:00:00.000Z' },
          workerState: { status: 'initial-wait' },
        },
      ],
    });
  });

  it('shows a running task\'s startedAt and timesOutAt as ISO-8601 UTC', async () => {
    const task = aTaskSnapshot({
      taskId: 'sync',
      taskState: { status: 'running', startedAt: STARTED_AT, timesOutAt: TIMES_OUT_AT },
      workerState: { status: 'running' },
    });
    const app = createApp(createFakeDirectory({ catalog: createFakeSchedulerApi([task]) }));

    const res = await app.request(tasksPath('catalog'), { headers: AUTHORIZED }, TEST_ENV);

    const body = await res.json();
    expect(tasksResponseSchema.safeParse(body).success).toBe(true);
    expect(body).toStrictEqual({
      tasks: [
        {
          taskId: 'sync',
          pluginId: 'catalog',
          scope: 'global',
          settings: { version: 2, cadence: 'manual', timeoutAfterDuration: 'PT1M' },
          taskState: { status: 'running', startedAt: '2026-01-15T09:30:00.000Z', timesOutAt: '2026-01-15T09:31:00.000Z' },
          workerState: { status: 'running' },
        },
      ],
    });
  });

  it('passes lastRunError through as the same string and shows lastRunEndedAt as ISO-8601 UTC', async () => {
    const task = aTaskSnapshot({
      taskId: 'sync',
      scope: 'local',
      taskState: { status: 'idle', lastRunError: LAST_RUN_ERROR, lastRunEndedAt: ENDED_AT },
    });
    const app = createApp(createFakeDirectory({ catalog: createFakeSchedulerApi([task]) }));

    const res = await app.request(tasksPath('catalog'), { headers: AUTHORIZED }, TEST_ENV);

    const body = await res.json();
    expect(tasksResponseSchema.safeParse(body).success).toBe(true);
    expect(body).toStrictEqual({
      tasks: [
        {
          taskId: 'sync',
          pluginId: 'catalog',
          scope: 'local',
          settings: { version: 2, cadence: 'manual', timeoutAfterDuration: 'PT1M' },
          taskState: {
            status: 'idle',
            lastRunError: '{"name":"TypeError","message":"fetch failed"}',
            lastRunEndedAt: '2026-01-15T08:00:12.345Z',
          },
          workerState: { status: 'idle' },
        },
      ],
    });
  });

  it('leaves optional fields out rather than sending null', async () => {
    const task = aTaskSnapshot({
      taskState: { status: 'running', startedAt: STARTED_AT, timesOutAt: TIMES_OUT_AT },
    });
    const app = createApp(createFakeDirectory({ catalog: createFakeSchedulerApi([task]) }));

    const res = await app.request(tasksPath('catalog'), { headers: AUTHORIZED }, TEST_ENV);

    const text = await res.text();
    expect(text).not.toContain('null');
    expect(Object.keys(JSON.parse(text).tasks[0].taskState)).toEqual(['status', 'startedAt', 'timesOutAt']);
  });

  it('lists every task the scheduler reports, in its order', async () => {
    const tasks = [aTaskSnapshot({ taskId: 'b-task' }), aTaskSnapshot({ taskId: 'a-task' })];
    const app = createApp(createFakeDirectory({ catalog: createFakeSchedulerApi(tasks) }));

    const res = await app.request(tasksPath('catalog'), { headers: AUTHORIZED }, TEST_ENV);

    const body = tasksResponseSchema.parse(await res.json());
    expect(body.tasks.map((task) => task.taskId)).toEqual(['b-task', 'a-task']);
  });

  it('lists the tasks of the plugin named in the path', async () => {
    const directory = createFakeDirectory({ 'search-2': createFakeSchedulerApi([aTaskSnapshot()], {}, 'search-2') });
    const app = createApp(directory);

    const res = await app.request(tasksPath('search-2'), { headers: AUTHORIZED }, TEST_ENV);

    const body = tasksResponseSchema.parse(await res.json());
    expect(body.tasks[0]?.pluginId).toBe('search-2');
    expect(directory.lookups).toEqual([{ env: TEST_ENV, pluginId: 'search-2' }]);
  });

  it('answers 200 with no tasks for a plugin the directory does not know', async () => {
    const app = createApp(createFakeDirectory({ catalog: createFakeSchedulerApi([aTaskSnapshot()]) }));

    const res = await app.request(tasksPath('unknown'), { headers: AUTHORIZED }, TEST_ENV);

    expect(res.status).toBe(200);
    expect(await res.text()).toBe('{"tasks":[]}');
  });

  it('answers 400 with Backstage\'s body for an invalid plugin id', async () => {
    const directory = createFakeDirectory({ catalog: createFakeSchedulerApi() });
    const app = createApp(directory);

    const res = await app.request(tasksPath('Bad_Plugin'), { headers: AUTHORIZED }, TEST_ENV);

    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { name: 'InputError', message: 'Invalid pluginId: must be lowercase letters, digits and dashes' },
      request: { method: 'GET', url: '/.backstage/scheduler/v1/tasks' },
      response: { statusCode: 400 },
    });
    expect(directory.lookups).toEqual([]);
  });
});

describe.each(['trigger', 'cancel'] as const)('POST /api/:pluginId/.backstage/scheduler/v1/tasks/:taskId/%s', (action) => {
  const method = action === 'trigger' ? 'triggerTask' : 'cancelTask';
  // A task in the state the action accepts: trigger needs it idle, cancel needs it running.
  const acceptingState = action === 'trigger'
    ? ({ status: 'idle' } as const)
    : ({ status: 'running', startedAt: STARTED_AT, timesOutAt: TIMES_OUT_AT } as const);

  function actionPath(pluginId: string, encodedTaskId: string): string {
    return `${tasksPath(pluginId)}/${encodedTaskId}/${action}`;
  }

  it('answers 200 with an empty body', async () => {
    const scheduler = createFakeSchedulerApi([aTaskSnapshot({ taskId: 'x', taskState: acceptingState })]);
    const app = createApp(createFakeDirectory({ catalog: scheduler }));

    const res = await app.request(actionPath('catalog', 'x'), AUTHORIZED_POST, TEST_ENV);

    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect(scheduler.calls).toEqual([{ method, taskId: 'x' }]);
  });

  it.each([
    ['a%3Ab', 'a:b'],
    ['a%2Fb', 'a/b'],
    ['with%20space', 'with space'],
    ['100%25', '100%'],
  ])('passes the task id %s to the scheduler URL-decoded as %s', async (encoded, decoded) => {
    const scheduler = createFakeSchedulerApi([aTaskSnapshot({ taskId: decoded, taskState: acceptingState })]);
    const app = createApp(createFakeDirectory({ catalog: scheduler }));

    const res = await app.request(actionPath('catalog', encoded), AUTHORIZED_POST, TEST_ENV);

    expect(res.status).toBe(200);
    expect(scheduler.calls).toEqual([{ method, taskId: decoded }]);
  });

  it('answers 404 with Backstage\'s body for a task the scheduler does not have', async () => {
    const app = createApp(createFakeDirectory({ catalog: createFakeSchedulerApi() }));

    const res = await app.request(actionPath('catalog', 'x'), AUTHORIZED_POST, TEST_ENV);

    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { name: 'NotFoundError', message: 'Task x does not exist' },
      request: { method: 'POST', url: `/.backstage/scheduler/v1/tasks/x/${action}` },
      response: { statusCode: 404 },
    });
  });

  it('answers 404 NotFoundError for a plugin the directory does not know', async () => {
    const app = createApp(createFakeDirectory({ catalog: createFakeSchedulerApi([aTaskSnapshot({ taskId: 'x' })]) }));

    const res = await app.request(actionPath('unknown', 'x'), AUTHORIZED_POST, TEST_ENV);

    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { name: 'NotFoundError', message: 'Task x does not exist' },
      request: { method: 'POST', url: `/.backstage/scheduler/v1/tasks/x/${action}` },
      response: { statusCode: 404 },
    });
  });

  it('accepts a task id of exactly 200 characters', async () => {
    const taskId = 'a'.repeat(200);
    const scheduler = createFakeSchedulerApi([aTaskSnapshot({ taskId, taskState: acceptingState })]);
    const app = createApp(createFakeDirectory({ catalog: scheduler }));

    const res = await app.request(actionPath('catalog', taskId), AUTHORIZED_POST, TEST_ENV);

    expect(res.status).toBe(200);
  });

  it('answers 400 InputError for a task id longer than 200 characters without calling the scheduler', async () => {
    const taskId = 'a'.repeat(201);
    const scheduler = createFakeSchedulerApi([aTaskSnapshot({ taskId, taskState: acceptingState })]);
    const app = createApp(createFakeDirectory({ catalog: scheduler }));

    const res = await app.request(actionPath('catalog', taskId), AUTHORIZED_POST, TEST_ENV);

    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { name: 'InputError', message: 'Invalid taskId: must be at most 200 characters' },
      request: { method: 'POST', url: `/.backstage/scheduler/v1/tasks/${taskId}/${action}` },
      response: { statusCode: 400 },
    });
    expect(scheduler.calls).toEqual([]);
  });

  it('answers 400 InputError for an invalid plugin id', async () => {
    const app = createApp(createFakeDirectory({ catalog: createFakeSchedulerApi() }));

    const res = await app.request(actionPath('Bad_Plugin', 'x'), AUTHORIZED_POST, TEST_ENV);

    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { name: 'InputError' }, response: { statusCode: 400 } });
  });
});

describe('POST /api/:pluginId/.backstage/scheduler/v1/tasks/:taskId/trigger', () => {
  it('answers 409 ConflictError for a task that is currently running', async () => {
    const task = aTaskSnapshot({ taskId: 'x', taskState: { status: 'running', startedAt: STARTED_AT, timesOutAt: TIMES_OUT_AT } });
    const app = createApp(createFakeDirectory({ catalog: createFakeSchedulerApi([task]) }));

    const res = await app.request(`${tasksPath('catalog')}/x/trigger`, AUTHORIZED_POST, TEST_ENV);

    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({
      error: { name: 'ConflictError', message: 'Task x is currently running' },
      request: { method: 'POST', url: '/.backstage/scheduler/v1/tasks/x/trigger' },
      response: { statusCode: 409 },
    });
  });
});

describe('POST /api/:pluginId/.backstage/scheduler/v1/tasks/:taskId/cancel', () => {
  it('answers 409 ConflictError for a task that is not running', async () => {
    const app = createApp(createFakeDirectory({ catalog: createFakeSchedulerApi([aTaskSnapshot({ taskId: 'x' })]) }));

    const res = await app.request(`${tasksPath('catalog')}/x/cancel`, AUTHORIZED_POST, TEST_ENV);

    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({
      error: { name: 'ConflictError', message: 'Task x is not running' },
      request: { method: 'POST', url: '/.backstage/scheduler/v1/tasks/x/cancel' },
      response: { statusCode: 409 },
    });
  });
});
