import { abortAllDurableObjects } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { nextRunsResponseSchema, pluginsResponseSchema, taskResponseSchema } from '../../src/http/schemas.ts';
import { aPluginWith } from '../support/plugin-definitions.ts';
import { FAR_FUTURE, sharedTestClock } from '../support/shared-test-clock.ts';
import { alarmOf, apiBase, callApi, endRun, fireAlarm, jsonOf, postTaskAction, putTask, readRow, startPlugin } from '../support/scheduler-harness.ts';
import { nthRun, runsOf } from '../support/task-probe.ts';

sharedTestClock.freeze(FAR_FUTURE);
const MINUTE = 60_000;
const hourlyHook = { frequency: { hours: 1 }, timeout: { minutes: 1 }, handler: { url: 'https://handler.test/ok' } };

function taskPath(pluginId: string, taskId: string, suffix = ''): string {
  return `${apiBase(pluginId)}/tasks/${encodeURIComponent(taskId)}${suffix}`;
}

describe('PUT .../tasks/<taskId>', () => {
  it('creates a task with 201 and answers in the shape of a list item', async () => {
    const response = await putTask('managed', 'created', hourlyHook);

    expect(response.status).toBe(201);
    const task = taskResponseSchema.parse(await response.json());
    expect(task).toMatchObject({
      taskId: 'created',
      pluginId: 'managed',
      scope: 'global',
      source: 'api',
      settings: { version: 2, cadence: 'PT1H', timeoutAfterDuration: 'PT1M' },
      handler: { url: 'https://handler.test/ok', method: 'POST' },
      taskState: { status: 'idle', startsAt: new Date(sharedTestClock.now()).toISOString() },
    });
  });

  it('updates a task with 200 and computes its next run from now', async () => {
    await putTask('managed', 'updated', { ...hourlyHook, frequency: { cron: '0 0 1 1 *' } });
    sharedTestClock.advance(MINUTE);

    const response = await putTask('managed', 'updated', { ...hourlyHook, frequency: { minutes: 5 }, initialDelay: { minutes: 5 } });

    expect(response.status).toBe(200);
    expect((await readRow('managed', 'updated'))?.nextRunAt).toBe(sharedTestClock.now() + 5 * MINUTE);
    expect(await alarmOf('managed')).toBeLessThanOrEqual(sharedTestClock.now() + 5 * MINUTE);
  });

  it('hides the values of handler headers, which may hold credentials', async () => {
    const response = await putTask('managed', 'secretive', { ...hourlyHook, handler: { url: 'https://handler.test/ok', headers: { Authorization: 'Bearer s3cret' } } });

    expect(JSON.stringify(await response.json())).not.toContain('s3cret');
    expect((await readRow('managed', 'secretive'))?.handler).toMatchObject({ headers: { Authorization: 'Bearer s3cret' } });
  });

  it('refuses to replace a task defined in code with 409', async () => {
    const response = await putTask('probe', 'manual', hourlyHook);

    expect(response.status).toBe(409);
    expect((await jsonOf(response)).error).toEqual({ name: 'ConflictError', message: 'Task manual is defined in code and cannot be replaced over the API' });
  });
});

describe('GET .../tasks/<taskId>', () => {
  it('returns one task', async () => {
    await putTask('managed', 'single', hourlyHook);

    const response = await callApi(taskPath('managed', 'single'));

    expect(response.status).toBe(200);
    expect(taskResponseSchema.parse(await response.json()).taskId).toBe('single');
  });

  it('answers 404 for an unknown task', async () => {
    const response = await callApi(taskPath('managed', 'nothing-here'));

    expect(response.status).toBe(404);
    expect((await jsonOf(response)).error.message).toBe('Task nothing-here does not exist');
  });
});

describe('DELETE .../tasks/<taskId>', () => {
  it('deletes a task with 204', async () => {
    await putTask('managed', 'doomed', hourlyHook);

    const response = await callApi(taskPath('managed', 'doomed'), { method: 'DELETE' });

    expect(response.status).toBe(204);
    expect(await readRow('managed', 'doomed')).toBeUndefined();
  });

  it('cancels a running run before deleting its task', async () => {
    await putTask('managed', 'busy', { ...hourlyHook, handler: { url: 'https://handler.test/hang' } });
    await postTaskAction('managed', 'busy', 'trigger');

    const response = await callApi(taskPath('managed', 'busy'), { method: 'DELETE' });

    expect(response.status).toBe(204);
    expect(await readRow('managed', 'busy')).toBeUndefined();
    expect((await callApi(taskPath('managed', 'busy', '/runs'))).status).toBe(404);
  });

  it('answers 404 for an unknown task and 409 for a task defined in code', async () => {
    const unknown = await callApi(taskPath('managed', 'never-was'), { method: 'DELETE' });
    const code = await callApi(taskPath('probe', 'manual'), { method: 'DELETE' });

    expect(unknown.status).toBe(404);
    expect(code.status).toBe(409);
    expect((await jsonOf(code)).error.message).toBe('Task manual is defined in code and cannot be deleted over the API');
  });
});

describe('pause and resume', () => {
  it('keeps a paused task from starting on its own, and shows it paused', async () => {
    const pluginId = aPluginWith({ job: { frequency: { hours: 1 }, timeout: { minutes: 1 } } });
    await startPlugin(pluginId);

    const response = await callApi(taskPath(pluginId, 'job', '/pause'), { method: 'POST' });
    await fireAlarm(pluginId);

    expect(response.status).toBe(200);
    expect(taskResponseSchema.parse(await response.json()).taskState).toEqual({ status: 'idle', paused: true });
    expect(runsOf(`${pluginId}/job`)).toHaveLength(0);
    expect(await alarmOf(pluginId)).toBeNull();
  });

  it('still runs a paused task when triggered', async () => {
    const pluginId = aPluginWith({ job: { frequency: { hours: 1 }, timeout: { minutes: 1 } } });
    await callApi(taskPath(pluginId, 'job', '/pause'), { method: 'POST' });

    const response = await postTaskAction(pluginId, 'job', 'trigger');

    expect(response.status).toBe(200);
    await endRun(pluginId, await nthRun(`${pluginId}/job`, 1));
    expect((await readRow(pluginId, 'job'))?.isPaused).toBe(true);
  });

  it('keeps a code task paused across a redeployment', async () => {
    const pluginId = aPluginWith({ job: { frequency: { hours: 1 }, timeout: { minutes: 1 } } });
    await callApi(taskPath(pluginId, 'job', '/pause'), { method: 'POST' });

    await abortAllDurableObjects();
    await startPlugin(pluginId);

    expect((await readRow(pluginId, 'job'))?.isPaused).toBe(true);
  });

  it('resumes a task without making up the runs it missed', async () => {
    const pluginId = aPluginWith({ job: { frequency: { cron: '0 * * * *' }, timeout: { minutes: 1 } } });
    await callApi(taskPath(pluginId, 'job', '/pause'), { method: 'POST' });
    sharedTestClock.advance(3 * 60 * MINUTE);

    const response = await callApi(taskPath(pluginId, 'job', '/resume'), { method: 'POST' });

    expect(response.status).toBe(200);
    const nextRunAt = (await readRow(pluginId, 'job'))!.nextRunAt!;
    expect(nextRunAt).toBeGreaterThan(sharedTestClock.now());
    expect(await alarmOf(pluginId)).toBe(nextRunAt);
  });

  it('answers 404 for an unknown task', async () => {
    const response = await callApi(taskPath('probe', 'ghost', '/pause'), { method: 'POST' });

    expect(response.status).toBe(404);
  });
});

describe('GET .../tasks/<taskId>/runs', () => {
  it('lists finished runs newest first, with what started each', async () => {
    const pluginId = aPluginWith({ job: { frequency: { minutes: 10 }, timeout: { minutes: 1 } } });
    await startPlugin(pluginId);
    await fireAlarm(pluginId);
    await endRun(pluginId, await nthRun(`${pluginId}/job`, 1));
    await postTaskAction(pluginId, 'job', 'trigger');
    await endRun(pluginId, await nthRun(`${pluginId}/job`, 2), new Error('second failed'));

    const { runs } = await jsonOf<{ runs: Array<Record<string, unknown>> }>(await callApi(taskPath(pluginId, 'job', '/runs')));

    expect(runs.map((run) => [run.trigger, run.outcome])).toEqual([
      ['trigger', 'failed'],
      ['schedule', 'succeeded'],
    ]);
    expect(runs[0]?.error).toBe('{"name":"Error","message":"second failed"}');
  });

  it('keeps only the most recent runs (5 in the test Worker) and honours ?limit', async () => {
    const pluginId = aPluginWith({ job: { frequency: { trigger: 'manual' }, timeout: { minutes: 1 } } });
    for (let count = 1; count <= 7; count++) {
      await postTaskAction(pluginId, 'job', 'trigger');
      await endRun(pluginId, await nthRun(`${pluginId}/job`, count));
    }

    const all = await jsonOf<{ runs: unknown[] }>(await callApi(taskPath(pluginId, 'job', '/runs')));
    const two = await jsonOf<{ runs: unknown[] }>(await callApi(taskPath(pluginId, 'job', '/runs?limit=2')));

    expect(all.runs).toHaveLength(5);
    expect(two.runs).toHaveLength(2);
  });
});

describe('GET .../tasks/<taskId>/next', () => {
  it('previews the next due times in UTC and in the task\'s zone', async () => {
    const pluginId = aPluginWith({ nightly: { frequency: { cron: '0 3 * * *', timeZone: 'Europe/Berlin' }, timeout: { minutes: 1 } } });

    const response = await callApi(taskPath(pluginId, 'nightly', '/next?count=3'));

    const body = nextRunsResponseSchema.parse(await response.json());
    expect(body.timeZone).toBe('Europe/Berlin');
    expect(body.runs).toHaveLength(3);
    expect(body.runs.map((run) => run.local.slice(11, 19))).toEqual(['03:00:00', '03:00:00', '03:00:00']);
    expect(body.runs[0]?.at).toMatch(/T02:00:00\.000Z$/);
  });

  it('refuses a count over 100', async () => {
    const response = await callApi(taskPath('probe', 'hourly', '/next?count=101'));

    expect(response.status).toBe(400);
    expect((await jsonOf(response)).error.name).toBe('InputError');
  });
});

describe('GET /.backstage/scheduler/v1/plugins', () => {
  it('lists the plugins from code and from the API, with their task counts', async () => {
    await putTask('api-only', 'one', hourlyHook);

    const response = await callApi('/.backstage/scheduler/v1/plugins');

    const { plugins } = pluginsResponseSchema.parse(await response.json());
    expect(plugins).toContainEqual({ pluginId: 'api-only', taskCount: 1, codeTaskCount: 0, apiTaskCount: 1 });
    expect(plugins.find((plugin) => plugin.pluginId === 'probe')).toMatchObject({ codeTaskCount: 5, apiTaskCount: 0 });
  });

  it('lists an API-only plugin while it has API tasks: after its first PUT, through restarts, until its last DELETE', async () => {
    const listed = async () => {
      const { plugins } = pluginsResponseSchema.parse(await (await callApi('/.backstage/scheduler/v1/plugins')).json());
      return plugins.find((plugin) => plugin.pluginId === 'comes-and-goes');
    };
    await putTask('comes-and-goes', 'first', hourlyHook);
    await putTask('comes-and-goes', 'second', hourlyHook);
    expect(await listed()).toMatchObject({ apiTaskCount: 2 });

    await callApi(taskPath('comes-and-goes', 'first'), { method: 'DELETE' });
    expect(await listed()).toMatchObject({ apiTaskCount: 1 });
    await abortAllDurableObjects();
    await callApi(taskPath('comes-and-goes', 'second'), { method: 'DELETE' });
    expect(await listed()).toBeUndefined();
    expect((await callApi(`${apiBase('comes-and-goes')}/tasks/second`)).status).toBe(404);

    await putTask('comes-and-goes', 'again', hourlyHook);
    expect(await listed()).toMatchObject({ apiTaskCount: 1 });
  });

  it('requires a token', async () => {
    const response = await callApi('/.backstage/scheduler/v1/plugins', { headers: { Authorization: '' } });

    expect(response.status).toBe(401);
  });
});
