import { abortAllDurableObjects } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { taskResponseSchema, type TaskResponse } from '../../src/http/schemas.ts';
import { aPluginWith, caseDefinitions } from '../support/plugin-definitions.ts';
import { FAR_FUTURE, sharedTestClock } from '../support/shared-test-clock.ts';
import { apiBase, callApi, jsonOf, putTask, readRow, startPlugin } from '../support/scheduler-harness.ts';
import { readObjectState } from '../support/stored-state.ts';

/* PATCH .../tasks/<id> and DELETE .../tasks/<id>/override: a code task's schedule changed at runtime (backstage#32754). */
sharedTestClock.freeze(FAR_FUTURE);
const nightly = { frequency: { cron: '0 3 * * *' }, timeout: { minutes: 5 } };

function patchTask(pluginId: string, taskId: string, body: unknown): Promise<Response> {
  return callApi(`${apiBase(pluginId)}/tasks/${encodeURIComponent(taskId)}`, {
    method: 'PATCH',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

function clearOverride(pluginId: string, taskId: string): Promise<Response> {
  return callApi(`${apiBase(pluginId)}/tasks/${encodeURIComponent(taskId)}/override`, { method: 'DELETE' });
}

async function listed(pluginId: string, taskId: string): Promise<TaskResponse | undefined> {
  const { tasks } = await jsonOf<{ tasks: TaskResponse[] }>(await callApi(`${apiBase(pluginId)}/tasks`));
  return tasks.find((task) => task.taskId === taskId);
}

describe('PATCH .../tasks/<taskId> on a task defined in code', () => {
  it('changes its cadence at once, shows the override with the code settings beneath it, and keeps it across a redeploy', async () => {
    const pluginId = aPluginWith({ nightly });
    await startPlugin(pluginId);

    const response = await patchTask(pluginId, 'nightly', { cadence: '0 4 * * *', timeZone: 'Europe/Berlin' });

    expect(response.status).toBe(200);
    const task = taskResponseSchema.parse(await response.json());
    expect(task.settings).toMatchObject({ cadence: '0 4 * * *', timeZone: 'Europe/Berlin', timeoutAfterDuration: 'PT5M' });
    expect(task.override).toEqual({
      setAt: new Date(sharedTestClock.now()).toISOString(),
      settings: { cadence: '0 4 * * *', timeZone: 'Europe/Berlin' },
      codeSettings: { version: 2, cadence: '0 3 * * *', timeoutAfterDuration: 'PT5M' },
    });
    // FAR_FUTURE is 12:00 UTC in January: the next 04:00 in Berlin is 03:00 UTC the next day.
    expect(task.taskState).toMatchObject({ status: 'idle', startsAt: new Date(FAR_FUTURE + 15 * 3_600_000).toISOString() });
    expect(await listed(pluginId, 'nightly')).toEqual(task);

    // A new deployment whose code changes the timeout: the override stays laid over the new code.
    caseDefinitions.set(pluginId, { nightly: { ...nightly, timeout: { minutes: 10 } } });
    await abortAllDurableObjects();
    await startPlugin(pluginId);

    const redeployed = await listed(pluginId, 'nightly');
    expect(redeployed?.settings).toMatchObject({ cadence: '0 4 * * *', timeZone: 'Europe/Berlin', timeoutAfterDuration: 'PT10M' });
    expect(redeployed?.override?.codeSettings).toMatchObject({ cadence: '0 3 * * *', timeoutAfterDuration: 'PT10M' });
    expect(redeployed?.taskState).toEqual(task.taskState);
  });

  it('lays a second override over the first', async () => {
    const pluginId = aPluginWith({ nightly });
    await startPlugin(pluginId);
    await patchTask(pluginId, 'nightly', { cadence: 'PT1H' });

    const task = taskResponseSchema.parse(await (await patchTask(pluginId, 'nightly', { timeoutAfterDuration: 'PT30S' })).json());

    expect(task.settings).toMatchObject({ cadence: 'PT1H', timeoutAfterDuration: 'PT30S' });
    expect(task.override?.settings).toEqual({ cadence: 'PT1H', timeoutAfterDuration: 'PT30S' });
  });

  it.each([
    ['a cron that does not parse', { cadence: 'every night' }, /cadence/],
    ['an unknown field', { cadance: 'PT1H' }, /cadance/],
    ['no field at all', {}, /at least one setting/],
    ['a timeout of zero', { timeoutAfterDuration: 'PT0S' }, /timeoutAfterDuration/],
    ['a zone that does not exist', { cadence: '0 4 * * *', timeZone: 'Mars/Olympus' }, /Mars\/Olympus/],
    ['a zone beside a duration cadence', { timeZone: 'Europe/Berlin' }, /timeZone: applies only to a cron cadence, not 'PT2H'/],
  ])('answers 400 for %s, naming it, and changes nothing stored', async (_name, body, message) => {
    const pluginId = aPluginWith({ nightly });
    await startPlugin(pluginId);
    await patchTask(pluginId, 'nightly', { cadence: 'PT2H' });
    const before = await readObjectState(pluginId);

    const response = await patchTask(pluginId, 'nightly', body);

    expect(response.status).toBe(400);
    expect((await jsonOf(response)).error.message).toMatch(message);
    expect(await readObjectState(pluginId)).toEqual(before);
  });

  it('answers 404 for an unknown task, 409 for a task defined over the API, and 400 for a body that is not JSON', async () => {
    const pluginId = aPluginWith({ nightly });
    await startPlugin(pluginId);
    await putTask(pluginId, 'hook', { frequency: { hours: 1 }, timeout: 'PT1M', handler: { url: 'https://handler.test/ok' } });

    const unknown = await patchTask(pluginId, 'nope', { cadence: 'PT1H' });
    const api = await patchTask(pluginId, 'hook', { cadence: 'PT2H' });
    const text = await callApi(`${apiBase(pluginId)}/tasks/nightly`, { method: 'PATCH', body: 'cadence=PT1H' });

    expect(unknown.status).toBe(404);
    expect(api.status).toBe(409);
    expect((await jsonOf(api)).error.message).toBe('Task hook is defined over the API; replace it with PUT instead');
    expect(text.status).toBe(400);
    expect((await readRow(pluginId, 'nightly'))?.override).toBeUndefined();
  });
});

describe('DELETE .../tasks/<taskId>/override', () => {
  it("returns the task to its code's settings and next occurrence, then answers 404 as there is none left", async () => {
    const pluginId = aPluginWith({ nightly });
    await startPlugin(pluginId);
    const original = await listed(pluginId, 'nightly');
    await patchTask(pluginId, 'nightly', { cadence: 'PT1M' });

    const cleared = await clearOverride(pluginId, 'nightly');
    const again = await clearOverride(pluginId, 'nightly');

    expect(cleared.status).toBe(200);
    const task = taskResponseSchema.parse(await cleared.json());
    expect(task.settings).toEqual(original?.settings);
    expect(task.override).toBeUndefined();
    expect(task.taskState).toEqual(original?.taskState);
    expect(again.status).toBe(404);
    expect((await jsonOf(again)).error.message).toBe('Task nightly has no override');
    expect((await clearOverride(pluginId, 'nope')).status).toBe(404);
  });
});
