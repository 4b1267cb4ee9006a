import { abortAllDurableObjects } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { abortRightAfter, refuseWrites, REFUSED_WRITE, untilReleaseIsWritten } from '../support/fault-injection.ts';
import { HOUR_MS, MINUTE_MS } from '../support/instants.ts';
import { aPluginWith, caseDefinitions } from '../support/plugin-definitions.ts';
import { alarmOf, endRun, fireAlarm, postTaskAction, startPlugin } from '../support/scheduler-harness.ts';
import { FAR_FUTURE, sharedTestClock } from '../support/shared-test-clock.ts';
import { nthRun, runsOf } from '../support/task-probe.ts';
import { iso, runHistoryOf, taskOf, taskStateOf } from '../support/user-view.ts';

/**
 * Faults injected into the real object in workerd, and what a user of the REST API sees
 * afterwards: the task's state, its run history and its next run.
 *
 * What can be interleaved: the object is single-threaded, and a claim or a release (read rows,
 * core, write in one transaction, start or abort runs) has no await inside it, so no other event
 * can run in the middle of one. The object can die between events, while runs are in flight, or
 * in the same turn as a write before the write is confirmed; `ctx.abort()` does the latter, and
 * `abortAllDurableObjects()` the former.
 */

sharedTestClock.freeze(FAR_FUTURE);
const hourly = { frequency: { hours: 1 }, timeout: { minutes: 5 } };

describe('an object reset while a run is in flight', () => {
  it('records the run as lost as soon as the object starts again, not at its timeout, and runs the task once more', async () => {
    const pluginId = aPluginWith({ job: hourly });
    await startPlugin(pluginId);
    const dueAt = sharedTestClock.now();
    await fireAlarm(pluginId);
    sharedTestClock.advance(MINUTE_MS);

    await abortAllDurableObjects();
    const afterRestart = await taskStateOf(pluginId, 'job');
    await endRun(pluginId, await nthRun(`${pluginId}/job`, 2));

    // The recovery run's lease, taken a minute in, four minutes before the lost one's timeout.
    expect(afterRestart).toMatchObject({ status: 'running', timesOutAt: iso(dueAt + 6 * MINUTE_MS) });
    expect(await runHistoryOf(pluginId, 'job')).toMatchObject([
      { trigger: 'recovery', outcome: 'succeeded', scheduledFor: iso(dueAt) },
      { trigger: 'schedule', outcome: 'lost', scheduledFor: iso(dueAt), endedAt: iso(dueAt + MINUTE_MS) },
    ]);
    expect(await taskStateOf(pluginId, 'job')).toMatchObject({ status: 'idle', startsAt: iso(dueAt + HOUR_MS) });
  });
});

describe('an object reset in the turn of a claim', () => {
  it('discards the claim of a trigger with the run it would start, so the next trigger runs the task once', async () => {
    const pluginId = aPluginWith({ job: { frequency: { trigger: 'manual' }, timeout: { minutes: 5 } } });
    await startPlugin(pluginId);

    const { leaseBeforeAbort } = await abortRightAfter(pluginId, 'job', (instance) => void instance.triggerTask('job').catch(() => {}));
    const afterAbort = { state: await taskStateOf(pluginId, 'job'), started: runsOf(`${pluginId}/job`).length };
    const retried = await postTaskAction(pluginId, 'job', 'trigger');

    expect(leaseBeforeAbort).not.toBeNull();
    expect(afterAbort).toEqual({ state: { status: 'idle' }, started: 0 });
    expect(retried.status).toBe(200);
    expect(runsOf(`${pluginId}/job`)).toHaveLength(1);
    expect(await runHistoryOf(pluginId, 'job')).toEqual([]);
    await endRun(pluginId, await nthRun(`${pluginId}/job`, 1));
  });

  it('discards the claims of an alarm for every due task at once and keeps the alarm, whose retry runs each task once', async () => {
    const pluginId = aPluginWith({ one: hourly, two: hourly });
    await startPlugin(pluginId);
    const dueAt = sharedTestClock.now();

    const { leaseBeforeAbort } = await abortRightAfter(pluginId, 'two', (instance) => void instance.alarm().catch(() => {}));
    const afterAbort = [await taskStateOf(pluginId, 'one'), await taskStateOf(pluginId, 'two'), await alarmOf(pluginId)];
    await fireAlarm(pluginId);

    expect(leaseBeforeAbort).not.toBeNull();
    expect(afterAbort).toEqual([
      { status: 'idle', startsAt: iso(dueAt) },
      { status: 'idle', startsAt: iso(dueAt) },
      dueAt,
    ]);
    expect([runsOf(`${pluginId}/one`).length, runsOf(`${pluginId}/two`).length]).toEqual([1, 1]);
    await endRun(pluginId, await nthRun(`${pluginId}/one`, 1));
    await endRun(pluginId, await nthRun(`${pluginId}/two`, 1));
  });
});

describe('an object reset in the turn of a release', () => {
  it('rolls back a release that was not yet confirmed: the finished run is recorded as lost when the object starts again, and runs again', async () => {
    const pluginId = aPluginWith({ job: hourly });
    await startPlugin(pluginId);
    const dueAt = sharedTestClock.now();
    await fireAlarm(pluginId);
    const first = await nthRun(`${pluginId}/job`, 1);

    const { leaseBeforeAbort } = await abortRightAfter(pluginId, 'job', async (_instance, state) => {
      first.finish();
      await untilReleaseIsWritten(state, 'job');
    });
    const afterAbort = await taskStateOf(pluginId, 'job');
    await endRun(pluginId, await nthRun(`${pluginId}/job`, 2));

    // At least once: the run finished, but the object died before that was durable.
    expect(leaseBeforeAbort).toBeNull();
    expect(afterAbort).toMatchObject({ status: 'running', timesOutAt: iso(dueAt + 5 * MINUTE_MS) });
    expect((await runHistoryOf(pluginId, 'job')).map((run) => `${run.trigger} ${run.outcome}`)).toEqual(['recovery succeeded', 'schedule lost']);
    expect(await taskStateOf(pluginId, 'job')).toMatchObject({ status: 'idle', startsAt: iso(dueAt + HOUR_MS) });
  });

  it('keeps a release that was confirmed before the reset', async () => {
    const pluginId = aPluginWith({ job: hourly });
    await startPlugin(pluginId);
    const dueAt = sharedTestClock.now();
    await fireAlarm(pluginId);
    const first = await nthRun(`${pluginId}/job`, 1);

    await abortRightAfter(pluginId, 'job', async () => {
      first.finish();
      await first.recorded;
    });
    sharedTestClock.advance(5 * MINUTE_MS);
    await fireAlarm(pluginId);

    expect((await runHistoryOf(pluginId, 'job')).map((run) => `${run.trigger} ${run.outcome}`)).toEqual(['schedule succeeded']);
    expect(await taskStateOf(pluginId, 'job')).toEqual({ status: 'idle', startsAt: iso(dueAt + HOUR_MS), lastRunEndedAt: iso(dueAt) });
    expect(runsOf(`${pluginId}/job`)).toHaveLength(1);
  });
});

describe('an alarm whose handler throws', () => {
  it('changes nothing when its claim cannot be written and stays armed, so its retry runs the task once', async () => {
    const pluginId = aPluginWith({ job: hourly });
    await startPlugin(pluginId);
    const dueAt = sharedTestClock.now();
    const cure = await refuseWrites(pluginId, 'tasks', 'NEW.run_ticket IS NOT NULL');

    await expect(fireAlarm(pluginId)).rejects.toThrow(REFUSED_WRITE);
    const afterFailure = { state: await taskStateOf(pluginId, 'job'), alarmAt: await alarmOf(pluginId), started: runsOf(`${pluginId}/job`).length };
    await cure();
    await fireAlarm(pluginId);

    expect(afterFailure).toEqual({ state: { status: 'idle', startsAt: iso(dueAt) }, alarmAt: dueAt, started: 0 });
    expect(runsOf(`${pluginId}/job`)).toHaveLength(1);
    expect(await runHistoryOf(pluginId, 'job')).toEqual([]);
    await endRun(pluginId, await nthRun(`${pluginId}/job`, 1));
  });
});

describe('an alarm delivered twice', () => {
  it('starts one run, records it once and schedules the next run once', async () => {
    const pluginId = aPluginWith({ job: hourly });
    await startPlugin(pluginId);
    const dueAt = sharedTestClock.now();

    await fireAlarm(pluginId);
    await fireAlarm(pluginId);
    await endRun(pluginId, await nthRun(`${pluginId}/job`, 1));

    expect(runsOf(`${pluginId}/job`)).toHaveLength(1);
    expect(await runHistoryOf(pluginId, 'job')).toHaveLength(1);
    expect(await taskStateOf(pluginId, 'job')).toMatchObject({ status: 'idle', startsAt: iso(dueAt + HOUR_MS) });
  });

  it('starts one run when both deliveries arrive at once', async () => {
    const pluginId = aPluginWith({ job: hourly });
    await startPlugin(pluginId);

    await Promise.all([fireAlarm(pluginId), fireAlarm(pluginId)]);

    expect(runsOf(`${pluginId}/job`)).toHaveLength(1);
    expect(await taskStateOf(pluginId, 'job')).toMatchObject({ status: 'running' });
    await endRun(pluginId, await nthRun(`${pluginId}/job`, 1));
  });
});

describe('a storage write that fails', () => {
  it('cannot come from a run that fails with an error too big for a SQLite row: the error is cut short and recorded', async () => {
    const pluginId = aPluginWith({ job: hourly });
    await startPlugin(pluginId);
    const dueAt = sharedTestClock.now();
    await fireAlarm(pluginId);

    await endRun(pluginId, await nthRun(`${pluginId}/job`, 1), new Error('x'.repeat(3_000_000)));

    const [run] = await runHistoryOf(pluginId, 'job');
    const { message } = JSON.parse(run!.error!) as { message: string };
    expect(run).toMatchObject({ trigger: 'schedule', outcome: 'failed' });
    expect(message).toMatch(/^x{4096}… \(3000000 characters, cut short\)$/);
    expect(await taskStateOf(pluginId, 'job')).toMatchObject({ status: 'idle', startsAt: iso(dueAt + HOUR_MS) });
  });

  it('leaves the lease of a run whose end cannot be recorded until its timeout, then records it as lost and runs the task again', async () => {
    const pluginId = aPluginWith({ job: hourly });
    await startPlugin(pluginId);
    const dueAt = sharedTestClock.now();
    await fireAlarm(pluginId);
    const cure = await refuseWrites(pluginId, 'task_runs');

    await endRun(pluginId, await nthRun(`${pluginId}/job`, 1));
    const afterFailure = { state: await taskStateOf(pluginId, 'job'), alarmAt: await alarmOf(pluginId) };
    await cure();
    sharedTestClock.advance(5 * MINUTE_MS);
    await fireAlarm(pluginId);
    await endRun(pluginId, await nthRun(`${pluginId}/job`, 2));

    expect(afterFailure).toEqual({
      state: { status: 'running', startedAt: iso(dueAt), timesOutAt: iso(dueAt + 5 * MINUTE_MS) },
      alarmAt: dueAt + 5 * MINUTE_MS,
    });
    expect((await runHistoryOf(pluginId, 'job')).map((run) => `${run.trigger} ${run.outcome}`)).toEqual(['recovery succeeded', 'schedule lost']);
    expect(await taskStateOf(pluginId, 'job')).toMatchObject({ status: 'idle', startsAt: iso(dueAt + HOUR_MS) });
  });

  it('answers a trigger whose claim cannot be written with a 500, and starts nothing', async () => {
    const pluginId = aPluginWith({ job: { frequency: { trigger: 'manual' }, timeout: { minutes: 5 } } });
    await startPlugin(pluginId);
    await refuseWrites(pluginId, 'tasks', 'NEW.run_ticket IS NOT NULL');

    const response = await postTaskAction(pluginId, 'job', 'trigger');

    expect(response.status).toBe(500);
    expect(await taskStateOf(pluginId, 'job')).toEqual({ status: 'idle' });
    expect(runsOf(`${pluginId}/job`)).toHaveLength(0);
  });
});

describe('a redeployment with changed settings while a run is in flight', () => {
  it('shows the new settings at once, releases the lost run at once and runs the task again under the new settings', async () => {
    const pluginId = aPluginWith({ job: hourly });
    await startPlugin(pluginId);
    const dueAt = sharedTestClock.now();
    await fireAlarm(pluginId);

    caseDefinitions.set(pluginId, { job: { frequency: { minutes: 15 }, timeout: { minutes: 2 } } });
    await abortAllDurableObjects();
    const redeployed = await taskOf(pluginId, 'job');
    await endRun(pluginId, await nthRun(`${pluginId}/job`, 2));

    expect(redeployed.settings).toMatchObject({ cadence: 'PT15M', timeoutAfterDuration: 'PT2M' });
    // The recovery run, under the new timeout.
    expect(redeployed.taskState).toMatchObject({ status: 'running', timesOutAt: iso(dueAt + 2 * MINUTE_MS) });
    expect((await runHistoryOf(pluginId, 'job')).map((run) => `${run.trigger} ${run.outcome}`)).toEqual(['recovery succeeded', 'schedule lost']);
    expect(await taskStateOf(pluginId, 'job')).toMatchObject({ status: 'idle', startsAt: iso(dueAt + 15 * MINUTE_MS) });
  });
});
