import { env, listDurableObjectIds } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { apiBase, callApi, jsonOf, putTask } from '../support/scheduler-harness.ts';
import { FAR_FUTURE, sharedTestClock } from '../support/shared-test-clock.ts';
import { readObjectState } from '../support/stored-state.ts';

/* Requests the fuzzer in fuzz-routes.test.ts found mishandled (a 500, or storage changed by a refusal), kept as plain examples. */
sharedTestClock.freeze(FAR_FUTURE);
const handler = { url: 'https://handler.test/hang' };

describe('a task definition with a duration beyond what a Date can hold', () => {
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['an initial delay of 1e300 years', { frequency: { minutes: 5 }, timeout: 'PT1M', initialDelay: { years: 1e300 }, handler }, /initialDelay/],
    ['an initial delay of a billion years', { frequency: { minutes: 5 }, timeout: 'PT1M', initialDelay: 'P999999999Y', handler }, /initialDelay/],
    ['a timeout of 1e21 seconds', { frequency: { minutes: 5 }, timeout: { seconds: 1e21 }, handler }, /timeout/],
    ['a frequency of a billion years', { frequency: 'P999999999Y', timeout: 'PT1M', handler }, /frequency/],
    ['a frequency of 1e21 milliseconds', { frequency: { milliseconds: 1e21 }, timeout: 'PT1M', handler }, /frequency/],
  ];

  it.each(cases)('gets 400 for %s, naming the field, and stores nothing', async (_name, body, field) => {
    await putTask('far-out', 'existing', { frequency: { minutes: 5 }, timeout: 'PT1M', handler });
    const before = await readObjectState('far-out');

    const response = await putTask('far-out', 'far', body);

    expect(response.status).toBe(400);
    expect((await jsonOf(response)).error.message).toMatch(field);
    expect(await readObjectState('far-out')).toEqual(before);
  });

  it('leaves the plugin\'s task list readable', async () => {
    await putTask('far-list', 'existing', { frequency: { minutes: 5 }, timeout: 'PT1M', handler });
    for (const [, body] of cases) await putTask('far-list', 'far', body);

    const response = await callApi(`${apiBase('far-list')}/tasks`);

    expect(response.status).toBe(200);
    expect((await jsonOf<{ tasks: Array<{ taskId: string }> }>(response)).tasks.map((task) => task.taskId)).toEqual(['existing']);
  });
});

describe('a task definition the outbound policy refuses', () => {
  it('creates no object for a plugin that had none', async () => {
    const pluginId = 'refused-newcomer';

    const response = await putTask(pluginId, 'x', { frequency: { minutes: 5 }, timeout: 'PT1M', handler: { url: 'https://evil.example/' } });

    expect(response.status).toBe(400);
    const ids = await listDurableObjectIds(env.PLUGIN_SCHEDULER);
    expect(ids.some((id) => id.equals(env.PLUGIN_SCHEDULER.idFromName(pluginId)))).toBe(false);
  });
});
