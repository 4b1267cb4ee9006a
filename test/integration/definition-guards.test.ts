import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { PLUGIN_INDEX_NAME } from '../../src/durable/plugin-index.ts';
import { apiBase, callApi, jsonOf, putTask, putTasks } from '../support/scheduler-harness.ts';
import { FAR_FUTURE, sharedTestClock } from '../support/shared-test-clock.ts';
import { readObjectState } from '../support/stored-state.ts';

/* Definitions that could never run, and the limits on what the API may hold: each refused by name, with nothing stored changed. */
sharedTestClock.freeze(FAR_FUTURE);
const handler = { url: 'https://handler.test/hang' };
const aTask = (overrides: Record<string, unknown> = {}) => ({ frequency: { minutes: 5 }, timeout: 'PT1M', handler, ...overrides });

describe('a handler no request could be built from', () => {
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['a Host header', { ...handler, headers: { Host: 'elsewhere.test' } }, /headers\.Host.*'Host' is set by the runtime for each connection/],
    ['a Transfer-Encoding header', { ...handler, headers: { 'transfer-encoding': 'chunked' } }, /set by the runtime/],
    ['a header value with a line break', { ...handler, headers: { 'X-Note': 'a\r\nInjected: yes' } }, /headers\.X-Note.*line breaks/],
    ['101 headers', { ...handler, headers: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`X-H${i}`, 'v'])) }, /at most 100 headers, got 101/],
    ['a body with GET', { ...handler, method: 'GET', body: '{}' }, /handler\.body.*must be absent when method is GET/],
  ];

  it.each(cases)('gets 400 for %s, naming the field, and stores nothing', async (_name, badHandler, message) => {
    await putTask('guarded', 'existing', aTask());
    const before = await readObjectState('guarded');

    const single = await putTask('guarded', 'existing', aTask({ handler: badHandler }));
    const batch = await putTasks('guarded', [{ id: 'fresh', ...aTask() }, { id: 'bad', ...aTask({ handler: badHandler }) }]);

    expect(single.status).toBe(400);
    expect((await jsonOf(single)).error.message).toMatch(message);
    expect(batch.status).toBe(400);
    expect((await jsonOf(batch)).error.message).toMatch(/^tasks\[1\] \('bad'\): /);
    expect(await readObjectState('guarded')).toEqual(before);
  });
});

describe('the shortest cadence an API task may have', () => {
  it('refuses a cadence under 1 s by default, naming the limit, and stores nothing', async () => {
    await putTask('too-fast', 'existing', aTask());
    const before = await readObjectState('too-fast');

    const duration = await putTask('too-fast', 'existing', aTask({ frequency: { milliseconds: 500 } }));
    const batch = await putTasks('too-fast', [{ id: 'fast', ...aTask({ frequency: 'PT0.2S' }) }]);

    expect(duration.status).toBe(400);
    expect((await jsonOf(duration)).error.message).toBe(
      "Invalid schedule for task 'existing': frequency runs the task every 500ms; tasks defined over the API may run at most every 1s (SCHEDULER_MIN_API_CADENCE)",
    );
    expect(batch.status).toBe(400);
    expect((await jsonOf(batch)).error.message).toMatch(/^tasks\[0\] \('fast'\): frequency runs the task every 200ms/);
    expect(await readObjectState('too-fast')).toEqual(before);
    // A cron firing every second is at the limit, not below it.
    expect((await putTask('too-fast', 'every-second', aTask({ frequency: { cron: '* * * * * *' } }))).status).toBe(201);
  });
});

describe('the most plugins that may hold API tasks', () => {
  it('refuses the first API task of one plugin too many with 409, and lets listed plugins go on', async () => {
    const index = env.PLUGIN_INDEX.getByName(PLUGIN_INDEX_NAME);
    await putTask('already-listed', 'a', aTask());
    const listed = (await index.listPlugins()).length;
    // Fill the index to the default limit of 1,000 with plugins that exist only there.
    const fillers = Array.from({ length: 1_000 - listed }, (_, i) => `filler-${i}`);
    for (const pluginId of fillers) await index.recordApiTaskCount(pluginId, 1);
    try {
      const refused = await putTask('one-too-many', 'a', aTask());
      const refusedBatch = await putTasks('one-too-many', [{ id: 'a', ...aTask() }]);
      const stillListed = await putTask('already-listed', 'b', aTask());

      expect(refused.status).toBe(409);
      expect((await jsonOf(refused)).error.message).toBe(
        "Plugin 'one-too-many' cannot define its first task over the API: 1000 plugins already hold such tasks, the most allowed (SCHEDULER_MAX_API_PLUGINS)",
      );
      expect(refusedBatch.status).toBe(409);
      expect(stillListed.status).toBe(201);
      expect(await index.hasPlugin('one-too-many')).toBe(false);
      expect((await callApi(`${apiBase('one-too-many')}/tasks/a`)).status).toBe(404);
    } finally {
      for (const pluginId of fillers) await index.recordApiTaskCount(pluginId, 0);
    }
    expect((await putTask('one-too-many', 'a', aTask())).status).toBe(201);
    expect(await index.hasPlugin('one-too-many')).toBe(true);
  }, 60_000);

  it('lists no plugin whose first definition failed after it was admitted', async () => {
    const refused = await putTask('admitted-then-refused', 'a', aTask({ frequency: { milliseconds: 10 } }));

    expect(refused.status).toBe(400);
    expect(await env.PLUGIN_INDEX.getByName(PLUGIN_INDEX_NAME).hasPlugin('admitted-then-refused')).toBe(false);
  });
});
