import { describe, expect, it } from 'vitest';
import { aPluginWith } from '../support/plugin-definitions.ts';
import { FAR_FUTURE, sharedTestClock } from '../support/shared-test-clock.ts';
import { alarmOf, endRun, fireAlarm, readRow, startPlugin } from '../support/scheduler-harness.ts';
import { nthRun } from '../support/task-probe.ts';

sharedTestClock.freeze(FAR_FUTURE);
const tenMinutely = { frequency: { minutes: 10 }, timeout: { minutes: 2 } };

describe('a run that outlasts its timeout', () => {
  it('arms the alarm for the moment its lease expires', async () => {
    const pluginId = aPluginWith({ slow: { frequency: { minutes: 10 }, timeout: { seconds: 20 } } });
    await startPlugin(pluginId);
    const startedAt = sharedTestClock.now();

    await fireAlarm(pluginId);

    // The 20 s lease ends before the 30 s heartbeat would.
    expect(await alarmOf(pluginId)).toBe(startedAt + 20_000);
    await endRun(pluginId, await nthRun(`${pluginId}/slow`, 1));
  });

  it('has its signal aborted and a TimeoutError recorded when the alarm finds it expired', async () => {
    const pluginId = aPluginWith({ slow: tenMinutely });
    await startPlugin(pluginId);
    const dueAt = sharedTestClock.now();
    await fireAlarm(pluginId);
    const run = await nthRun(`${pluginId}/slow`, 1);
    sharedTestClock.advance(2 * 60_000);

    await fireAlarm(pluginId);

    expect(run.abortReason).toBe('Task timed out after PT2M');
    const row = await readRow(pluginId, 'slow');
    expect(row?.run).toBeNull();
    expect(JSON.parse(row!.lastRunError!)).toEqual({ name: 'TimeoutError', message: 'Task timed out after PT2M' });
    // A timed-out run is a failed run: the next one follows the cadence.
    expect(row?.nextRunAt).toBe(dueAt + 10 * 60_000);
    await endRun(pluginId, run);
  });

  it('changes nothing when it finally returns after its lease was released', async () => {
    const pluginId = aPluginWith({ slow: tenMinutely });
    await startPlugin(pluginId);
    await fireAlarm(pluginId);
    const run = await nthRun(`${pluginId}/slow`, 1);
    sharedTestClock.advance(2 * 60_000);
    await fireAlarm(pluginId);
    const afterTimeout = await readRow(pluginId, 'slow');

    await endRun(pluginId, run);

    expect(await readRow(pluginId, 'slow')).toEqual(afterTimeout);
  });

  it('cannot release the lease of the run that followed it', async () => {
    const pluginId = aPluginWith({ slow: tenMinutely });
    await startPlugin(pluginId);
    await fireAlarm(pluginId);
    const first = await nthRun(`${pluginId}/slow`, 1);
    sharedTestClock.advance(10 * 60_000);
    await fireAlarm(pluginId);
    const second = await nthRun(`${pluginId}/slow`, 2);
    const secondLease = (await readRow(pluginId, 'slow'))?.run;

    await endRun(pluginId, first);

    expect(secondLease).not.toBeNull();
    expect((await readRow(pluginId, 'slow'))?.run).toEqual(secondLease);
    await endRun(pluginId, second);
  });
});
