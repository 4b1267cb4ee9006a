import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { aPluginWith } from '../support/plugin-definitions.ts';
import { endRun, postTaskAction, readRow, startPlugin } from '../support/scheduler-harness.ts';
import { nthRun, runsOf } from '../support/task-probe.ts';
import { testScheduler } from './worker.ts';

// These tests keep the system clock: workerd's own alarms fire them, with generous bounds.

describe('real alarms on the real clock', () => {
  it('run a one-second task again and again, one run at a time', async () => {
    const pluginId = aPluginWith({ tick: { frequency: { seconds: 1 }, timeout: { seconds: 30 } } });
    await startPlugin(pluginId);

    for (let count = 1; count <= 3; count++) await endRun(pluginId, await nthRun(`${pluginId}/tick`, count));

    const starts = runsOf(`${pluginId}/tick`).map((run) => run.startedAt);
    expect(starts[2]! - starts[0]!).toBeGreaterThanOrEqual(1_500);
    expect(starts[2]! - starts[0]!).toBeLessThan(10_000);
  });

  it('start a triggered task at once, without a poll', async () => {
    const pluginId = aPluginWith({ onDemand: { frequency: { trigger: 'manual' }, timeout: { seconds: 30 } } });
    await startPlugin(pluginId);
    const sentAt = Date.now();

    await postTaskAction(pluginId, 'onDemand', 'trigger');
    const run = await nthRun(`${pluginId}/onDemand`, 1);

    expect(run.startedAt - sentAt).toBeLessThan(2_000);
    await endRun(pluginId, run);
    expect((await readRow(pluginId, 'onDemand'))?.lastRunEndedAt).toBeGreaterThanOrEqual(run.startedAt);
  });

  it('release a run that outlives its timeout, by the alarm at its lease expiry', async () => {
    const pluginId = aPluginWith({ stuck: { frequency: { trigger: 'manual' }, timeout: { seconds: 1 } } });
    await startPlugin(pluginId);
    await postTaskAction(pluginId, 'stuck', 'trigger');
    const run = await nthRun(`${pluginId}/stuck`, 1);

    const reason = await run.aborted;

    expect(reason).toBe('Task timed out after PT1S');
    expect((await readRow(pluginId, 'stuck'))?.run).toBeNull();
    await endRun(pluginId, run);
  });
});

describe("the worker's cron handler", () => {
  it('wakes every plugin, which registers its tasks', async () => {
    const pluginId = aPluginWith({ registered: { frequency: { hours: 1 }, timeout: { minutes: 1 } } });
    const ctx = createExecutionContext();

    await testScheduler.worker.scheduled!(createScheduledController({ cron: '* * * * *' }), env, ctx);
    await waitOnExecutionContext(ctx);

    expect(await readRow(pluginId, 'registered')).toBeDefined();
  });
});
