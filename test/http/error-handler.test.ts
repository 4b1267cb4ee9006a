import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { createApp } from '../../src/http/app.ts';
import { handleError } from '../../src/http/error-handler.ts';
import { AUTHORIZED, TEST_ENV } from '../support/api-request.ts';
import { createBrokenSchedulerApi, createFakeSchedulerApi } from '../support/fake-scheduler-api.ts';
import { createFakeDirectory } from '../support/fake-scheduler-directory.ts';

const TASKS_PATH = '/api/catalog/.backstage/scheduler/v1/tasks';

/** Silences and captures `console.error` for the current test only. */
function captureErrorLog() {
  const log = vi.spyOn(console, 'error').mockImplementation(() => {});
  onTestFinished(() => log.mockRestore());
  return log;
}

/** A bare app whose one route throws `error`, handled the way `createApp` handles errors. */
function createAppThrowing(error: unknown) {
  const app = new Hono();
  app.get('/api/catalog/fail', () => {
    throw error;
  });
  app.onError(handleError);
  return app;
}

describe('handleNotFound', () => {
  it('answers an unknown route below a plugin with 404 and Backstage\'s body', async () => {
    const app = createApp(createFakeDirectory({ x: createFakeSchedulerApi() }));

    const res = await app.request('/api/x/.backstage/scheduler/v1/nope', { headers: AUTHORIZED }, TEST_ENV);

    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { name: 'NotFoundError', message: 'No route for GET /api/x/.backstage/scheduler/v1/nope' },
      request: { method: 'GET', url: '/.backstage/scheduler/v1/nope' },
      response: { statusCode: 404 },
    });
  });

  it('answers an unknown route outside /api with 404 and Backstage\'s body', async () => {
    const app = createApp(createFakeDirectory());

    const res = await app.request('/nope', {}, TEST_ENV);

    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { name: 'NotFoundError', message: 'No route for GET /nope' },
      request: { method: 'GET', url: '/nope' },
      response: { statusCode: 404 },
    });
  });

  it('answers a known path with the wrong method with a 4xx NotFoundError body', async () => {
    const app = createApp(createFakeDirectory({ catalog: createFakeSchedulerApi() }));

    const res = await app.request(`${TASKS_PATH}/x/trigger`, { headers: AUTHORIZED }, TEST_ENV);

    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(await res.json()).toEqual({
      error: { name: 'NotFoundError', message: expect.any(String) },
      request: { method: 'GET', url: '/.backstage/scheduler/v1/tasks/x/trigger' },
      response: { statusCode: res.status },
    });
  });

  it('asks for a token before saying whether a route below /api exists', async () => {
    const app = createApp(createFakeDirectory());

    const res = await app.request('/api/x/.backstage/scheduler/v1/nope', {}, TEST_ENV);

    expect(res.status).toBe(401);
  });
});

describe('handleError', () => {
  it('answers a plain Error with 500 and a generic message in Backstage\'s body', async () => {
    captureErrorLog();
    const app = createApp(createFakeDirectory({ catalog: createBrokenSchedulerApi(new Error('boom')) }));

    const res = await app.request(TASKS_PATH, { headers: AUTHORIZED }, TEST_ENV);

    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({
      error: { name: 'Error', message: 'Internal server error' },
      request: { method: 'GET', url: '/.backstage/scheduler/v1/tasks' },
      response: { statusCode: 500 },
    });
  });

  it('does not leak a plain Error\'s message in the response', async () => {
    captureErrorLog();
    const app = createApp(createFakeDirectory({ catalog: createBrokenSchedulerApi(new Error('SQLITE_BUSY at row 7')) }));

    const res = await app.request(`${TASKS_PATH}/x/trigger`, { method: 'POST', headers: AUTHORIZED }, TEST_ENV);

    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain('SQLITE_BUSY');
  });

  it('logs a plain Error once, with its message, for operators', async () => {
    const log = captureErrorLog();
    const app = createApp(createFakeDirectory({ catalog: createBrokenSchedulerApi(new Error('SQLITE_BUSY at row 7')) }));

    await app.request(TASKS_PATH, { headers: AUTHORIZED }, TEST_ENV);

    expect(log).toHaveBeenCalledOnce();
    expect(String(log.mock.calls[0]?.[0])).toContain('SQLITE_BUSY at row 7');
  });

  it('does not log a named scheduler error', async () => {
    const log = captureErrorLog();
    const app = createApp(createFakeDirectory({ catalog: createFakeSchedulerApi() }));

    await app.request(`${TASKS_PATH}/x/trigger`, { method: 'POST', headers: AUTHORIZED }, TEST_ENV);

    expect(log).not.toHaveBeenCalled();
  });

  it('reports the request url below the plugin mount with its query string', async () => {
    const app = createApp(createFakeDirectory());

    const res = await app.request(`${TASKS_PATH}?verbose=1`, {}, TEST_ENV);

    expect(await res.json()).toMatchObject({ request: { url: '/.backstage/scheduler/v1/tasks?verbose=1' } });
  });

  it('maps a 400 HTTPException to InputError with its message', async () => {
    const app = createAppThrowing(new HTTPException(400, { message: 'Malformed JSON in request body' }));

    const res = await app.request('/api/catalog/fail');

    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { name: 'InputError', message: 'Malformed JSON in request body' },
      request: { method: 'GET', url: '/fail' },
      response: { statusCode: 400 },
    });
  });

  it('maps a 401 HTTPException to AuthenticationError', async () => {
    const app = createAppThrowing(new HTTPException(401, { message: 'Unauthorized' }));

    const res = await app.request('/api/catalog/fail');

    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { name: 'AuthenticationError', message: 'Unauthorized' } });
  });

  it('gives a 400 HTTPException without a message the message Bad request', async () => {
    const app = createAppThrowing(new HTTPException(400));

    const res = await app.request('/api/catalog/fail');

    expect(await res.json()).toMatchObject({ error: { name: 'InputError', message: 'Bad request' } });
  });

  it('treats a 5xx HTTPException as an unhandled error', async () => {
    captureErrorLog();
    const app = createAppThrowing(new HTTPException(503, { message: 'upstream detail' }));

    const res = await app.request('/api/catalog/fail');

    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ error: { name: 'Error', message: 'Internal server error' } });
  });
});
