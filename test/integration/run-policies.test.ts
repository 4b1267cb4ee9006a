import { describe, expect, it } from 'vitest';
import { FAR_FUTURE, sharedTestClock } from '../support/shared-test-clock.ts';
import { signRequest } from '../../src/runtime/request-signature.ts';
import {
  alarmOf,
  apiBase,
  callApi,
  fireAlarm,
  handlerRequests,
  jsonOf,
  postTaskAction,
  putTask,
  putTasks,
  readRow,
  type ReceivedRequest,
} from '../support/scheduler-harness.ts';

sharedTestClock.freeze(FAR_FUTURE);
type Run = { ticket: string; outcome: string; trigger: string; scheduledFor: string };
type Listed = { taskId: string; settings: Record<string, unknown>; taskState: { status: string; paused?: true; stale?: true; startsAt?: string } };

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

/** The alerts the auxiliary Worker received for a task, as parsed bodies with their request; polled, as delivery runs in the background. */
async function alertsOf(taskId: string, count: number): Promise<Array<{ body: Record<string, unknown>; request: ReceivedRequest }>> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const received = (await handlerRequests()).filter((request) => request.url.endsWith('/alert') && request.headers['x-scheduler-task'] === taskId);
    if (received.length >= count) return received.map((request) => ({ body: JSON.parse(request.body) as Record<string, unknown>, request }));
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`Fewer than ${count} alerts for ${taskId} arrived`);
}

const ok = { frequency: { trigger: 'manual' }, timeout: { minutes: 1 }, handler: { url: 'https://handler.test/ok' } };
const alert = { url: 'https://handler.test/alert' };

describe('a task with staleAfter, over HTTP', () => {
  it('wakes when it becomes stale, shows stale in taskState and alerts; the next success clears it and alerts recovery', async () => {
    const watchedSince = sharedTestClock.now();
    await putTask('staleness', 'heartbeat', { ...ok, staleAfter: { minutes: 10 }, alert: { ...alert, on: ['stale', 'recovery'] } });
    const alarmAt = await alarmOf('staleness');

    sharedTestClock.advance(10 * 60_000);
    await fireAlarm('staleness');
    const whileStale = await listedTask('staleness', 'heartbeat');
    const [staleAlert] = await alertsOf('heartbeat', 1);
    await postTaskAction('staleness', 'heartbeat', 'trigger');
    await settled('staleness', 'heartbeat');

    expect(alarmAt).toBe(watchedSince + 10 * 60_000);
    expect(whileStale.taskState.stale).toBe(true);
    expect(staleAlert!.body).toMatchObject({ event: 'stale', pluginId: 'staleness', taskId: 'heartbeat', lastSucceededAt: null });
    expect((await alertsOf('heartbeat', 2))[1]!.body).toMatchObject({ event: 'recovery', taskId: 'heartbeat' });
    expect((await listedTask('staleness', 'heartbeat')).taskState.stale).toBeUndefined();
  });
});

describe('an alert webhook, over HTTP', () => {
  it('is POSTed, signed as handler requests are, when an occurrence fails', async () => {
    await putTask('alerting', 'broken', { ...failing, alert: { ...alert, on: ['failure'] } });

    await postTaskAction('alerting', 'broken', 'trigger');
    await settled('alerting', 'broken');

    const [{ body, request }] = (await alertsOf('broken', 1)) as [{ body: Record<string, unknown>; request: ReceivedRequest }];
    const [run] = await runsOf('alerting', 'broken');
    expect(body).toMatchObject({ event: 'failure', pluginId: 'alerting', taskId: 'broken', runId: run!.ticket });
    expect(JSON.parse(body.error as string).name).toBe('HttpError');
    expect(request.method).toBe('POST');
    const expected = await signRequest('test-signing-secret', {
      timestamp: request.headers['x-scheduler-timestamp']!,
      method: 'POST',
      url: 'https://handler.test/alert',
      body: request.body,
    });
    expect(request.headers['x-scheduler-signature']).toBe(expected);
  });

  it('to a host the outbound policy refuses is refused with a 400 naming alert.url, and nothing is stored', async () => {
    const response = await putTask('alerting', 'elsewhere', { ...failing, alert: { url: 'https://evil.example/alert', on: ['failure'] } });

    expect(response.status).toBe(400);
    expect((await jsonOf(response)).error.message).toMatch(/alert\.url host 'evil\.example' is not in SCHEDULER_ALLOWED_HOSTS/);
    expect(await readRow('alerting', 'elsewhere')).toBeUndefined();
  });

  it('in a batch PUT to a refused host is refused too, naming the item', async () => {
    const response = await putTasks('alerting', [{ id: 'batched', ...failing, alert: { url: 'https://evil.example/alert' } }]);

    expect(response.status).toBe(400);
    expect((await jsonOf(response)).error.message).toMatch(/alert\.url host 'evil\.example'/);
  });
});

describe('a task with an overlap policy, over HTTP', () => {
  const hanging = { timeout: { minutes: 10 }, handler: { url: 'https://handler.test/hang' } };

  it('cancel-running: cancels the run when its next occurrence comes due, records it cancelled, and starts that occurrence', async () => {
    await putTask('overlaps', 'preempted', { ...hanging, frequency: { minutes: 5 }, overlap: 'cancel-running' });
    await fireAlarm('overlaps');
    const first = (await readRow('overlaps', 'preempted'))!.run!;

    sharedTestClock.advance(5 * 60_000);
    await fireAlarm('overlaps');

    const second = (await readRow('overlaps', 'preempted'))!.run!;
    const [cancelled] = await runsOf('overlaps', 'preempted');
    expect(cancelled).toMatchObject({ ticket: first.ticket, outcome: 'cancelled' });
    expect(second).toMatchObject({ cause: 'schedule', scheduledFor: first.scheduledFor + 5 * 60_000 });
    expect(second.ticket).not.toBe(first.ticket);
    await postTaskAction('overlaps', 'preempted', 'cancel');
  });

  it('buffer-one: starts the occurrence that came due during a long run as soon as it ends', async () => {
    await putTask('overlaps', 'buffered', { ...hanging, timeout: { minutes: 7 }, frequency: { cron: '*/5 * * * *' }, overlap: 'buffer-one' });
    sharedTestClock.advance((await readRow('overlaps', 'buffered'))!.nextRunAt! - sharedTestClock.now());
    await fireAlarm('overlaps');
    const first = (await readRow('overlaps', 'buffered'))!.run!;

    sharedTestClock.advance(7 * 60_000);
    await fireAlarm('overlaps');

    const second = (await readRow('overlaps', 'buffered'))!.run;
    expect((await runsOf('overlaps', 'buffered'))[0]).toMatchObject({ ticket: first.ticket, outcome: 'timed-out' });
    expect(second).toMatchObject({ cause: 'schedule', startedAt: sharedTestClock.now() });
    await postTaskAction('overlaps', 'buffered', 'cancel');
  });
});
