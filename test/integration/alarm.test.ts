import { describe, expect, it } from 'vitest';
import { aPluginWith } from '../support/plugin-definitions.ts';
import { FAR_FUTURE, sharedTestClock } from '../support/shared-test-clock.ts';
import { alarmOf, endRun, fireAlarm, readRow, startPlugin } from '../support/scheduler-harness.ts';
import { nthRun, runsOf } from '../support/task-probe.ts';

sharedTestClock.freeze(FAR_FUTURE);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const hourly = { frequency: { hours: 1 }, timeout: { minutes: 1 } };

describe('the alarm of a plugin object', () => {
  it('is armed for the earliest due task once the plugin has registered', async () => {
    const pluginId = aPluginWith({ soon: { frequency: { minutes: 5 }, timeout: { minutes: 1 }, initialDelay: { minutes: 2 } }, later: hourly });
    const startedAt = sharedTestClock.now();

    await startPlugin(pluginId);

    // `later` is a new duration task, so it is due at once; `soon` waits out its initial delay.
    expect(await alarmOf(pluginId)).toBe(startedAt);
  });

  it('is not set for a plugin whose tasks are all manual', async () => {
    const pluginId = aPluginWith({ onDemand: { frequency: { trigger: 'manual' }, timeout: { minutes: 1 } } });

    await startPlugin(pluginId);

    expect(await alarmOf(pluginId)).toBeNull();
  });

  it('claims every due task when it fires, each with its own lease', async () => {
    const pluginId = aPluginWith({ one: hourly, two: hourly });
    await startPlugin(pluginId);
    const now = sharedTestClock.now();

    await fireAlarm(pluginId);

    expect(runsOf(`${pluginId}/one`)).toHaveLength(1);
    expect(runsOf(`${pluginId}/two`)).toHaveLength(1);
    const [one, two] = [await readRow(pluginId, 'one'), await readRow(pluginId, 'two')];
    expect(one?.run).toMatchObject({ scheduledFor: now, startedAt: now, timesOutAt: now + MINUTE });
    expect(one?.run?.ticket).not.toBe(two?.run?.ticket);
    await endRun(pluginId, runsOf(`${pluginId}/one`)[0]!);
    await endRun(pluginId, runsOf(`${pluginId}/two`)[0]!);
  });

  it('wakes the object every 30 s while a run is in flight, so it is not evicted', async () => {
    const pluginId = aPluginWith({ long: { frequency: { hours: 1 }, timeout: { hours: 2 } } });
    await startPlugin(pluginId);
    const now = sharedTestClock.now();

    await fireAlarm(pluginId);

    expect(await alarmOf(pluginId)).toBe(now + 30_000);
    await endRun(pluginId, await nthRun(`${pluginId}/long`, 1));
  });

  it('starts no second run when the alarm is delivered twice', async () => {
    const pluginId = aPluginWith({ once: hourly });
    await startPlugin(pluginId);

    await fireAlarm(pluginId);
    await fireAlarm(pluginId);

    expect(runsOf(`${pluginId}/once`)).toHaveLength(1);
    await endRun(pluginId, runsOf(`${pluginId}/once`)[0]!);
  });

  it('schedules the next run at a fixed rate from the due time, and re-arms for it', async () => {
    const pluginId = aPluginWith({ rate: hourly });
    await startPlugin(pluginId);
    const dueAt = sharedTestClock.now();
    await fireAlarm(pluginId);
    sharedTestClock.advance(20_000);

    await endRun(pluginId, await nthRun(`${pluginId}/rate`, 1));

    expect(await readRow(pluginId, 'rate')).toMatchObject({
      run: null,
      nextRunAt: dueAt + HOUR,
      lastRunEndedAt: dueAt + 20_000,
      lastRunError: null,
    });
    expect(await alarmOf(pluginId)).toBe(dueAt + HOUR);
  });

  it('holds a task back until its initial wait in this worker has passed', async () => {
    const pluginId = aPluginWith({ delayed: { frequency: { hours: 1 }, timeout: { minutes: 1 }, initialDelay: { minutes: 10 } } });
    await startPlugin(pluginId);
    sharedTestClock.advance(9 * MINUTE);
    await fireAlarm(pluginId);
    const duringWait = runsOf(`${pluginId}/delayed`).length;
    sharedTestClock.advance(MINUTE);

    await fireAlarm(pluginId);

    expect(duringWait).toBe(0);
    expect(runsOf(`${pluginId}/delayed`)).toHaveLength(1);
    await endRun(pluginId, runsOf(`${pluginId}/delayed`)[0]!);
  });

  it('arms a cron task for its next occurrence in UTC', async () => {
    const pluginId = aPluginWith({ hourlyCron: { frequency: { cron: '0 * * * *' }, timeout: { minutes: 1 } } });
    const now = sharedTestClock.now();

    await startPlugin(pluginId);

    const nextHour = Math.floor(now / HOUR) * HOUR + HOUR;
    expect((await readRow(pluginId, 'hourlyCron'))?.nextRunAt).toBe(nextHour);
    expect(await alarmOf(pluginId)).toBe(nextHour);
  });

  it('arms a cron task in its own time zone', async () => {
    const pluginId = aPluginWith({ berlin: { frequency: { cron: '0 3 * * *', timeZone: 'Europe/Berlin' }, timeout: { minutes: 1 } } });

    await startPlugin(pluginId);

    // January: Berlin is UTC+1, so 03:00 there is 02:00Z.
    expect(new Date((await readRow(pluginId, 'berlin'))!.nextRunAt!).toISOString()).toMatch(/T02:00:00\.000Z$/);
  });
});
