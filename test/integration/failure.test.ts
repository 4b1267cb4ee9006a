import { abortAllDurableObjects, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { aPluginWith } from '../support/plugin-definitions.ts';
import { FAR_FUTURE, sharedTestClock } from '../support/shared-test-clock.ts';
import { alarmOf, apiBase, callApi, endRun, fireAlarm, postTaskAction, readRow, schedulerOf, startPlugin } from '../support/scheduler-harness.ts';
import { nthRun, runsOf } from '../support/task-probe.ts';

sharedTestClock.freeze(FAR_FUTURE);
const everyFiveMinutes = { frequency: { minutes: 5 }, timeout: { minutes: 1 } };

describe('a task that throws', () => {
  it('records the error as Backstage does and re-arms the alarm for the next run', async () => {
    const pluginId = aPluginWith({ flaky: everyFiveMinutes });
    await startPlugin(pluginId);
    const dueAt = sharedTestClock.now();
    await fireAlarm(pluginId);

    await endRun(pluginId, await nthRun(`${pluginId}/flaky`, 1), new Error('deliberate failure'));

    const row = await readRow(pluginId, 'flaky');
    expect(row?.lastRunError).toBe('{"name":"Error","message":"deliberate failure"}');
    expect(row?.nextRunAt).toBe(dueAt + 5 * 60_000);
    expect(await alarmOf(pluginId)).toBe(dueAt + 5 * 60_000);
  });

  it('is not retried before its next occurrence', async () => {
    const pluginId = aPluginWith({ flaky: everyFiveMinutes });
    await startPlugin(pluginId);
    await fireAlarm(pluginId);
    await endRun(pluginId, await nthRun(`${pluginId}/flaky`, 1), new Error('deliberate failure'));
    sharedTestClock.advance(60_000);

    await fireAlarm(pluginId);

    expect((await readRow(pluginId, 'flaky'))?.run).toBeNull();
  });

  it('clears the recorded error after its next successful run', async () => {
    const pluginId = aPluginWith({ flaky: everyFiveMinutes });
    await startPlugin(pluginId);
    await fireAlarm(pluginId);
    await endRun(pluginId, await nthRun(`${pluginId}/flaky`, 1), new Error('deliberate failure'));
    sharedTestClock.advance(5 * 60_000);
    await fireAlarm(pluginId);

    await endRun(pluginId, await nthRun(`${pluginId}/flaky`, 2));

    expect((await readRow(pluginId, 'flaky'))?.lastRunError).toBeNull();
  });

  it('records a synchronous throw like a rejection', async () => {
    const response = await postTaskAction('faulty', 'throws-sync', 'trigger');

    expect(response.status).toBe(200);
    const row = await readRow('faulty', 'throws-sync');
    expect(row?.run).toBeNull();
    expect(row?.lastRunError).toBe('{"name":"TypeError","message":"synchronous failure"}');
  });
});

describe('a stored row that no longer parses', () => {
  // A row goes bad between deployments (code that reads it differently), so the object meets it
  // when it starts. An API-defined task is not registered again at the start, so it stays bad.
  it("is skipped, so the plugin's other tasks still run", async () => {
    const pluginId = aPluginWith({ healthy: everyFiveMinutes });
    await startPlugin(pluginId);
    const put = await callApi(`${apiBase(pluginId)}/tasks/broken`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...everyFiveMinutes, handler: { url: 'https://handler.test/ok' } }),
    });
    expect(put.status).toBe(201);
    await corruptSettingsOf(pluginId, 'broken');
    await abortAllDurableObjects();

    await fireAlarm(pluginId);

    expect(runsOf(`${pluginId}/healthy`)).toHaveLength(1);
    expect(await runTicketInStorage(pluginId, 'broken')).toBeNull();
    await endRun(pluginId, runsOf(`${pluginId}/healthy`)[0]!);
  });

  it('is written afresh when the task registers again', async () => {
    const pluginId = aPluginWith({ broken: everyFiveMinutes });
    await startPlugin(pluginId);
    await corruptSettingsOf(pluginId, 'broken');

    await abortAllDurableObjects();
    await startPlugin(pluginId);

    expect((await readRow(pluginId, 'broken'))?.settings.cadence).toBe('PT5M');
  });
});

function runTicketInStorage(pluginId: string, taskId: string): Promise<string | null> {
  return runInDurableObject(schedulerOf(pluginId), (_instance, state) =>
    state.storage.sql.exec<{ run_ticket: string | null }>('SELECT run_ticket FROM tasks WHERE task_id = ?', taskId).one().run_ticket,
  );
}

function corruptSettingsOf(pluginId: string, taskId: string): Promise<void> {
  return runInDurableObject(schedulerOf(pluginId), (_instance, state) => {
    state.storage.sql.exec(`UPDATE tasks SET settings_json = '{"version":2,"cadence":"not a cadence"}' WHERE task_id = ?`, taskId);
  });
}
