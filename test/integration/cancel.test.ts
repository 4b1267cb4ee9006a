import { describe, expect, it } from 'vitest';
import { aPluginWith } from '../support/plugin-definitions.ts';
import { FAR_FUTURE, sharedTestClock } from '../support/shared-test-clock.ts';
import { alarmOf, endRun, jsonOf, postTaskAction, readRow } from '../support/scheduler-harness.ts';
import { nthRun } from '../support/task-probe.ts';

sharedTestClock.freeze(FAR_FUTURE);

describe('POST .../tasks/<id>/cancel', () => {
  it('aborts the running run, releases its lease and records the cancellation', async () => {
    await postTaskAction('probe', 'manual', 'trigger');
    const run = await nthRun('manual', 1);
    sharedTestClock.advance(5_000);

    const response = await postTaskAction('probe', 'manual', 'cancel');

    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    expect(run.abortReason).toBe('Task was cancelled');
    const row = await readRow('probe', 'manual');
    expect(row?.run).toBeNull();
    expect(row?.lastRunEndedAt).toBe(sharedTestClock.now());
    expect(JSON.parse(row?.lastRunError ?? '{}')).toEqual({ name: 'Error', message: 'Task was cancelled' });
    await endRun('probe', run);
  });

  it('ignores the cancelled run when it finally returns', async () => {
    await postTaskAction('probe', 'manual', 'trigger');
    const run = await nthRun('manual', 2);
    await postTaskAction('probe', 'manual', 'cancel');
    const afterCancel = await readRow('probe', 'manual');

    await endRun('probe', run);

    expect(await readRow('probe', 'manual')).toEqual(afterCancel);
  });

  it('schedules the next run by the cadence rather than at once', async () => {
    await postTaskAction('probe', 'hourly', 'trigger');
    const run = await nthRun('hourly', 1);
    const triggeredAt = sharedTestClock.now();
    sharedTestClock.advance(60_000);

    await postTaskAction('probe', 'hourly', 'cancel');

    const row = await readRow('probe', 'hourly');
    expect(row?.nextRunAt).toBe(triggeredAt + 3_600_000);
    expect(await alarmOf('probe')).toBeLessThanOrEqual(triggeredAt + 3_600_000);
    await endRun('probe', run);
  });

  it('stops waking the object for a cancelled run that ignores its signal', async () => {
    const pluginId = aPluginWith({ stubborn: { frequency: { hours: 1 }, timeout: { hours: 2 } } });
    await postTaskAction(pluginId, 'stubborn', 'trigger');
    const run = await nthRun(`${pluginId}/stubborn`, 1);
    const dueAt = sharedTestClock.now();

    await postTaskAction(pluginId, 'stubborn', 'cancel');

    // The probe has not returned, but its lease is gone: no 30 s heartbeat, just the next run.
    expect(await alarmOf(pluginId)).toBe(dueAt + 3_600_000);
    await endRun(pluginId, run);
  });

  it('answers 409 when the task is not running', async () => {
    const response = await postTaskAction('probe', 'manual', 'cancel');

    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({
      error: { name: 'ConflictError', message: 'Task manual is not running' },
      request: { method: 'POST', url: '/.backstage/scheduler/v1/tasks/manual/cancel' },
      response: { statusCode: 409 },
    });
  });

  it('answers 404 for a task the plugin does not have', async () => {
    const response = await postTaskAction('probe', 'missing', 'cancel');

    expect(response.status).toBe(404);
    expect((await jsonOf(response)).error).toEqual({ name: 'NotFoundError', message: 'Task missing does not exist' });
  });
});
