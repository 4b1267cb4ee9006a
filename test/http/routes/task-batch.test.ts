import { describe, expect, it } from 'vitest';
import { createApp } from '../../../src/http/app.ts';
import { taskBatchResponseSchema } from '../../../src/http/schemas.ts';
import { AUTHORIZED, TEST_ENV } from '../../support/api-request.ts';
import { createFakeSchedulerApi } from '../../support/fake-scheduler-api.ts';
import { createFakeDirectory } from '../../support/fake-scheduler-directory.ts';
import { aTaskSnapshot } from '../../support/task-snapshot.ts';

const TASKS_URL = '/api/catalog/.backstage/scheduler/v1/tasks';
// The documented limits, written out rather than imported, so a change to them fails here.
const MAX_BATCH_BODY_BYTES = 1024 * 1024;
const MAX_TASKS = 1_000;

/** A valid item: every five minutes, a one-minute timeout, POSTing to a webhook. */
function anItem(id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, frequency: { minutes: 5 }, timeout: { minutes: 1 }, handler: { url: 'https://hooks.example.com/refresh' }, ...overrides };
}

function putRequest(body: unknown): RequestInit {
  return { method: 'PUT', headers: { ...AUTHORIZED, 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}

/** The Backstage error body of `PUT .../tasks` on the catalog plugin. */
function errorBody(name: string, message: string, statusCode: number) {
  return { error: { name, message }, request: { method: 'PUT', url: '/.backstage/scheduler/v1/tasks' }, response: { statusCode } };
}

/** An app over a catalog plugin whose scheduler records its calls, and the directory that records every lookup. */
function aCatalogApp(tasks = [aTaskSnapshot({ taskId: 'existing', source: 'api' })]) {
  const scheduler = createFakeSchedulerApi(tasks);
  const directory = createFakeDirectory({ catalog: scheduler });
  return { app: createApp(directory), scheduler, directory };
}

/** Sends a batch whose item at `index` is `item` among valid ones, and returns the status and the error message. */
async function refusalOf(item: Record<string, unknown>, index = 1) {
  const { app, directory } = aCatalogApp();
  const items = [anItem('first'), anItem('second'), anItem('third')];
  items[index] = item;

  const res = await app.request(TASKS_URL, putRequest({ tasks: items }), TEST_ENV);

  const body = (await res.json()) as { error: { message: string } };
  return { status: res.status, body, message: body.error.message, lookups: directory.lookups };
}

describe('PUT /api/:pluginId/.backstage/scheduler/v1/tasks', () => {
  it('answers 200 with each task, in the order sent, created or updated', async () => {
    const { app } = aCatalogApp();

    const res = await app.request(TASKS_URL, putRequest({ tasks: [anItem('new'), anItem('existing')] }), TEST_ENV);

    expect(res.status).toBe(200);
    const body = taskBatchResponseSchema.parse(await res.json());
    expect(body.tasks.map(({ taskId, result }) => [taskId, result])).toEqual([
      ['new', 'created'],
      ['existing', 'updated'],
    ]);
  });

  it('answers each task exactly as GET .../tasks/<taskId> shows it', async () => {
    const { app } = aCatalogApp();
    const item = anItem('nightly', { frequency: { cron: '0 3 * * *', timeZone: 'Europe/Berlin' }, handler: { url: 'https://hooks.example.com/n', headers: { Authorization: 'Bearer s3cret' } } });

    const res = await app.request(TASKS_URL, putRequest({ tasks: [item] }), TEST_ENV);

    expect(await res.json()).toStrictEqual({
      tasks: [
        {
          taskId: 'nightly',
          result: 'created',
          task: {
            taskId: 'nightly',
            pluginId: 'catalog',
            scope: 'global',
            settings: { version: 2, cadence: '0 3 * * *', timeZone: 'Europe/Berlin', timeoutAfterDuration: 'PT1M' },
            taskState: { status: 'idle' },
            workerState: { status: 'idle' },
            source: 'api',
            handler: { url: 'https://hooks.example.com/n', method: 'POST', headers: { Authorization: '[redacted]' } },
          },
        },
      ],
    });
  });

  it('hands every task to the plugin\'s scheduler in one call, in the order sent', async () => {
    const { app, scheduler, directory } = aCatalogApp();

    await app.request(TASKS_URL, putRequest({ tasks: [anItem('b'), anItem('a'), anItem('c')] }), TEST_ENV);

    expect(scheduler.calls.map(({ method, taskId }) => `${method} ${taskId}`)).toEqual(['putTasks b', 'putTasks a', 'putTasks c']);
    expect(directory.lookups.map(({ pluginId }) => pluginId)).toEqual(['catalog']);
  });

  it('answers 400 naming the item, its id and the field when the body schema refuses it, and opens no scheduler', async () => {
    const { status, body, lookups } = await refusalOf(anItem('nightly', { timeout: 60 }));

    expect(status).toBe(400);
    expect(body).toEqual(
      errorBody('InputError', "tasks[1] ('nightly'): timeout: must be an ISO-8601 duration string or an object such as { \"minutes\": 5 }", 400),
    );
    expect(lookups).toEqual([]);
  });

  it('answers 400 naming the item for a cron expression that does not parse', async () => {
    const { status, message } = await refusalOf(anItem('nightly', { frequency: { cron: 'H 3 * * *' } }), 2);

    expect(status).toBe(400);
    expect(message).toBe("tasks[2] ('nightly'): frequency cron expression 'H 3 * * *' uses H, which is not supported");
  });

  it('answers 400 naming the item for a timeout over 24 hours', async () => {
    const { status, message } = await refusalOf(anItem('long', { timeout: { hours: 25 } }), 0);

    expect(status).toBe(400);
    expect(message).toBe("tasks[0] ('long'): timeout must be at most 24 hours, got PT25H");
  });

  it('answers 400 naming the item whose handler the outbound policy refuses, and opens no scheduler', async () => {
    const { status, message, lookups } = await refusalOf(anItem('evil', { handler: { url: 'https://evil.example/' } }));

    expect(status).toBe(400);
    expect(message).toBe("tasks[1] ('evil'): handler.url host 'evil.example' is not in SCHEDULER_ALLOWED_HOSTS");
    expect(lookups).toEqual([]);
  });

  it('answers 400 naming the item whose handler field is malformed', async () => {
    const { message } = await refusalOf(anItem('svc', { handler: { service: 'HANDLER_SERVICE', path: 'refresh' } }));

    expect(message).toBe("tasks[1] ('svc'): handler.path: must start with /");
  });

  it('answers 400 naming an item with an unknown field', async () => {
    const { message } = await refusalOf(anItem('x', { retries: 3 }));

    expect(message).toBe("tasks[1] ('x'): Unrecognized key: \"retries\"");
  });

  it('answers 400 naming an item that asks to be local', async () => {
    const { message } = await refusalOf(anItem('x', { scope: 'local' }));

    expect(message).toBe("tasks[1] ('x'): scope: must be 'global': tasks with an HTTP handler run on one worker");
  });

  it.each([
    ['no id', { frequency: { minutes: 5 }, timeout: { minutes: 1 }, handler: { url: 'https://hooks.example.com/x' } }, 'tasks[1]: id: Invalid input: expected string, received undefined'],
    ['an empty id', anItem(''), "tasks[1] (''): id: must not be empty"],
    ['an id over 200 characters', anItem('x'.repeat(201)), `tasks[1] ('${'x'.repeat(40)}…'): id: must be at most 200 characters`],
    ['an id of spaces', anItem('   '), `tasks[1] ('   '): "   " is not a valid task id, expected a non-empty string`],
    ['an id with a control character', anItem('a\nb'), "tasks[1] ('a\nb'): Task id \"a\\nb\" contains control characters"],
  ])('answers 400 naming an item with %s', async (_name, item, message) => {
    const refusal = await refusalOf(item);

    expect(refusal.status).toBe(400);
    expect(refusal.message).toBe(message);
  });

  it('answers 400 naming an id listed twice, and opens no scheduler', async () => {
    const { app, directory } = aCatalogApp();

    const res = await app.request(TASKS_URL, putRequest({ tasks: [anItem('a'), anItem('nightly'), anItem('nightly')] }), TEST_ENV);

    expect(res.status).toBe(400);
    expect(await res.json()).toEqual(errorBody('InputError', "tasks[2] ('nightly'): task id 'nightly' is listed twice, first as tasks[1]", 400));
    expect(directory.lookups).toEqual([]);
  });

  it('answers 400 for an empty list', async () => {
    const { app } = aCatalogApp();

    const res = await app.request(TASKS_URL, putRequest({ tasks: [] }), TEST_ENV);

    expect(res.status).toBe(400);
    expect(await res.json()).toEqual(errorBody('InputError', 'Invalid tasks: must list at least one task', 400));
  });

  it(`accepts ${MAX_TASKS} tasks`, async () => {
    const { app } = aCatalogApp();
    const tasks = Array.from({ length: MAX_TASKS }, (_, index) => anItem(`task-${index}`));

    const res = await app.request(TASKS_URL, putRequest({ tasks }), TEST_ENV);

    expect(res.status).toBe(200);
  });

  it(`answers 400 naming the limit and the count for ${MAX_TASKS + 1} tasks`, async () => {
    const { app, directory } = aCatalogApp();
    const tasks = Array.from({ length: MAX_TASKS + 1 }, (_, index) => anItem(`task-${index}`));

    const res = await app.request(TASKS_URL, putRequest({ tasks }), TEST_ENV);

    expect(res.status).toBe(400);
    expect(await res.json()).toEqual(errorBody('InputError', 'Invalid tasks: at most 1000 tasks per request, got 1001', 400));
    expect(directory.lookups).toEqual([]);
  });

  it.each([
    ['without a task list', {}, 'Invalid tasks: Invalid input: expected array, received undefined'],
    ['with a field beside the list', { tasks: [anItem('a')], replace: true }, 'Invalid body: Unrecognized key: "replace"'],
    ['with a list that is not an array', { tasks: { a: anItem('a') } }, 'Invalid tasks: Invalid input: expected array, received object'],
    ['with an item that is not an object', { tasks: [anItem('a'), 'b'] }, 'tasks[1]: Invalid input: expected object, received string'],
  ])('answers 400 for a body %s', async (_name, body, message) => {
    const { app } = aCatalogApp();

    const res = await app.request(TASKS_URL, putRequest(body), TEST_ENV);

    expect(res.status).toBe(400);
    expect(await res.json()).toEqual(errorBody('InputError', message, 400));
  });

  it('answers 400 for a body sent without a JSON content type', async () => {
    const { app } = aCatalogApp();

    const res = await app.request(TASKS_URL, { ...putRequest({ tasks: [anItem('a')] }), headers: { ...AUTHORIZED, 'Content-Type': 'text/plain' } }, TEST_ENV);

    expect(res.status).toBe(400);
    expect(await res.json()).toEqual(errorBody('InputError', 'Request body must be JSON, sent with Content-Type: application/json', 400));
  });

  it(`accepts a body of exactly ${MAX_BATCH_BODY_BYTES} bytes, over the 64 KiB other routes take`, async () => {
    const { app } = aCatalogApp();
    const empty = { tasks: [anItem('big', { handler: { url: 'https://hooks.example.com/refresh', body: '' } })] };
    const padding = MAX_BATCH_BODY_BYTES - JSON.stringify(empty).length;

    const res = await app.request(TASKS_URL, putRequest({ tasks: [anItem('big', { handler: { url: 'https://hooks.example.com/refresh', body: 'x'.repeat(padding) } })] }), TEST_ENV);

    expect(res.status).toBe(200);
  });

  it(`answers 413 PayloadTooLargeError for a body over ${MAX_BATCH_BODY_BYTES} bytes`, async () => {
    const { app, scheduler } = aCatalogApp();
    const empty = { tasks: [anItem('big', { handler: { url: 'https://hooks.example.com/refresh', body: '' } })] };
    const padding = MAX_BATCH_BODY_BYTES + 1 - JSON.stringify(empty).length;

    const res = await app.request(TASKS_URL, putRequest({ tasks: [anItem('big', { handler: { url: 'https://hooks.example.com/refresh', body: 'x'.repeat(padding) } })] }), TEST_ENV);

    expect(res.status).toBe(413);
    expect(await res.json()).toEqual(errorBody('PayloadTooLargeError', `Request body is larger than ${MAX_BATCH_BODY_BYTES} bytes`, 413));
    expect(scheduler.calls).toEqual([]);
  });

  it('answers 401 without a bearer token, and calls no scheduler', async () => {
    const { app, scheduler } = aCatalogApp();

    const res = await app.request(TASKS_URL, { ...putRequest({ tasks: [anItem('a')] }), headers: { 'Content-Type': 'application/json' } }, TEST_ENV);

    expect(res.status).toBe(401);
    expect(scheduler.calls).toEqual([]);
  });
});
