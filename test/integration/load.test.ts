import { describe, expect, it } from 'vitest';
import { pluginsResponseSchema, tasksResponseSchema } from '../../src/http/schemas.ts';
import { mapConcurrently } from '../support/concurrency.ts';
import { aPluginWith } from '../support/plugin-definitions.ts';
import { apiBase, endRun, fireAlarm, readRow, startPlugin } from '../support/scheduler-harness.ts';
import { FAR_FUTURE, sharedTestClock } from '../support/shared-test-clock.ts';
import { countRows } from '../support/stored-state.ts';
import { nthRun, runsOf } from '../support/task-probe.ts';
import { callWorker } from '../support/worker-fetch.ts';

/*
 * Modest sizes, bounded in time; the large ones belong in the benchmark (bench/). Each test's
 * timeout is its bound, generous for a loaded two-core machine. Requests go to the Worker's
 * fetch handler directly (see worker-fetch.ts): through SELF, a thousand requests measure the
 * test pool rather than the scheduler.
 */
sharedTestClock.freeze(FAR_FUTURE);
const MINUTE = 60_000;
/** The test Worker keeps this many finished runs per task (`runHistoryLimit` in worker.ts). */
const RUN_HISTORY_LIMIT = 5;

/** The i-th of many tasks: cadences of every kind, each a little different, all hanging if they run. */
function manyTask(index: number) {
  const frequencies = [
    { minutes: 5 + (index % 55) },
    { cron: `${index % 60} ${index % 24} * * *`, timeZone: ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe'][index % 3] },
    { trigger: 'manual' },
    `PT${1 + (index % 23)}H`,
  ];
  return { frequency: frequencies[index % 4], timeout: { seconds: 30 + index }, handler: { url: `https://handler.test/hang?task=${index}` } };
}

async function putMany(pluginId: string, taskId: string, index: number): Promise<number> {
  const response = await callWorker(`${apiBase(pluginId)}/tasks/${taskId}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(manyTask(index)),
  });
  await response.arrayBuffer();
  return response.status;
}

async function trigger(pluginId: string, taskId: string): Promise<{ status: number; body: string }> {
  const response = await callWorker(`${apiBase(pluginId)}/tasks/${taskId}/trigger`, { method: 'POST' });
  return { status: response.status, body: await response.text() };
}

describe('a plugin with 1,000 tasks', () => {
  // About 5 s: each write costs the same however many tasks the plugin has (the task store's
  // in-memory schedule). When every write read and parsed every row, it took 2 minutes.
  it('takes them over the API 8 at a time, lists every one and triggers some', async ({ signal }) => {
    const ids = Array.from({ length: 1_000 }, (_, index) => `task-${String(index).padStart(4, '0')}`);
    const created = await mapConcurrently(ids, 8, (id, index) => putMany('thousand', id, index), signal);
    const manualIds = ids.filter((_, index) => index % 4 === 2).slice(0, 10);

    const listed = tasksResponseSchema.parse(await (await callWorker(`${apiBase('thousand')}/tasks`)).json()).tasks;
    const triggered = await Promise.all(manualIds.map((id) => trigger('thousand', id)));

    expect(created.filter((status) => status !== 201)).toEqual([]);
    expect(listed.map((task) => task.taskId)).toEqual(ids);
    expect(triggered.map((answer) => answer.status)).toEqual(manualIds.map(() => 200));
    for (const id of manualIds) expect((await readRow('thousand', id))?.run).not.toBeNull();
  }, 60_000);
});

describe('a storm of 1,000 concurrent triggers against one task', () => {
  it('starts exactly one run and answers the other 999 with 409', async () => {
    const pluginId = aPluginWith({ stormy: { frequency: { trigger: 'manual' }, timeout: { minutes: 1 } } });
    await startPlugin(pluginId);

    const answers = await Promise.all(Array.from({ length: 1_000 }, () => trigger(pluginId, 'stormy')));

    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
    const conflicts = answers.filter((answer) => answer.status === 409);
    expect(conflicts).toHaveLength(999);
    expect(JSON.parse(conflicts[0]!.body).error).toEqual({ name: 'ConflictError', message: 'Task stormy is currently running' });
    expect(runsOf(`${pluginId}/stormy`)).toHaveLength(1);
    await endRun(pluginId, await nthRun(`${pluginId}/stormy`, 1));
  }, 120_000);
});

describe('storage', () => {
  it(`keeps only the last ${RUN_HISTORY_LIMIT} runs of a task however many end`, async () => {
    const pluginId = aPluginWith({ busy: { frequency: { trigger: 'manual' }, timeout: { minutes: 1 } } });
    await startPlugin(pluginId);
    const tickets: string[] = [];

    for (let run = 1; run <= 3 * RUN_HISTORY_LIMIT; run++) {
      await trigger(pluginId, 'busy');
      tickets.push((await readRow(pluginId, 'busy'))!.run!.ticket);
      await endRun(pluginId, await nthRun(`${pluginId}/busy`, run));
    }

    expect((await countRows(pluginId))['task_runs']).toBe(RUN_HISTORY_LIMIT);
    const { runs } = (await (await callWorker(`${apiBase(pluginId)}/tasks/busy/runs`)).json()) as { runs: Array<{ ticket: string }> };
    expect(runs.map((run) => run.ticket)).toEqual(tickets.slice(-RUN_HISTORY_LIMIT).reverse());
  }, 60_000);

  it('grows by no row and no key per alarm once the history is full', async () => {
    const pluginId = aPluginWith({
      everyMinute: { frequency: { minutes: 1 }, timeout: { seconds: 30 } },
      onDemand: { frequency: { trigger: 'manual' }, timeout: { seconds: 30 } },
    });
    await startPlugin(pluginId);
    let runs = 0;
    const fireAndFinish = async () => {
      await fireAlarm(pluginId);
      await endRun(pluginId, await nthRun(`${pluginId}/everyMinute`, ++runs));
      sharedTestClock.advance(MINUTE);
    };
    for (let warmUp = 0; warmUp < RUN_HISTORY_LIMIT; warmUp++) await fireAndFinish();
    const before = await countRows(pluginId);

    for (let alarm = 0; alarm < 50; alarm++) await fireAndFinish();

    expect(await countRows(pluginId)).toEqual(before);
    expect(before).toMatchObject({ tasks: 2, task_runs: RUN_HISTORY_LIMIT });
  }, 60_000);
});

// Last in the file: listing the plugins wakes every plugin the Worker defines in code, so a case
// plugin taken after it would start before its test gave it tasks.
describe('200 plugins at once', () => {
  it('each take a task concurrently, and the plugin list names every one', async () => {
    const pluginIds = Array.from({ length: 200 }, (_, index) => `crowd-${index}`);
    const created = await Promise.all(pluginIds.map((pluginId, index) => putMany(pluginId, 'only', index)));

    const response = await callWorker('/.backstage/scheduler/v1/plugins');

    expect(created.filter((status) => status !== 201)).toEqual([]);
    const { plugins } = pluginsResponseSchema.parse(await response.json());
    const crowd = plugins.filter((plugin) => plugin.pluginId.startsWith('crowd-'));
    expect(crowd.map((plugin) => plugin.pluginId).sort()).toEqual([...pluginIds].sort());
    expect(crowd.filter((plugin) => plugin.apiTaskCount !== 1 || plugin.taskCount !== 1)).toEqual([]);
  }, 120_000);
});
