import { describe, expect, it } from 'vitest';
import { FAR_FUTURE, sharedTestClock } from '../support/shared-test-clock.ts';
import { apiBase, callApi, fireAlarm, jsonOf, postTaskAction, putTask, readRow } from '../support/scheduler-harness.ts';

sharedTestClock.freeze(FAR_FUTURE);
type Run = { ticket: string; outcome: string; trigger: string; scheduledFor: string };
type Listed = { taskId: string; settings: Record<string, unknown>; taskState: { status: string; paused?: true; startsAt?: string } };

/** Waits until the task's run has ended and been recorded; the handler is a real Worker. */
async function settled(pluginId: string, taskId: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if ((await readRow(pluginId, taskId))?.run === null) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`Run of ${taskId} did not finish`);
}

async function runsOf(pluginId: string, taskId: string): Promise<Run[]> {
  return (await jsonOf<{ runs: Run[] }>(await callApi(`${apiBase(pluginId)}/tasks/${taskId}/runs`))).runs;
}

async function listedTask(pluginId: string, taskId: string): Promise<Listed> {
  const { tasks } = await jsonOf<{ tasks: Listed[] }>(await callApi(`${apiBase(pluginId)}/tasks`));
  return tasks.find((task) => task.taskId === taskId)!;
}

const failing = { frequency: { trigger: 'manual' }, timeout: { minutes: 1 }, handler: { url: 'https://handler.test/fail' } };

describe('a task with a retry policy, over HTTP', () => {
  it('runs each attempt of a failing occurrence as its own retry run, with its backoff, and stops after the last', async () => {
    const response = await putTask('retries', 'flaky', { ...failing, retry: { attempts: 3, backoff: 'exponential', delay: 'PT10S' } });
    expect(response.status).toBe(201);
    const triggeredAt = sharedTestClock.now();
    await postTaskAction('retries', 'flaky', 'trigger');
    await settled('retries', 'flaky');
    const afterFirst = await readRow('retries', 'flaky');

    sharedTestClock.advance(10_000);
    await fireAlarm('retries');
    await settled('retries', 'flaky');
    const afterSecond = await readRow('retries', 'flaky');
    sharedTestClock.advance(20_000);
    await fireAlarm('retries');
    await settled('retries', 'flaky');

    expect(afterFirst?.nextRunAt).toBe(triggeredAt + 10_000);
    expect(afterSecond?.nextRunAt).toBe(triggeredAt + 30_000);
    expect((await runsOf('retries', 'flaky')).map(({ trigger, outcome }) => `${trigger} ${outcome}`)).toEqual([
      'retry failed',
      'retry failed',
      'trigger failed',
    ]);
    expect(await readRow('retries', 'flaky')).toMatchObject({ nextRunAt: null, run: null });
    expect((await listedTask('retries', 'flaky')).settings.retry).toEqual({ attempts: 3, backoff: 'exponential', delayDuration: 'PT10S' });
  });

  it('is refused with a 400 naming the field when its attempts are out of range, and nothing is stored', async () => {
    const response = await putTask('retries', 'refused', { ...failing, retry: { attempts: 50, delay: 'PT10S' } });

    expect(response.status).toBe(400);
    expect((await jsonOf(response)).error.message).toMatch(/retry\.attempts.*must be between 2 and 20/);
    expect(await readRow('retries', 'refused')).toBeUndefined();
  });
});

describe('a task with pauseAfterFailures, over HTTP', () => {
  it('is paused after that many failed runs in a row, and says so in taskState', async () => {
    await putTask('pausing', 'broken', { ...failing, frequency: { minutes: 5 }, pauseAfterFailures: 2 });
    await fireAlarm('pausing');
    await settled('pausing', 'broken');
    const afterFirst = await listedTask('pausing', 'broken');

    sharedTestClock.advance(5 * 60_000);
    await fireAlarm('pausing');
    await settled('pausing', 'broken');

    expect(afterFirst.taskState.paused).toBeUndefined();
    expect((await listedTask('pausing', 'broken')).taskState).toMatchObject({ status: 'idle', paused: true });
    expect((await runsOf('pausing', 'broken')).map((run) => run.outcome)).toEqual(['failed', 'failed']);
  });
});
