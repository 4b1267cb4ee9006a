import { abortAllDurableObjects, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { aPluginWith, caseDefinitions } from '../support/plugin-definitions.ts';
import { FAR_FUTURE, sharedTestClock } from '../support/shared-test-clock.ts';
import { alarmOf, apiBase, callApi, endRun, fireAlarm, jsonOf, readRow, schedulerOf, startPlugin } from '../support/scheduler-harness.ts';
import { nthRun, runsOf } from '../support/task-probe.ts';

sharedTestClock.freeze(FAR_FUTURE);
const MINUTE = 60_000;

describe('a run lost when its object is reset mid-run', () => {
  it('is released as lost as soon as the object starts again, not at its timeout, and the task runs again for recovery', async () => {
    const pluginId = aPluginWith({ job: { frequency: { hours: 1 }, timeout: { minutes: 5 } } });
    await startPlugin(pluginId);
    await fireAlarm(pluginId);
    const lost = (await readRow(pluginId, 'job'))!.run!;

    await abortAllDurableObjects();

    // The clock has not moved: the lease's timeout is five minutes away.
    const row = await readRow(pluginId, 'job');
    expect(row?.run?.ticket).toBeDefined();
    expect(row?.run?.ticket).not.toBe(lost.ticket);
    expect(row?.run?.cause).toBe('recovery');
    expect(row?.run?.scheduledFor).toBe(lost.scheduledFor);
    expect(runsOf(`${pluginId}/job`)).toHaveLength(2);
    const { runs } = await jsonOf<{ runs: Array<{ ticket: string; outcome: string; error?: string }> }>(
      await callApi(`${apiBase(pluginId)}/tasks/job/runs`),
    );
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ ticket: lost.ticket, outcome: 'lost' });
    expect(JSON.parse(runs[0]!.error!).message).toMatch(/when its object started again/);
    await endRun(pluginId, await nthRun(`${pluginId}/job`, 2));
    expect((await readRow(pluginId, 'job'))?.run).toBeNull();
  });

  it('leaves a paused task released but not running, and a run still executing in the object untouched', async () => {
    const pluginId = aPluginWith({ job: { frequency: { hours: 1 }, timeout: { minutes: 5 } } });
    await startPlugin(pluginId);
    await fireAlarm(pluginId);
    const live = (await readRow(pluginId, 'job'))!.run!;
    // An alarm while the run executes here, even one that hangs, releases nothing before its timeout.
    sharedTestClock.advance(4 * MINUTE);
    await fireAlarm(pluginId);
    expect((await readRow(pluginId, 'job'))?.run).toEqual(live);
    expect((await callApi(`${apiBase(pluginId)}/tasks/job/pause`, { method: 'POST' })).status).toBe(200);

    await abortAllDurableObjects();

    const row = await readRow(pluginId, 'job');
    expect(row?.run).toBeNull();
    expect(row?.isPaused).toBe(true);
    expect(runsOf(`${pluginId}/job`)).toHaveLength(1);
  });

  it('loses no schedule across a restart', async () => {
    const pluginId = aPluginWith({ hourly: { frequency: { hours: 1 }, timeout: { minutes: 1 } } });
    await startPlugin(pluginId);
    await fireAlarm(pluginId);
    await endRun(pluginId, await nthRun(`${pluginId}/hourly`, 1));
    const before = await readRow(pluginId, 'hourly');

    await abortAllDurableObjects();

    expect(await readRow(pluginId, 'hourly')).toEqual(before);
    expect(await alarmOf(pluginId)).toBe(before!.nextRunAt);
  });
});

describe('a restart with new task definitions, as a deployment does', () => {
  it('applies a shorter cadence at once', async () => {
    const pluginId = aPluginWith({ sync: { frequency: { hours: 6 }, timeout: { minutes: 1 }, initialDelay: { hours: 6 } } });
    await startPlugin(pluginId);
    const registeredAt = sharedTestClock.now();
    caseDefinitions.set(pluginId, { sync: { frequency: { minutes: 15 }, timeout: { minutes: 1 } } });

    await abortAllDurableObjects();
    await startPlugin(pluginId);

    expect((await readRow(pluginId, 'sync'))?.nextRunAt).toBe(registeredAt + 15 * MINUTE);
    expect((await readRow(pluginId, 'sync'))?.settings.cadence).toBe('PT15M');
  });

  it('keeps the earlier stored run when the cadence grows longer', async () => {
    const pluginId = aPluginWith({ sync: { frequency: { minutes: 15 }, timeout: { minutes: 1 }, initialDelay: { minutes: 15 } } });
    await startPlugin(pluginId);
    const registeredAt = sharedTestClock.now();
    caseDefinitions.set(pluginId, { sync: { frequency: { hours: 6 }, timeout: { minutes: 1 } } });

    await abortAllDurableObjects();
    await startPlugin(pluginId);

    expect((await readRow(pluginId, 'sync'))?.nextRunAt).toBe(registeredAt + 15 * MINUTE);
    expect((await readRow(pluginId, 'sync'))?.settings.cadence).toBe('PT6H');
  });

  it('does not run every task at once when nothing changed', async () => {
    const pluginId = aPluginWith({ a: { frequency: { hours: 1 }, timeout: { minutes: 1 } }, b: { frequency: { cron: '0 0 * * *' }, timeout: { minutes: 1 } } });
    await startPlugin(pluginId);
    await fireAlarm(pluginId);
    await endRun(pluginId, await nthRun(`${pluginId}/a`, 1));
    const before = [await readRow(pluginId, 'a'), await readRow(pluginId, 'b')];

    await abortAllDurableObjects();
    await startPlugin(pluginId);

    expect([await readRow(pluginId, 'a'), await readRow(pluginId, 'b')]).toEqual(before);
  });

  it('schedules a manual task that gets a cadence', async () => {
    const pluginId = aPluginWith({ report: { frequency: { trigger: 'manual' }, timeout: { minutes: 1 } } });
    await startPlugin(pluginId);
    const manualRun = (await readRow(pluginId, 'report'))?.nextRunAt;
    caseDefinitions.set(pluginId, { report: { frequency: { cron: '30 * * * *' }, timeout: { minutes: 1 } } });

    await abortAllDurableObjects();
    await startPlugin(pluginId);

    expect(manualRun).toBeNull();
    expect((await readRow(pluginId, 'report'))?.nextRunAt).toBeGreaterThan(sharedTestClock.now());
    expect(await alarmOf(pluginId)).toBe((await readRow(pluginId, 'report'))?.nextRunAt);
  });

  it('stops running a task switched to manual', async () => {
    const pluginId = aPluginWith({ report: { frequency: { hours: 1 }, timeout: { minutes: 1 } } });
    await startPlugin(pluginId);
    caseDefinitions.set(pluginId, { report: { frequency: { trigger: 'manual' }, timeout: { minutes: 1 } } });

    await abortAllDurableObjects();
    await startPlugin(pluginId);

    expect((await readRow(pluginId, 'report'))?.nextRunAt).toBeNull();
    expect(await alarmOf(pluginId)).toBeNull();
  });

  it('drops the row of a task the code no longer defines', async () => {
    const pluginId = aPluginWith({ keep: { frequency: { hours: 1 }, timeout: { minutes: 1 } }, drop: { frequency: { hours: 1 }, timeout: { minutes: 1 } } });
    await startPlugin(pluginId);
    caseDefinitions.set(pluginId, { keep: { frequency: { hours: 1 }, timeout: { minutes: 1 } } });

    await abortAllDurableObjects();
    await startPlugin(pluginId);

    expect(await readRow(pluginId, 'drop')).toBeUndefined();
    expect(await readRow(pluginId, 'keep')).toBeDefined();
  });
});

describe('the initial wait across restarts', () => {
  const delayed = { delayed: { frequency: { hours: 1 }, timeout: { minutes: 1 }, initialDelay: { minutes: 10 } } };

  it('is not started again when the object wakes under the same deployment', async () => {
    const pluginId = aPluginWith(delayed);
    await startPlugin(pluginId);
    sharedTestClock.advance(9 * MINUTE);
    await abortAllDurableObjects();
    await startPlugin(pluginId);
    sharedTestClock.advance(MINUTE);

    await fireAlarm(pluginId);

    expect(runsOf(`${pluginId}/delayed`)).toHaveLength(1);
    await endRun(pluginId, runsOf(`${pluginId}/delayed`)[0]!);
  });

  it('starts again with a new deployment, as at a process start in Backstage', async () => {
    const pluginId = aPluginWith(delayed);
    await startPlugin(pluginId);
    sharedTestClock.advance(10 * MINUTE);
    await runInDurableObject(schedulerOf(pluginId), (_instance, state) => {
      state.storage.kv.put('worker-start', { versionId: 'an-older-version', startedAt: 0 });
    });

    await abortAllDurableObjects();
    const { tasks } = await jsonOf<{ tasks: Array<{ workerState: { status: string } }> }>(await callApi(`${apiBase(pluginId)}/tasks`));

    expect(tasks[0]?.workerState.status).toBe('initial-wait');
    expect(await alarmOf(pluginId)).toBe(sharedTestClock.now() + 10 * MINUTE);
  });
});
