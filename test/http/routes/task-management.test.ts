import { describe, expect, it } from 'vitest';
import { createApp } from '../../../src/http/app.ts';
import { taskResponseSchema } from '../../../src/http/schemas.ts';
import { AUTHORIZED, TEST_ENV } from '../../support/api-request.ts';
import { createFakeSchedulerApi } from '../../support/fake-scheduler-api.ts';
import { createFakeDirectory } from '../../support/fake-scheduler-directory.ts';
import { aTaskSnapshot } from '../../support/task-snapshot.ts';

function taskPath(pluginId: string, taskId: string): string {
  return `/api/${pluginId}/.backstage/scheduler/v1/tasks/${taskId}`;
}

/** A valid `PUT` body: every five minutes, a one-minute timeout, POSTing to a webhook. */
function aTaskInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { frequency: { minutes: 5 }, timeout: { minutes: 1 }, handler: { url: 'https://hooks.example.com/refresh' }, ...overrides };
}

function putRequest(body: unknown): RequestInit {
  return { method: 'PUT', headers: { ...AUTHORIZED, 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}

/** The Backstage error body of a 400 for `PUT .../tasks/x` on the catalog plugin. */
function inputErrorBody(message: string) {
  return {
    error: { name: 'InputError', message },
    request: { method: 'PUT', url: '/.backstage/scheduler/v1/tasks/x' },
    response: { statusCode: 400 },
  };
}

const AUTHORIZED_POST = { method: 'POST', headers: AUTHORIZED };
// The documented limit, written out rather than imported, so a change to it fails here.
const MAX_BODY_BYTES = 64 * 1024;
const AUTHORIZED_DELETE = { method: 'DELETE', headers: AUTHORIZED };

describe('PUT /api/:pluginId/.backstage/scheduler/v1/tasks/:taskId', () => {
  it('answers 201 with the saved task when the task is new', async () => {
    const app = createApp(createFakeDirectory({ catalog: createFakeSchedulerApi() }));

    const res = await app.request(taskPath('catalog', 'x'), putRequest(aTaskInput()), TEST_ENV);

    expect(res.status).toBe(201);
    const body = await res.json();
    expect(taskResponseSchema.safeParse(body).success).toBe(true);
    expect(body).toStrictEqual({
      taskId: 'x',
      pluginId: 'catalog',
      scope: 'global',
      settings: { version: 2, cadence: 'PT5M', timeoutAfterDuration: 'PT1M' },
      taskState: { status: 'idle' },
      workerState: { status: 'idle' },
      source: 'api',
      handler: { url: 'https://hooks.example.com/refresh', method: 'POST' },
    });
  });

  it('answers 200 when the task already existed', async () => {
    const scheduler = createFakeSchedulerApi([aTaskSnapshot({ taskId: 'x', source: 'api' })]);
    const app = createApp(createFakeDirectory({ catalog: scheduler }));

    const res = await app.request(taskPath('catalog', 'x'), putRequest(aTaskInput()), TEST_ENV);

    expect(res.status).toBe(200);
  });

  it('opens the scheduler of a plugin that has no tasks yet', async () => {
    const scheduler = createFakeSchedulerApi();
    const app = createApp(createFakeDirectory({ fresh: scheduler }));

    await app.request(taskPath('fresh', 'x'), putRequest(aTaskInput()), TEST_ENV);

    expect(scheduler.calls).toEqual([{ method: 'putTask', taskId: 'x' }]);
  });

  it('normalises a cron frequency with its time zone into settings', async () => {
    const app = createApp(createFakeDirectory({ catalog: createFakeSchedulerApi() }));
    const input = aTaskInput({ frequency: { cron: '0 3 * * *', timeZone: 'Europe/Berlin' }, timeout: 'PT10M', initialDelay: { seconds: 30 } });

    const res = await app.request(taskPath('catalog', 'x'), putRequest(input), TEST_ENV);

    expect(await res.json()).toMatchObject({
      settings: { version: 2, cadence: '0 3 * * *', timeZone: 'Europe/Berlin', initialDelayDuration: 'PT30S', timeoutAfterDuration: 'PT10M' },
    });
  });

  it('shows the handler\'s header names but not their values', async () => {
    const app = createApp(createFakeDirectory({ catalog: createFakeSchedulerApi() }));
    const input = aTaskInput({ handler: { url: 'https://hooks.example.com/refresh', headers: { Authorization: 'Bearer secret' } } });

    const res = await app.request(taskPath('catalog', 'x'), putRequest(input), TEST_ENV);

    expect(await res.json()).toMatchObject({ handler: { headers: { Authorization: '[redacted]' } } });
  });

  it('answers 400 InputError naming an unknown field, without calling the scheduler', async () => {
    const scheduler = createFakeSchedulerApi();
    const app = createApp(createFakeDirectory({ catalog: scheduler }));

    const res = await app.request(taskPath('catalog', 'x'), putRequest(aTaskInput({ retries: 3 })), TEST_ENV);

    expect(res.status).toBe(400);
    expect(await res.json()).toEqual(inputErrorBody('Invalid body: Unrecognized key: "retries"'));
    expect(scheduler.calls).toEqual([]);
  });

  it('answers 400 InputError naming a field of the wrong type', async () => {
    const app = createApp(createFakeDirectory({ catalog: createFakeSchedulerApi() }));

    const res = await app.request(taskPath('catalog', 'x'), putRequest(aTaskInput({ timeout: 60 })), TEST_ENV);

    expect(res.status).toBe(400);
    expect(await res.json()).toEqual(
      inputErrorBody('Invalid timeout: must be an ISO-8601 duration string or an object such as { "minutes": 5 }'),
    );
  });

  it('answers 400 InputError naming a missing handler', async () => {
    const app = createApp(createFakeDirectory({ catalog: createFakeSchedulerApi() }));

    const res = await app.request(taskPath('catalog', 'x'), putRequest(aTaskInput({ handler: undefined })), TEST_ENV);

    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { name: 'InputError', message: expect.stringMatching(/^Invalid handler: /) } });
  });

  it('answers 400 InputError naming a handler path that does not start with /', async () => {
    const app = createApp(createFakeDirectory({ catalog: createFakeSchedulerApi() }));
    const input = aTaskInput({ handler: { service: 'HANDLER_SERVICE', path: 'refresh' } });

    const res = await app.request(taskPath('catalog', 'x'), putRequest(input), TEST_ENV);

    expect(res.status).toBe(400);
    expect(await res.json()).toEqual(inputErrorBody('Invalid handler.path: must start with /'));
  });

  it('answers 400 InputError naming the frequency for a cron expression that does not parse', async () => {
    const app = createApp(createFakeDirectory({ catalog: createFakeSchedulerApi() }));

    const res = await app.request(taskPath('catalog', 'x'), putRequest(aTaskInput({ frequency: { cron: '61 * * * *' } })), TEST_ENV);

    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: { name: 'InputError', message: expect.stringMatching(/^Invalid schedule for task 'x': frequency /) },
    });
  });

  it('answers 400 InputError for a timeout over 24 hours', async () => {
    const scheduler = createFakeSchedulerApi();
    const app = createApp(createFakeDirectory({ catalog: scheduler }));

    const res = await app.request(taskPath('catalog', 'x'), putRequest(aTaskInput({ timeout: { hours: 25 } })), TEST_ENV);

    expect(res.status).toBe(400);
    expect(await res.json()).toEqual(
      inputErrorBody("Invalid schedule for task 'x': timeout must be at most 24 hours, got PT25H"),
    );
    expect(scheduler.calls).toEqual([]);
  });

  it('accepts a timeout of exactly 24 hours', async () => {
    const app = createApp(createFakeDirectory({ catalog: createFakeSchedulerApi() }));

    const res = await app.request(taskPath('catalog', 'x'), putRequest(aTaskInput({ timeout: 'PT24H' })), TEST_ENV);

    expect(res.status).toBe(201);
  });

  it('answers 400 InputError naming the scope for a local task, which a handler cannot have', async () => {
    const app = createApp(createFakeDirectory({ catalog: createFakeSchedulerApi() }));

    const res = await app.request(taskPath('catalog', 'x'), putRequest(aTaskInput({ scope: 'local' })), TEST_ENV);

    expect(res.status).toBe(400);
    expect(await res.json()).toEqual(
      inputErrorBody("Invalid scope: must be 'global': tasks with an HTTP handler run on one worker"),
    );
  });

  it('answers 400 InputError for a body that is not JSON', async () => {
    const app = createApp(createFakeDirectory({ catalog: createFakeSchedulerApi() }));
    const init = { method: 'PUT', headers: { ...AUTHORIZED, 'Content-Type': 'application/json' }, body: '{"frequency":' };

    const res = await app.request(taskPath('catalog', 'x'), init, TEST_ENV);

    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { name: 'InputError' }, response: { statusCode: 400 } });
  });

  it(`accepts a body of exactly ${MAX_BODY_BYTES} bytes`, async () => {
    const app = createApp(createFakeDirectory({ catalog: createFakeSchedulerApi() }));
    const padding = MAX_BODY_BYTES - JSON.stringify(aTaskInput({ handler: { url: 'https://hooks.example.com/refresh', body: '' } })).length;
    const input = aTaskInput({ handler: { url: 'https://hooks.example.com/refresh', body: 'x'.repeat(padding) } });

    const res = await app.request(taskPath('catalog', 'x'), putRequest(input), TEST_ENV);

    expect(res.status).toBe(201);
  });

  it(`answers 413 PayloadTooLargeError for a body over ${MAX_BODY_BYTES} bytes`, async () => {
    const scheduler = createFakeSchedulerApi();
    const app = createApp(createFakeDirectory({ catalog: scheduler }));
    const padding = MAX_BODY_BYTES + 1 - JSON.stringify(aTaskInput({ handler: { url: 'https://hooks.example.com/refresh', body: '' } })).length;
    const input = aTaskInput({ handler: { url: 'https://hooks.example.com/refresh', body: 'x'.repeat(padding) } });

    const res = await app.request(taskPath('catalog', 'x'), putRequest(input), TEST_ENV);

    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      error: { name: 'PayloadTooLargeError', message: `Request body is larger than ${MAX_BODY_BYTES} bytes` },
      request: { method: 'PUT', url: '/.backstage/scheduler/v1/tasks/x' },
      response: { statusCode: 413 },
    });
    expect(scheduler.calls).toEqual([]);
  });

  it('answers 413 for an oversized body whose Content-Length announces it', async () => {
    const app = createApp(createFakeDirectory({ catalog: createFakeSchedulerApi() }));
    const body = JSON.stringify(aTaskInput({ handler: { url: 'https://hooks.example.com/refresh', body: 'x'.repeat(MAX_BODY_BYTES) } }));
    const init = { method: 'PUT', headers: { ...AUTHORIZED, 'Content-Type': 'application/json', 'Content-Length': String(body.length) }, body };

    const res = await app.request(taskPath('catalog', 'x'), init, TEST_ENV);

    expect(res.status).toBe(413);
  });

  it('answers 401 without a bearer token', async () => {
    const scheduler = createFakeSchedulerApi();
    const app = createApp(createFakeDirectory({ catalog: scheduler }));

    const res = await app.request(taskPath('catalog', 'x'), { ...putRequest(aTaskInput()), headers: { 'Content-Type': 'application/json' } }, TEST_ENV);

    expect(res.status).toBe(401);
    expect(scheduler.calls).toEqual([]);
  });
});

describe('GET /api/:pluginId/.backstage/scheduler/v1/tasks/:taskId', () => {
  it('answers 200 with the task', async () => {
    const app = createApp(createFakeDirectory({ catalog: createFakeSchedulerApi([aTaskSnapshot({ taskId: 'x' })]) }));

    const res = await app.request(taskPath('catalog', 'x'), { headers: AUTHORIZED }, TEST_ENV);

    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ taskId: 'x', pluginId: 'catalog', taskState: { status: 'idle' } });
  });

  it('answers 404 NotFoundError for a plugin the directory does not know', async () => {
    const app = createApp(createFakeDirectory({ catalog: createFakeSchedulerApi([aTaskSnapshot({ taskId: 'x' })]) }));

    const res = await app.request(taskPath('unknown', 'x'), { headers: AUTHORIZED }, TEST_ENV);

    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { name: 'NotFoundError', message: 'Task x does not exist' } });
  });
});

describe('DELETE /api/:pluginId/.backstage/scheduler/v1/tasks/:taskId', () => {
  it('answers 204 with an empty body', async () => {
    const scheduler = createFakeSchedulerApi([aTaskSnapshot({ taskId: 'x', source: 'api' })]);
    const app = createApp(createFakeDirectory({ catalog: scheduler }));

    const res = await app.request(taskPath('catalog', 'x'), AUTHORIZED_DELETE, TEST_ENV);

    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    expect(scheduler.calls).toEqual([{ method: 'deleteTask', taskId: 'x' }]);
  });

  it('answers 404 with Backstage\'s body for a task the scheduler does not have', async () => {
    const app = createApp(createFakeDirectory({ catalog: createFakeSchedulerApi() }));

    const res = await app.request(taskPath('catalog', 'x'), AUTHORIZED_DELETE, TEST_ENV);

    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { name: 'NotFoundError', message: 'Task x does not exist' },
      request: { method: 'DELETE', url: '/.backstage/scheduler/v1/tasks/x' },
      response: { statusCode: 404 },
    });
  });

  it('answers 404 for a plugin the directory does not know', async () => {
    const app = createApp(createFakeDirectory({ catalog: createFakeSchedulerApi([aTaskSnapshot({ taskId: 'x' })]) }));

    const res = await app.request(taskPath('unknown', 'x'), AUTHORIZED_DELETE, TEST_ENV);

    expect(res.status).toBe(404);
  });
});

describe.each(['pause', 'resume'] as const)('POST /api/:pluginId/.backstage/scheduler/v1/tasks/:taskId/%s', (action) => {
  const method = action === 'pause' ? 'pauseTask' : 'resumeTask';

  it('answers 200 with the task', async () => {
    const scheduler = createFakeSchedulerApi([aTaskSnapshot({ taskId: 'x', taskState: { status: 'idle', paused: true } })]);
    const app = createApp(createFakeDirectory({ catalog: scheduler }));

    const res = await app.request(`${taskPath('catalog', 'x')}/${action}`, AUTHORIZED_POST, TEST_ENV);

    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ taskId: 'x', pluginId: 'catalog', taskState: { status: 'idle', paused: true } });
    expect(scheduler.calls).toEqual([{ method, taskId: 'x' }]);
  });

  it('answers 404 with Backstage\'s body for a task the scheduler does not have', async () => {
    const app = createApp(createFakeDirectory({ catalog: createFakeSchedulerApi() }));

    const res = await app.request(`${taskPath('catalog', 'x')}/${action}`, AUTHORIZED_POST, TEST_ENV);

    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { name: 'NotFoundError', message: 'Task x does not exist' },
      request: { method: 'POST', url: `/.backstage/scheduler/v1/tasks/x/${action}` },
      response: { statusCode: 404 },
    });
  });
});

describe('PUT without a JSON content type', () => {
  it('answers 400 InputError saying the body must be JSON', async () => {
    const app = createApp(createFakeDirectory({ catalog: createFakeSchedulerApi() }));

    const res = await app.request(taskPath('catalog', 'x'), { method: 'PUT', body: JSON.stringify(aTaskInput()), headers: { ...AUTHORIZED, 'Content-Type': 'text/plain' } }, TEST_ENV);

    expect(res.status).toBe(400);
    expect(await res.json()).toEqual(inputErrorBody('Request body must be JSON, sent with Content-Type: application/json'));
  });
});
