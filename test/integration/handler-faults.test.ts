import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createHandlerTask } from '../../src/runtime/handler-request.ts';
import { MINUTE_MS, SECOND_MS } from '../support/instants.ts';
import { fireAlarm, handlerRequests, postTaskAction, putTask, readRow } from '../support/scheduler-harness.ts';
import { FAR_FUTURE, sharedTestClock } from '../support/shared-test-clock.ts';
import { aHandlerPolicy } from '../support/task-handler-builder.ts';
import { iso, runHistoryOf, taskStateOf } from '../support/user-view.ts';

/**
 * Handlers that misbehave, played by the auxiliary Worker (handler-worker.mjs), and what a user
 * of the REST API sees afterwards: the task's state, its run history and its next run.
 */

sharedTestClock.freeze(FAR_FUTURE);
const PLUGIN = 'hooks';
const MIB = 1024 * 1024;

interface StreamMeter {
  producedBytes: number;
  isCancelled: boolean;
}

/** How much of the body the handler produced for a task, and whether its reader cancelled it. */
async function streamOf(taskId: string): Promise<StreamMeter | undefined> {
  const response = await env.HANDLER_SERVICE.fetch('http://handler.test/__streams');
  return ((await response.json()) as Record<string, StreamMeter>)[taskId];
}

/**
 * Waits until `condition` holds, for at most two seconds. The run talks to another Worker over
 * real I/O and ends on its own; no event of the test marks that moment, so the state is polled.
 */
async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`Timed out waiting until ${what}`);
}

const isReleased = (taskId: string) => async () => (await readRow(PLUGIN, taskId))?.run === null;
const manual = { frequency: { trigger: 'manual' }, timeout: { minutes: 1 } };

describe('a handler that never sends its headers', () => {
  it('is aborted at the timeout: the run is recorded once as timed out, and the next run follows the cadence', async () => {
    await putTask(PLUGIN, 'silent', { frequency: { minutes: 10 }, timeout: { seconds: 30 }, handler: { url: 'https://handler.test/hang' } });
    const dueAt = sharedTestClock.now();
    await fireAlarm(PLUGIN);

    sharedTestClock.advance(30 * SECOND_MS);
    await fireAlarm(PLUGIN);

    const runs = await runHistoryOf(PLUGIN, 'silent');
    expect(runs).toMatchObject([{ trigger: 'schedule', outcome: 'timed-out', endedAt: iso(dueAt + 30 * SECOND_MS) }]);
    expect(JSON.parse(runs[0]!.error!)).toEqual({ name: 'TimeoutError', message: 'Task timed out after PT30S' });
    expect(await taskStateOf(PLUGIN, 'silent')).toMatchObject({ status: 'idle', startsAt: iso(dueAt + 10 * MINUTE_MS) });
    expect((await handlerRequests()).filter((request) => request.headers['x-scheduler-task'] === 'silent')).toHaveLength(1);
  });
});

describe('a handler that answers with a 20 MB body', () => {
  it('fails the run with the status and the first 1 KB of the body, having read little more than that', async () => {
    await putTask(PLUGIN, 'verbose-failure', { ...manual, handler: { url: 'https://handler.test/huge-failure' } });

    await postTaskAction(PLUGIN, 'verbose-failure', 'trigger');
    await until(isReleased('verbose-failure'), 'the run of verbose-failure is released');
    await until(async () => (await streamOf('verbose-failure'))?.isCancelled === true, 'the body is cancelled');

    const [run] = await runHistoryOf(PLUGIN, 'verbose-failure');
    expect(run?.outcome).toBe('failed');
    // workerd fills in the status text.
    expect(JSON.parse(run!.error!)).toEqual({ name: 'HttpError', message: `HTTP 500 Internal Server Error: ${'y'.repeat(1024)}` });
    expect((await streamOf('verbose-failure'))!.producedBytes).toBeLessThan(MIB);
  });

  it('succeeds on a 2xx status without reading the body', async () => {
    await putTask(PLUGIN, 'verbose-success', { ...manual, handler: { url: 'https://handler.test/huge-success' } });

    await postTaskAction(PLUGIN, 'verbose-success', 'trigger');
    await until(isReleased('verbose-success'), 'the run of verbose-success is released');
    await until(async () => (await streamOf('verbose-success'))?.isCancelled === true, 'the body is cancelled');

    expect(await runHistoryOf(PLUGIN, 'verbose-success')).toMatchObject([{ trigger: 'trigger', outcome: 'succeeded' }]);
    expect((await streamOf('verbose-success'))!.producedBytes).toBeLessThan(MIB);
  });
});

describe('a handler whose failing answer stalls after a few bytes', () => {
  it('holds the run until its timeout, then records it once as timed out', async () => {
    await putTask(PLUGIN, 'stalled', { ...manual, handler: { url: 'https://handler.test/stalled-failure' } });
    const triggeredAt = sharedTestClock.now();
    await postTaskAction(PLUGIN, 'stalled', 'trigger');
    await until(async () => ((await streamOf('stalled'))?.producedBytes ?? 0) > 0, 'the body has started');
    const whileStalled = await taskStateOf(PLUGIN, 'stalled');

    sharedTestClock.advance(MINUTE_MS);
    await fireAlarm(PLUGIN);

    expect(whileStalled).toMatchObject({ status: 'running', timesOutAt: iso(triggeredAt + MINUTE_MS) });
    expect(await runHistoryOf(PLUGIN, 'stalled')).toMatchObject([{ trigger: 'trigger', outcome: 'timed-out', endedAt: iso(triggeredAt + MINUTE_MS) }]);
    expect(await taskStateOf(PLUGIN, 'stalled')).toEqual({
      status: 'idle',
      lastRunEndedAt: iso(triggeredAt + MINUTE_MS),
      lastRunError: '{"name":"TimeoutError","message":"Task timed out after PT1M"}',
    });
  });

  it('does not keep the run\'s function waiting on the body once its signal aborts', async () => {
    const task = createHandlerTask(
      { url: 'https://handler.test/stalled-failure', method: 'POST' },
      { pluginId: PLUGIN, taskId: 'stalled-function', ticket: 'ticket-1', scheduledFor: 0, policy: aHandlerPolicy({ allowedHosts: ['handler.test'] }), env: {}, signingSecret: undefined, now: () => 0 },
    );
    const controller = new AbortController();
    const ended = Promise.resolve(task(controller.signal)).then(
      () => 'returned',
      (error: unknown) => `threw ${String(error)}`,
    );
    await until(async () => ((await streamOf('stalled-function'))?.producedBytes ?? 0) > 0, 'the body has started');

    controller.abort(new Error('Task timed out after PT1M'));

    expect(await ended).toBe('threw Error: Task timed out after PT1M');
  });
});
