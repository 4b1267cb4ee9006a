import { describe, expect, it } from 'vitest';
import { createApp } from '../../../src/http/app.ts';
import { AUTHORIZED, TEST_ENV } from '../../support/api-request.ts';
import { createFakeSchedulerApi } from '../../support/fake-scheduler-api.ts';
import { createFakeDirectory } from '../../support/fake-scheduler-directory.ts';

function putRequest(handler: Record<string, unknown>, frequency: unknown = { minutes: 5 }): RequestInit {
  return {
    method: 'PUT',
    headers: { ...AUTHORIZED, 'Content-Type': 'application/json' },
    body: JSON.stringify({ frequency, timeout: { minutes: 1 }, handler }),
  };
}

describe('PUT .../tasks/:taskId with a handler the outbound policy refuses', () => {
  it.each([
    ['a host not in SCHEDULER_ALLOWED_HOSTS', { url: 'https://evil.example/' }, "handler.url host 'evil.example' is not in SCHEDULER_ALLOWED_HOSTS"],
    ['credentials in the URL', { url: 'https://hooks.example.com@evil.example/' }, 'handler.url must not carry credentials; use handler.headers'],
    ['a binding that does not exist', { service: 'NO_SUCH_BINDING', path: '/' }, "handler.service 'NO_SUCH_BINDING' is not a service binding of this Worker"],
  ])('answers 400 for %s without opening the plugin\'s scheduler, so no storage is created for it', async (_name, handler, message) => {
    const directory = createFakeDirectory({ fresh: createFakeSchedulerApi() });
    const app = createApp(directory);

    const res = await app.request('/api/fresh/.backstage/scheduler/v1/tasks/x', putRequest(handler), TEST_ENV);

    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(message);
    expect(directory.lookups).toEqual([]);
  });

  it('opens the plugin\'s scheduler for a handler the policy allows', async () => {
    const directory = createFakeDirectory({ fresh: createFakeSchedulerApi() });
    const app = createApp(directory);

    const res = await app.request('/api/fresh/.backstage/scheduler/v1/tasks/x', putRequest({ url: 'https://hooks.example.com/x' }), TEST_ENV);

    expect(res.status).toBe(201);
    expect(directory.lookups.map((lookup) => lookup.pluginId)).toEqual(['fresh']);
  });
});

describe('PUT .../tasks with a cadence shorter than SCHEDULER_MIN_API_CADENCE', () => {
  it('answers 400 naming the limit without opening the plugin\'s scheduler, for one task and for a batch', async () => {
    const directory = createFakeDirectory({ fresh: createFakeSchedulerApi() });
    const app = createApp(directory);
    const env = { ...TEST_ENV, SCHEDULER_MIN_API_CADENCE: 'PT1M' };
    const handler = { url: 'https://hooks.example.com/x' };

    const single = await app.request('/api/fresh/.backstage/scheduler/v1/tasks/x', putRequest(handler, { seconds: 30 }), env);
    const batch = await app.request(
      '/api/fresh/.backstage/scheduler/v1/tasks',
      { ...putRequest(handler), body: JSON.stringify({ tasks: [{ id: 'x', frequency: { cron: '*/10 * * * * *' }, timeout: 'PT1M', handler }] }) },
      env,
    );

    expect(single.status).toBe(400);
    expect(((await single.json()) as { error: { message: string } }).error.message).toBe(
      "Invalid schedule for task 'x': frequency runs the task every 30s; tasks defined over the API may run at most every 60s (SCHEDULER_MIN_API_CADENCE)",
    );
    expect(batch.status).toBe(400);
    expect(((await batch.json()) as { error: { message: string } }).error.message).toMatch(/^tasks\[0\] \('x'\): frequency runs the task every 10s/);
    expect(directory.lookups).toEqual([]);
  });
});
