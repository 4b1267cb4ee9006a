import { describe, expect, it } from 'vitest';
import { signRequest } from '../../src/runtime/request-signature.ts';
import { FAR_FUTURE, sharedTestClock } from '../support/shared-test-clock.ts';
import { alarmOf, callApi, apiBase, fireAlarm, handlerRequests, jsonOf, postTaskAction, putTask, readRow } from '../support/scheduler-harness.ts';

sharedTestClock.freeze(FAR_FUTURE);
type Run = { ticket: string; outcome: string; error?: string; trigger: string };

/** Lets the handler request and the run's completion finish; real I/O to another Worker is involved. */
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

const manual = { frequency: { trigger: 'manual' }, timeout: { minutes: 1 } };

describe('a task with an HTTP handler', () => {
  it('sends the run\'s headers and a signature the handler can verify', async () => {
    await putTask('hooks', 'notify', { ...manual, handler: { url: 'https://handler.test/ok', body: '{"hello":"world"}', headers: { 'Content-Type': 'application/json' } } });

    await postTaskAction('hooks', 'notify', 'trigger');
    await settled('hooks', 'notify');

    const request = (await handlerRequests()).find((received) => received.headers['x-scheduler-task'] === 'notify')!;
    const ticket = (await runsOf('hooks', 'notify'))[0]!.ticket;
    expect(request).toMatchObject({ url: 'https://handler.test/ok', method: 'POST', body: '{"hello":"world"}' });
    expect(request.headers).toMatchObject({
      'x-scheduler-plugin': 'hooks',
      'x-scheduler-task': 'notify',
      'x-scheduler-run': ticket,
      'x-scheduler-scheduled-for': new Date(sharedTestClock.now()).toISOString(),
      'content-type': 'application/json',
    });
    const expected = await signRequest('test-signing-secret', {
      timestamp: request.headers['x-scheduler-timestamp']!,
      method: 'POST',
      url: 'https://handler.test/ok',
      body: '{"hello":"world"}',
    });
    expect(request.headers['x-scheduler-signature']).toBe(expected);
  });

  it('records a 2xx answer as a successful run', async () => {
    await putTask('hooks', 'ok', { ...manual, handler: { url: 'https://handler.test/ok' } });

    await postTaskAction('hooks', 'ok', 'trigger');
    await settled('hooks', 'ok');

    expect((await runsOf('hooks', 'ok'))[0]).toMatchObject({ outcome: 'succeeded', trigger: 'trigger' });
    expect((await readRow('hooks', 'ok'))?.lastRunError).toBeNull();
  });

  it('records another status as a failure naming it, with the first 1 KB of the body', async () => {
    await putTask('hooks', 'broken', { ...manual, handler: { url: 'https://handler.test/fail' } });

    await postTaskAction('hooks', 'broken', 'trigger');
    await settled('hooks', 'broken');

    const error = JSON.parse((await readRow('hooks', 'broken'))!.lastRunError!);
    expect(error.name).toBe('HttpError');
    expect(error.message).toBe(`HTTP 500 Internal Server Error: ${'x'.repeat(1024)}`);
    expect((await runsOf('hooks', 'broken'))[0]?.outcome).toBe('failed');
  });

  it('does not follow a redirect, which could lead to a host the policy refuses', async () => {
    await putTask('hooks', 'bounce', { ...manual, handler: { url: 'https://handler.test/redirect' } });

    await postTaskAction('hooks', 'bounce', 'trigger');
    await settled('hooks', 'bounce');

    expect(JSON.parse((await readRow('hooks', 'bounce'))!.lastRunError!).message).toMatch(/^HTTP 302/);
    expect((await handlerRequests()).some((received) => received.url.includes('evil.example'))).toBe(false);
  });

  it('aborts a handler that hangs past the timeout and records the run as timed out', async () => {
    await putTask('hooks', 'stuck', { frequency: { trigger: 'manual' }, timeout: { seconds: 30 }, handler: { url: 'https://handler.test/hang' } });
    await postTaskAction('hooks', 'stuck', 'trigger');
    const timesOutAt = (await readRow('hooks', 'stuck'))!.run!.timesOutAt;
    expect(await alarmOf('hooks')).toBe(timesOutAt);
    sharedTestClock.advance(30_000);

    await fireAlarm('hooks');

    expect((await readRow('hooks', 'stuck'))?.run).toBeNull();
    expect((await runsOf('hooks', 'stuck'))[0]).toMatchObject({ outcome: 'timed-out' });
    expect(JSON.parse((await readRow('hooks', 'stuck'))!.lastRunError!).name).toBe('TimeoutError');
  });
});

describe('a task whose handler is a service binding', () => {
  it('calls the bound Worker at the given path', async () => {
    await putTask('hooks', 'bound', { ...manual, handler: { service: 'HANDLER_SERVICE', path: '/ok?from=binding', method: 'PUT', body: 'payload' } });

    await postTaskAction('hooks', 'bound', 'trigger');
    await settled('hooks', 'bound');

    const request = (await handlerRequests()).find((received) => received.headers['x-scheduler-task'] === 'bound')!;
    expect(request).toMatchObject({ method: 'PUT', body: 'payload' });
    expect(new URL(request.url).pathname + new URL(request.url).search).toBe('/ok?from=binding');
    expect((await runsOf('hooks', 'bound'))[0]?.outcome).toBe('succeeded');
  });

  it('is refused when the binding does not exist', async () => {
    const response = await putTask('hooks', 'unbound', { ...manual, handler: { service: 'NO_SUCH_BINDING', path: '/' } });

    expect(response.status).toBe(400);
    expect((await jsonOf(response)).error.message).toMatch(/NO_SUCH_BINDING/);
  });
});
