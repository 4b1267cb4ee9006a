import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../src/core/task-row.ts';
import { createApp } from '../../../src/http/app.ts';
import { nextRunsResponseSchema, runsResponseSchema } from '../../../src/http/schemas.ts';
import { AUTHORIZED, TEST_ENV } from '../../support/api-request.ts';
import { createFakeSchedulerApi } from '../../support/fake-scheduler-api.ts';
import { createFakeDirectory } from '../../support/fake-scheduler-directory.ts';
import { at } from '../../support/instants.ts';
import { aTaskSnapshot } from '../../support/task-snapshot.ts';

function taskPath(pluginId: string, taskId: string): string {
  return `/api/${pluginId}/.backstage/scheduler/v1/tasks/${taskId}`;
}

/** A run of task `x` that failed at 12:00:30 on 2025-01-15. */
function aRunRecord(overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    taskId: 'x',
    ticket: 'ticket-1',
    cause: 'schedule',
    scheduledFor: at('2025-01-15T12:00:00Z'),
    startedAt: at('2025-01-15T12:00:01Z'),
    endedAt: at('2025-01-15T12:00:30Z'),
    outcome: 'failed',
    error: '{"name":"Error","message":"boom"}',
    ...overrides,
  };
}

describe('GET /api/:pluginId/.backstage/scheduler/v1/tasks/:taskId/runs', () => {
  it('answers 200 with the runs the scheduler keeps, times in ISO-8601 UTC', async () => {
    const scheduler = createFakeSchedulerApi([aTaskSnapshot({ taskId: 'x' })], { runs: [aRunRecord()] });
    const app = createApp(createFakeDirectory({ catalog: scheduler }));

    const res = await app.request(`${taskPath('catalog', 'x')}/runs`, { headers: AUTHORIZED }, TEST_ENV);

    expect(res.status).toBe(200);
    const body = await res.json();
    expect(runsResponseSchema.safeParse(body).success).toBe(true);
    expect(body).toStrictEqual({
      runs: [
        {
          ticket: 'ticket-1',
          trigger: 'schedule',
          scheduledFor: '2025-01-15T12:00:00.000Z',
          startedAt: '2025-01-15T12:00:01.000Z',
          endedAt: '2025-01-15T12:00:30.000Z',
          outcome: 'failed',
          error: '{"name":"Error","message":"boom"}',
        },
      ],
    });
  });

  it('asks the scheduler for 100 runs by default', async () => {
    const scheduler = createFakeSchedulerApi([aTaskSnapshot({ taskId: 'x' })]);
    const app = createApp(createFakeDirectory({ catalog: scheduler }));

    await app.request(`${taskPath('catalog', 'x')}/runs`, { headers: AUTHORIZED }, TEST_ENV);

    expect(scheduler.calls).toEqual([{ method: 'listRuns', taskId: 'x', count: 100 }]);
  });

  it.each([1, 1_000])('passes ?limit=%i on to the scheduler', async (limit) => {
    const scheduler = createFakeSchedulerApi([aTaskSnapshot({ taskId: 'x' })]);
    const app = createApp(createFakeDirectory({ catalog: scheduler }));

    await app.request(`${taskPath('catalog', 'x')}/runs?limit=${limit}`, { headers: AUTHORIZED }, TEST_ENV);

    expect(scheduler.calls).toEqual([{ method: 'listRuns', taskId: 'x', count: limit }]);
  });

  it.each([
    ['0', 'Invalid limit: Too small: expected number to be >=1'],
    ['1001', 'Invalid limit: Too big: expected number to be <=1000'],
  ])('answers 400 InputError for ?limit=%s, without asking the scheduler', async (limit, message) => {
    const scheduler = createFakeSchedulerApi([aTaskSnapshot({ taskId: 'x' })]);
    const app = createApp(createFakeDirectory({ catalog: scheduler }));

    const res = await app.request(`${taskPath('catalog', 'x')}/runs?limit=${limit}`, { headers: AUTHORIZED }, TEST_ENV);

    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { name: 'InputError', message },
      request: { method: 'GET', url: `/.backstage/scheduler/v1/tasks/x/runs?limit=${limit}` },
      response: { statusCode: 400 },
    });
    expect(scheduler.calls).toEqual([]);
  });

  it.each(['abc', '1.5'])('answers 400 InputError naming the limit for ?limit=%s', async (limit) => {
    const app = createApp(createFakeDirectory({ catalog: createFakeSchedulerApi([aTaskSnapshot({ taskId: 'x' })]) }));

    const res = await app.request(`${taskPath('catalog', 'x')}/runs?limit=${limit}`, { headers: AUTHORIZED }, TEST_ENV);

    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { name: 'InputError', message: expect.stringMatching(/^Invalid limit: /) } });
  });

  it('answers 404 NotFoundError for a task the scheduler does not have', async () => {
    const app = createApp(createFakeDirectory({ catalog: createFakeSchedulerApi() }));

    const res = await app.request(`${taskPath('catalog', 'x')}/runs`, { headers: AUTHORIZED }, TEST_ENV);

    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { name: 'NotFoundError', message: 'Task x does not exist' } });
  });

  it('answers 404 NotFoundError for a plugin the directory does not know', async () => {
    const app = createApp(createFakeDirectory({ catalog: createFakeSchedulerApi([aTaskSnapshot({ taskId: 'x' })]) }));

    const res = await app.request(`${taskPath('unknown', 'x')}/runs`, { headers: AUTHORIZED }, TEST_ENV);

    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { name: 'NotFoundError', message: 'Task x does not exist' } });
  });
});

describe('GET /api/:pluginId/.backstage/scheduler/v1/tasks/:taskId/next', () => {
  it('answers 200 with each due time in UTC and in the task\'s zone', async () => {
    const preview = { times: [at('2025-01-16T02:00:00Z'), at('2025-07-16T01:00:00Z')], timeZone: 'Europe/Berlin' };
    const scheduler = createFakeSchedulerApi([aTaskSnapshot({ taskId: 'x' })], { preview });
    const app = createApp(createFakeDirectory({ catalog: scheduler }));

    const res = await app.request(`${taskPath('catalog', 'x')}/next`, { headers: AUTHORIZED }, TEST_ENV);

    expect(res.status).toBe(200);
    const body = nextRunsResponseSchema.parse(await res.json());
    expect(body).toMatchObject({ taskId: 'x', timeZone: 'Europe/Berlin', paused: false });
    expect(body.runs).toStrictEqual([
      { at: '2025-01-16T02:00:00.000Z', local: '2025-01-16T03:00:00.000+01:00' },
      { at: '2025-07-16T01:00:00.000Z', local: '2025-07-16T03:00:00.000+02:00' },
    ]);
  });

  it('reports a paused task as paused', async () => {
    const scheduler = createFakeSchedulerApi([aTaskSnapshot({ taskId: 'x', taskState: { status: 'idle', paused: true } })]);
    const app = createApp(createFakeDirectory({ catalog: scheduler }));

    const res = await app.request(`${taskPath('catalog', 'x')}/next`, { headers: AUTHORIZED }, TEST_ENV);

    expect(await res.json()).toMatchObject({ paused: true });
  });

  it('asks the scheduler for 10 due times by default', async () => {
    const scheduler = createFakeSchedulerApi([aTaskSnapshot({ taskId: 'x' })]);
    const app = createApp(createFakeDirectory({ catalog: scheduler }));

    await app.request(`${taskPath('catalog', 'x')}/next`, { headers: AUTHORIZED }, TEST_ENV);

    expect(scheduler.calls).toEqual([{ method: 'previewRuns', taskId: 'x', count: 10 }]);
  });

  it('asks the scheduler for as many as 100 due times', async () => {
    const scheduler = createFakeSchedulerApi([aTaskSnapshot({ taskId: 'x' })]);
    const app = createApp(createFakeDirectory({ catalog: scheduler }));

    await app.request(`${taskPath('catalog', 'x')}/next?count=100`, { headers: AUTHORIZED }, TEST_ENV);

    expect(scheduler.calls).toEqual([{ method: 'previewRuns', taskId: 'x', count: 100 }]);
  });

  it.each([
    ['0', 'Invalid count: Too small: expected number to be >=1'],
    ['101', 'Invalid count: Too big: expected number to be <=100'],
  ])('answers 400 InputError for ?count=%s, without asking the scheduler', async (count, message) => {
    const scheduler = createFakeSchedulerApi([aTaskSnapshot({ taskId: 'x' })]);
    const app = createApp(createFakeDirectory({ catalog: scheduler }));

    const res = await app.request(`${taskPath('catalog', 'x')}/next?count=${count}`, { headers: AUTHORIZED }, TEST_ENV);

    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { name: 'InputError', message },
      request: { method: 'GET', url: `/.backstage/scheduler/v1/tasks/x/next?count=${count}` },
      response: { statusCode: 400 },
    });
    expect(scheduler.calls).toEqual([]);
  });

  it('answers 404 NotFoundError for a task the scheduler does not have', async () => {
    const app = createApp(createFakeDirectory({ catalog: createFakeSchedulerApi() }));

    const res = await app.request(`${taskPath('catalog', 'x')}/next`, { headers: AUTHORIZED }, TEST_ENV);

    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { name: 'NotFoundError', message: 'Task x does not exist' } });
  });
});
