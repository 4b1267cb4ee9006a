import { describe, expect, it } from 'vitest';
import { FAR_FUTURE, sharedTestClock } from '../support/shared-test-clock.ts';
import { apiBase, callApi, fireAlarm, jsonOf, putTask, readRow } from '../support/scheduler-harness.ts';

sharedTestClock.freeze(FAR_FUTURE);

const HOUR_MS = 3_600_000;
const handler = { url: 'https://handler.test/ok' };
type Run = { ticket: string; outcome: string; trigger: string; scheduledFor: string; error?: string };
type Task = { taskId: string; settings: Record<string, unknown>; taskState: { status: string; startsAt?: string } };

/** Lets a handler run finish: it is real I/O to another Worker. */
async function settled(pluginId: string, taskId: string): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    if ((await readRow(pluginId, taskId))?.run === null) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`Run of ${taskId} did not finish`);
}

async function runsOf(pluginId: string, taskId: string): Promise<Run[]> {
  return (await jsonOf<{ runs: Run[] }>(await callApi(`${apiBase(pluginId)}/tasks/${taskId}/runs`))).runs;
}

async function taskOf(pluginId: string, taskId: string): Promise<Task> {
  const { tasks } = await jsonOf<{ tasks: Task[] }>(await callApi(`${apiBase(pluginId)}/tasks`));
  return tasks.find((task) => task.taskId === taskId)!;
}

/** Moves the clock to `at` and fires the plugin's alarm, then lets any run it started finish. */
async function alarmAt(pluginId: string, taskId: string, at: number): Promise<void> {
  sharedTestClock.advance(at - sharedTestClock.now());
  await fireAlarm(pluginId);
  await settled(pluginId, taskId);
}

describe('occurrence policies end to end over HTTP, in workerd', () => {
  it("missedRuns 'skip' records the occurrences an outage missed as skipped and runs the next one on time", async () => {
    const start = sharedTestClock.now();
    const response = await putTask('occ-missed', 'hourly', { frequency: { hours: 1 }, timeout: { minutes: 1 }, handler, missedRuns: { policy: 'skip' } });
    expect(response.status).toBe(201);
    await alarmAt('occ-missed', 'hourly', start);

    await alarmAt('occ-missed', 'hourly', start + 5 * HOUR_MS + HOUR_MS / 2);

    const runs = await runsOf('occ-missed', 'hourly');
    expect(runs.map((run) => run.outcome)).toEqual(['skipped', 'skipped', 'skipped', 'succeeded']);
    expect(runs[0]!.scheduledFor).toBe(new Date(start + 5 * HOUR_MS).toISOString());
    expect(JSON.parse(runs[0]!.error!).message).toMatch(/2 earlier occurrences were skipped too$/);
    expect((await taskOf('occ-missed', 'hourly')).taskState.startsAt).toBe(new Date(start + 6 * HOUR_MS).toISOString());
  });

  it("missedRuns 'all' runs the latest missed occurrences one after another, oldest first, and skips those beyond its limit", async () => {
    const start = sharedTestClock.now();
    await putTask('occ-all', 'hourly', { frequency: { hours: 1 }, timeout: { minutes: 1 }, handler, missedRuns: { policy: 'all', limit: 2 } });
    await alarmAt('occ-all', 'hourly', start);

    await alarmAt('occ-all', 'hourly', start + 4 * HOUR_MS + HOUR_MS / 2);
    await alarmAt('occ-all', 'hourly', sharedTestClock.now());

    const runs = await runsOf('occ-all', 'hourly');
    const hoursAfterStart = (run: Run) => (Date.parse(run.scheduledFor) - start) / HOUR_MS;
    expect(runs.map((run) => [run.outcome, hoursAfterStart(run)])).toEqual([
      ['succeeded', 4],
      ['succeeded', 3],
      ['skipped', 2],
      ['skipped', 1],
      ['succeeded', 0],
    ]);
  });

  it('window.maxRuns stops the schedule after that many scheduled runs, and the task can still be triggered', async () => {
    const start = sharedTestClock.now();
    await putTask('occ-max', 'once-only', { frequency: { hours: 1 }, timeout: { minutes: 1 }, handler, window: { maxRuns: 1 } });
    await alarmAt('occ-max', 'once-only', start);

    const trigger = await callApi(`${apiBase('occ-max')}/tasks/once-only/trigger`, { method: 'POST' });
    await settled('occ-max', 'once-only');

    expect((await taskOf('occ-max', 'once-only')).taskState.startsAt).toBeUndefined();
    expect(trigger.status).toBe(200);
    expect((await runsOf('occ-max', 'once-only')).map((run) => run.trigger)).toEqual(['trigger', 'schedule']);
  });

  it('jitter delays the start shown in taskState.startsAt, and the run keeps its nominal occurrence', async () => {
    const start = sharedTestClock.now();
    await putTask('occ-jitter', 'spread', { frequency: { hours: 1 }, timeout: { minutes: 1 }, handler, jitter: { minutes: 30 } });
    const listed = await taskOf('occ-jitter', 'spread');
    const startsAt = Date.parse(listed.taskState.startsAt!);

    await alarmAt('occ-jitter', 'spread', startsAt);

    expect(listed.settings).toMatchObject({ jitterDuration: 'PT30M' });
    expect(startsAt).toBeGreaterThanOrEqual(start);
    expect(startsAt).toBeLessThanOrEqual(start + HOUR_MS / 2);
    const [run] = await runsOf('occ-jitter', 'spread');
    expect(run).toMatchObject({ outcome: 'succeeded', scheduledFor: new Date(start).toISOString() });
  });

  it('a window ends the schedule at its end bound: no start is shown once the last occurrence ran', async () => {
    const start = sharedTestClock.now();
    const window = { endAt: new Date(start + 90 * 60_000).toISOString() };
    await putTask('occ-window', 'bounded', { frequency: { hours: 1 }, timeout: { minutes: 1 }, handler, window });
    await alarmAt('occ-window', 'bounded', start);

    await alarmAt('occ-window', 'bounded', start + HOUR_MS);

    expect((await runsOf('occ-window', 'bounded')).map((run) => run.outcome)).toEqual(['succeeded', 'succeeded']);
    expect((await taskOf('occ-window', 'bounded')).taskState).toStrictEqual({ status: 'idle', lastRunEndedAt: expect.any(String) });
  });

  it('a skipped date moves the next start past it, in the window zone', async () => {
    const start = sharedTestClock.now();
    const tomorrow = new Date(start + 24 * HOUR_MS).toISOString().slice(0, 10);

    await putTask('occ-dates', 'daily', { frequency: { cron: '0 6 * * *' }, timeout: { minutes: 1 }, handler, window: { skipDates: [tomorrow] } });

    const startsAt = (await taskOf('occ-dates', 'daily')).taskState.startsAt!;
    expect(startsAt.slice(0, 10)).not.toBe(tomorrow);
    expect(Date.parse(startsAt)).toBe(Date.parse(`${tomorrow}T06:00:00Z`) + 24 * HOUR_MS);
  });

  it('skip-next passes over the next occurrence once: 200 with the task, its start an hour on, the occurrence recorded as skipped', async () => {
    await putTask('occ-skip', 'hourly', { frequency: { cron: '0 * * * *' }, timeout: { minutes: 1 }, handler });
    const before = Date.parse((await taskOf('occ-skip', 'hourly')).taskState.startsAt!);

    const response = await callApi(`${apiBase('occ-skip')}/tasks/hourly/skip-next`, { method: 'POST' });

    expect(response.status).toBe(200);
    expect(Date.parse((await jsonOf<Task>(response)).taskState.startsAt!)).toBe(before + HOUR_MS);
    expect(await runsOf('occ-skip', 'hourly')).toMatchObject([{ outcome: 'skipped', scheduledFor: new Date(before).toISOString() }]);
  });

  it('skip-next answers 409 for a manual task and 404 for an unknown one', async () => {
    await putTask('occ-skip', 'by-hand', { frequency: { trigger: 'manual' }, timeout: { minutes: 1 }, handler });

    const manual = await callApi(`${apiBase('occ-skip')}/tasks/by-hand/skip-next`, { method: 'POST' });
    const unknown = await callApi(`${apiBase('occ-skip')}/tasks/ghost/skip-next`, { method: 'POST' });

    expect(manual.status).toBe(409);
    expect((await jsonOf(manual)).error.name).toBe('ConflictError');
    expect(unknown.status).toBe(404);
  });

  it('answers 400 naming the field when jitter is not shorter than the cadence, and stores nothing', async () => {
    const response = await putTask('occ-invalid', 'bad', { frequency: { minutes: 5 }, timeout: { minutes: 1 }, handler, jitter: { minutes: 5 } });

    expect(response.status).toBe(400);
    expect((await jsonOf(response)).error.message).toBe("Invalid schedule for task 'bad': jitter must be shorter than the cadence (PT5M)");
    expect(await readRow('occ-invalid', 'bad')).toBeUndefined();
  });
});
