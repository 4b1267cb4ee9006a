import { describe, expect, it } from 'vitest';
import { FAR_FUTURE, sharedTestClock } from '../support/shared-test-clock.ts';
import { apiBase, callApi, jsonOf, putTask, readRow } from '../support/scheduler-harness.ts';

sharedTestClock.freeze(FAR_FUTURE);
const valid = { frequency: { minutes: 5 }, timeout: { minutes: 1 }, handler: { url: 'https://handler.test/ok' } };

/** Sends a raw PUT body and returns the response with the task's stored row before and after. */
async function putRaw(taskId: string, body: string, contentType = 'application/json') {
  const before = await readRow('guarded', 'existing');
  const response = await callApi(`${apiBase('guarded')}/tasks/${taskId}`, { method: 'PUT', headers: { 'Content-Type': contentType }, body });
  return { response, before, after: await readRow('guarded', 'existing') };
}

describe('a rejected request to define a task', () => {
  const cases: Array<[string, string, unknown, RegExp]> = [
    ['an unknown field', 'existing', { ...valid, retries: 3 }, /retries/],
    ['a wrong type', 'existing', { ...valid, timeout: 30 }, /timeout/],
    ['a missing handler', 'existing', { frequency: valid.frequency, timeout: valid.timeout }, /handler/],
    ['an invalid cron', 'existing', { ...valid, frequency: { cron: '61 * * * *' } }, /frequency.*cron expression/],
    ['an invalid duration', 'existing', { ...valid, frequency: 'every minute' }, /frequency/],
    ['an invalid zone', 'existing', { ...valid, frequency: { cron: '0 3 * * *', timeZone: 'Mars/Base' } }, /frequency.timeZone/],
    ['a zero timeout', 'existing', { ...valid, timeout: 'PT0S' }, /timeout must be longer than zero/],
    ['a negative timeout', 'existing', { ...valid, timeout: { minutes: -1 } }, /timeout/],
    ['a timeout over 24 hours', 'existing', { ...valid, timeout: { hours: 25 } }, /timeout must be at most 24 hours/],
    ['local scope', 'existing', { ...valid, scope: 'local' }, /scope/],
    ['a disallowed host', 'existing', { ...valid, handler: { url: 'https://evil.example/' } }, /evil\.example.*SCHEDULER_ALLOWED_HOSTS/],
    ['a non-http scheme', 'existing', { ...valid, handler: { url: 'ftp://handler.test/' } }, /http or https/],
    ['an X-Scheduler header', 'existing', { ...valid, handler: { url: 'https://handler.test/ok', headers: { 'X-Scheduler-Run': 'forged' } } }, /X-Scheduler/],
    ['a task id over 200 characters', 'x'.repeat(201), valid, /at most 200/],
    ['a task id with a control character', 'bad%01id', valid, /control characters/],
  ];

  it.each(cases)('gets 400 for %s, naming the field, and changes nothing', async (_name, taskId, body, message) => {
    await putTask('guarded', 'existing', valid);

    const { response, before, after } = await putRaw(taskId, JSON.stringify(body));

    expect(response.status).toBe(400);
    const error = (await jsonOf(response)).error;
    expect(error.name).toBe('InputError');
    expect(error.message).toMatch(message);
    expect(after).toEqual(before);
  });

  it('gets 400 for malformed JSON', async () => {
    await putTask('guarded', 'existing', valid);

    const { response, before, after } = await putRaw('existing', '{"frequency": ');

    expect(response.status).toBe(400);
    expect((await jsonOf(response)).error.name).toBe('InputError');
    expect(after).toEqual(before);
  });

  it('gets 413 for a body over 64 KB', async () => {
    await putTask('guarded', 'existing', valid);

    const { response, before, after } = await putRaw('existing', JSON.stringify({ ...valid, handler: { url: 'https://handler.test/ok', body: 'x'.repeat(70_000) } }));

    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { name: 'PayloadTooLargeError' }, response: { statusCode: 413 } });
    expect(after).toEqual(before);
  });
});
