import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { coreServices, createBackendPlugin, createEmbeddedScheduler } from '../../src/embedded.ts';
import { signRequest } from '../../src/runtime/request-signature.ts';
import { aControlledTask } from '../support/controlled-task.ts';
import { at } from '../support/instants.ts';
import { aRecordingLogger } from '../support/recording-logger.ts';
import { createTestClock } from '../support/test-clock.ts';
import { createTestTimer } from '../support/test-timer.ts';

const START = at('2025-01-15T12:00:00Z');
const AUTHORIZED = { Authorization: 'Bearer dev-token' };
const JSON_BODY = { ...AUTHORIZED, 'Content-Type': 'application/json' };

/** The requests a handler received, answered with 200, or with `status` when set. */
function aRecordingHandler(status = 200) {
  const requests: Request[] = [];
  return { requests, fetch: async (request: Request) => (requests.push(request), new Response('ok', { status })) };
}

/** An embedded scheduler with a catalog plugin (one code task), a bound handler `HOOKS`, and the given env. */
async function anEmbeddedScheduler(env: Record<string, unknown> = {}) {
  const clock = createTestClock(START);
  const timer = createTestTimer(clock);
  const hooks = aRecordingHandler();
  const catalog = createBackendPlugin({
    pluginId: 'catalog',
    register(registration) {
      registration.registerInit({
        deps: { scheduler: coreServices.scheduler },
        async init({ scheduler }) {
          await scheduler.scheduleTask({ id: 'reindex', frequency: { trigger: 'manual' }, timeout: { minutes: 1 }, fn: aControlledTask().fn });
        },
      });
    },
  });
  const scheduler = createEmbeddedScheduler({
    plugins: [catalog],
    env: { SCHEDULER_API_TOKENS: 'dev-token', SCHEDULER_SIGNING_SECRET: 'secret', HOOKS: hooks, ...env },
    logger: aRecordingLogger(),
    clock,
    timer,
  });
  await scheduler.start();
  const call = (path: string, init: RequestInit = {}) =>
    scheduler.fetch(new Request(`http://localhost/api${path}`, { ...init, headers: { ...AUTHORIZED, ...(init.headers as object) } }));
  return { scheduler, hooks, timer, clock, call };
}

const hookTask = { frequency: { minutes: 5 }, timeout: { minutes: 1 }, handler: { service: 'HOOKS', path: '/refresh' } };

describe('tasks defined over the API in the in-process backend', () => {
  it('defines a task with PUT, and runs its handler on trigger with the signed X-Scheduler-* headers', async () => {
    const { scheduler, hooks, clock, call } = await anEmbeddedScheduler();

    const put = await call('/catalog/.backstage/scheduler/v1/tasks/hook', { method: 'PUT', headers: JSON_BODY, body: JSON.stringify(hookTask) });
    const trigger = await call('/catalog/.backstage/scheduler/v1/tasks/hook/trigger', { method: 'POST' });
    await scheduler.settled();

    expect(put.status).toBe(201);
    expect(trigger.status).toBe(200);
    const [request] = hooks.requests;
    expect(request!.url).toBe('https://hooks.service/refresh');
    expect(request!.headers.get('X-Scheduler-Plugin')).toBe('catalog');
    expect(request!.headers.get('X-Scheduler-Task')).toBe('hook');
    const timestamp = String(Math.floor(clock.now() / 1000));
    expect(request!.headers.get('X-Scheduler-Signature')).toBe(
      await signRequest('secret', { timestamp, method: 'POST', url: 'https://hooks.service/refresh', body: '' }),
    );
  });

  it('keeps the run of an API task in its history', async () => {
    const { scheduler, call } = await anEmbeddedScheduler();
    await call('/catalog/.backstage/scheduler/v1/tasks/hook', { method: 'PUT', headers: JSON_BODY, body: JSON.stringify(hookTask) });
    await call('/catalog/.backstage/scheduler/v1/tasks/hook/trigger', { method: 'POST' });
    await scheduler.settled();

    const response = await call('/catalog/.backstage/scheduler/v1/tasks/hook/runs');

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ runs: [{ outcome: 'succeeded', trigger: 'trigger' }] });
  });

  it('defines many tasks with one PUT .../tasks', async () => {
    const { call } = await anEmbeddedScheduler();

    const response = await call('/catalog/.backstage/scheduler/v1/tasks', {
      method: 'PUT',
      headers: JSON_BODY,
      body: JSON.stringify({ tasks: [{ id: 'one', ...hookTask }, { id: 'two', ...hookTask }] }),
    });

    expect(response.status).toBe(200);
    const listed = (await (await call('/catalog/.backstage/scheduler/v1/tasks')).json()) as { tasks: Array<{ taskId: string }> };
    expect(listed.tasks.map(({ taskId }) => taskId)).toEqual(['one', 'reindex', 'two']);
  });

  it('refuses a handler host outside SCHEDULER_ALLOWED_HOSTS with 400, as the Worker does', async () => {
    const { call } = await anEmbeddedScheduler({ SCHEDULER_ALLOWED_HOSTS: 'hooks.example.com' });
    const body = { ...hookTask, handler: { url: 'https://elsewhere.example.org/x' } };

    const response = await call('/catalog/.backstage/scheduler/v1/tasks/hook', { method: 'PUT', headers: JSON_BODY, body: JSON.stringify(body) });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { name: 'InputError', message: "handler.url host 'elsewhere.example.org' is not in SCHEDULER_ALLOWED_HOSTS" },
    });
  });

  it('deletes an API task, and refuses to delete a code task with 409', async () => {
    const { call } = await anEmbeddedScheduler();
    await call('/catalog/.backstage/scheduler/v1/tasks/hook', { method: 'PUT', headers: JSON_BODY, body: JSON.stringify(hookTask) });

    const deleted = await call('/catalog/.backstage/scheduler/v1/tasks/hook', { method: 'DELETE' });
    const refused = await call('/catalog/.backstage/scheduler/v1/tasks/reindex', { method: 'DELETE' });

    expect(deleted.status).toBe(204);
    expect((await call('/catalog/.backstage/scheduler/v1/tasks/hook')).status).toBe(404);
    expect(refused.status).toBe(409);
  });

  it('serves a plugin that has only API tasks, until its last one is deleted', async () => {
    const { scheduler, call } = await anEmbeddedScheduler();
    const listPlugins = async () => {
      const response = await scheduler.fetch(new Request('http://localhost/.backstage/scheduler/v1/plugins', { headers: AUTHORIZED }));
      return ((await response.json()) as { plugins: Array<{ pluginId: string }> }).plugins.map(({ pluginId }) => pluginId);
    };

    await call('/hooks-only/.backstage/scheduler/v1/tasks/hook', { method: 'PUT', headers: JSON_BODY, body: JSON.stringify(hookTask) });
    const withTask = await listPlugins();
    await call('/hooks-only/.backstage/scheduler/v1/tasks/hook', { method: 'DELETE' });
    const afterDelete = await listPlugins();

    expect(withTask).toEqual(['catalog', 'hooks-only']);
    expect(afterDelete).toEqual(['catalog']);
    expect((await call('/hooks-only/.backstage/scheduler/v1/tasks/hook')).status).toBe(404);
  });

  it("requests an HTTP handler's URL with the runtime's fetch", async () => {
    const received: string[] = [];
    const server = createServer((request, response) => {
      received.push(`${request.method} ${request.url} ${request.headers['x-scheduler-task']}`);
      response.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const { scheduler, call } = await anEmbeddedScheduler({ SCHEDULER_ALLOWED_HOSTS: '127.0.0.1' });
      const body = { ...hookTask, handler: { url: `http://127.0.0.1:${port}/refresh` } };
      await call('/catalog/.backstage/scheduler/v1/tasks/web', { method: 'PUT', headers: JSON_BODY, body: JSON.stringify(body) });

      await call('/catalog/.backstage/scheduler/v1/tasks/web/trigger', { method: 'POST' });
      await scheduler.settled();
      scheduler.stop();

      expect(received).toEqual(['POST /refresh web']);
    } finally {
      server.close();
    }
  });
});

describe('pause and the preview in the in-process backend', () => {
  it('pauses a task, which then lists as paused with no next start, and resumes it', async () => {
    const { call } = await anEmbeddedScheduler();
    await call('/catalog/.backstage/scheduler/v1/tasks/hook', { method: 'PUT', headers: JSON_BODY, body: JSON.stringify(hookTask) });

    const paused = await call('/catalog/.backstage/scheduler/v1/tasks/hook/pause', { method: 'POST' });
    const whilePaused = await (await call('/catalog/.backstage/scheduler/v1/tasks/hook')).json();
    const resumed = await call('/catalog/.backstage/scheduler/v1/tasks/hook/resume', { method: 'POST' });

    expect(paused.status).toBe(200);
    expect(whilePaused).toMatchObject({ taskState: { status: 'idle', paused: true } });
    expect(whilePaused).not.toHaveProperty('taskState.startsAt');
    expect(resumed.status).toBe(200);
    expect(await resumed.json()).toMatchObject({ taskState: { startsAt: new Date(START).toISOString() } });
  });

  it('previews the next due times of a task', async () => {
    const { call } = await anEmbeddedScheduler();
    const cron = { ...hookTask, frequency: { cron: '0 * * * *' } };
    await call('/catalog/.backstage/scheduler/v1/tasks/hourly', { method: 'PUT', headers: JSON_BODY, body: JSON.stringify(cron) });

    const response = await call('/catalog/.backstage/scheduler/v1/tasks/hourly/next?count=2');

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ runs: [{ at: '2025-01-15T13:00:00.000Z' }, { at: '2025-01-15T14:00:00.000Z' }] });
  });
});
