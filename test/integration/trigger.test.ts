import { describe, expect, it } from 'vitest';
import { FAR_FUTURE, sharedTestClock } from '../support/shared-test-clock.ts';
import { endRun, jsonOf, postTaskAction, readRow } from '../support/scheduler-harness.ts';
import { nthRun, runsOf } from '../support/task-probe.ts';

sharedTestClock.freeze(FAR_FUTURE);

describe('POST .../tasks/<id>/trigger', () => {
  it('starts the task within the request, without waiting for an alarm', async () => {
    const response = await postTaskAction('probe', 'manual', 'trigger');

    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    expect(runsOf('manual')).toHaveLength(1);
    const row = await readRow('probe', 'manual');
    expect(row?.run?.startedAt).toBe(sharedTestClock.now());
    await endRun('probe', runsOf('manual')[0]!);
  });

  it('answers 409 while the task is running, and runs it again once it has finished', async () => {
    await postTaskAction('probe', 'manual', 'trigger');
    const first = await nthRun('manual', 2);

    const conflict = await postTaskAction('probe', 'manual', 'trigger');
    await endRun('probe', first);
    const again = await postTaskAction('probe', 'manual', 'trigger');

    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toEqual({
      error: { name: 'ConflictError', message: 'Task manual is currently running' },
      request: { method: 'POST', url: '/.backstage/scheduler/v1/tasks/manual/trigger' },
      response: { statusCode: 409 },
    });
    expect(again.status).toBe(200);
    await endRun('probe', await nthRun('manual', 3));
  });

  it('starts exactly one run under 50 concurrent triggers', async () => {
    const before = runsOf('a:b/c').length;

    const responses = await Promise.all(Array.from({ length: 50 }, () => postTaskAction('probe', 'a:b/c', 'trigger')));

    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(49);
    expect(runsOf('a:b/c').length - before).toBe(1);
    await endRun('probe', runsOf('a:b/c').at(-1)!);
  });

  it('finds a task whose id holds a colon and a slash, sent URL-encoded', async () => {
    const response = await postTaskAction('probe', 'a:b/c', 'trigger');

    expect(response.status).toBe(200);
    expect((await readRow('probe', 'a:b/c'))?.run).not.toBeNull();
    await endRun('probe', runsOf('a:b/c').at(-1)!);
  });

  it('answers 404 for a task the plugin does not have', async () => {
    const response = await postTaskAction('probe', 'no-such-task', 'trigger');

    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { name: 'NotFoundError', message: 'Task no-such-task does not exist' },
      request: { method: 'POST', url: '/.backstage/scheduler/v1/tasks/no-such-task/trigger' },
      response: { statusCode: 404 },
    });
  });

  it('answers 404 for a plugin the Worker does not serve', async () => {
    const response = await postTaskAction('unknown-plugin', 'manual', 'trigger');

    expect(response.status).toBe(404);
    expect((await jsonOf(response)).error.name).toBe('NotFoundError');
  });
});
