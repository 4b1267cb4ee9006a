// 1. Trigger latency: from sending POST .../trigger to the task's HTTP handler receiving its request.
import { mapConcurrently, pluginApi, sleep } from '../api-client.mjs';
import { summarize } from '../stats.mjs';

const TASKS = 20;
const WARMUP = 20;

/** Manual API tasks whose handler is the bench's server; `count` triggers, one at a time, round robin. */
async function measureTriggers({ api, handler, progress }, pluginId, count, label) {
  const base = pluginApi(pluginId);
  const ids = Array.from({ length: TASKS }, (_, index) => `trigger-${index}`);
  await mapConcurrently(ids, 8, (id) =>
    api.expect([200, 201], 'PUT', `${base}/tasks/${id}`, {
      frequency: { trigger: 'manual' },
      timeout: { seconds: 30 },
      handler: { url: `${handler.url}/trigger/${id}`, method: 'POST' },
    }),
  );

  const handlerStartMs = [];
  const responseMs = [];
  let conflicts = 0;
  progress.start(label, WARMUP + count);
  for (let index = 0; index < WARMUP + count; index++) {
    const id = ids[index % TASKS];
    const hit = handler.waitFor((candidate) => candidate.pluginId === pluginId && candidate.taskId === id);
    const response = await api.call('POST', `${base}/tasks/${id}/trigger`);
    if (response.status === 409) {
      // The previous run of this task has not been released yet; not a latency sample.
      conflicts++;
      hit.catch(() => {});
      await sleep(50);
      continue;
    }
    if (response.status !== 200) throw new Error(`trigger answered ${response.status}: ${response.text}`);
    const { at } = await hit;
    if (index >= WARMUP) {
      handlerStartMs.push(at - response.sentAt);
      responseMs.push(response.ms);
    }
    progress.update(index + 1, `${handlerStartMs.length} samples`);
    // Lets the run's completion land before the next trigger, so samples do not overlap.
    await sleep(10);
  }
  progress.finish();
  await mapConcurrently(ids, 8, (id) => api.expect([204], 'DELETE', `${base}/tasks/${id}`));
  return { handlerStartMs: summarize(handlerStartMs), triggerResponseMs: summarize(responseMs), conflicts };
}

/**
 * The bare round trip Backstage is compared on: GET .../tasks of a plugin with one task, one
 * request at a time.
 */
export async function measureRoundTrip(api, progress, pluginId, count) {
  const getMs = [];
  progress.start('round trip', WARMUP + count);
  for (let index = 0; index < WARMUP + count; index++) {
    const response = await api.expect([200], 'GET', `${pluginApi(pluginId)}/tasks`);
    if (index >= WARMUP) getMs.push(response.ms);
    progress.update(index + 1);
    await sleep(10);
  }
  progress.finish();
  return { getOneTaskMs: summarize(getMs) };
}

/**
 * What the platform costs before any scheduler code: a round trip to the
 * Worker, one through an object, and an object that writes a row and starts a request to the
 * handler server (a trigger's least work), timed to the request's arrival.
 */
async function measureFloor({ api, handler, progress }, count) {
  const pingMs = [];
  const rpcMs = [];
  const writeAndFetchMs = [];
  const url = encodeURIComponent(`${handler.url}/floor`);
  progress.start('floor', 3 * (count + WARMUP));
  for (let index = 0; index < count + WARMUP; index++) {
    const ping = await api.expect([204], 'GET', '/bench/ping');
    const rpc = await api.expect([204], 'POST', '/bench/floor/rpc');
    const hit = handler.waitFor((candidate) => candidate.path === '/floor');
    const started = await api.expect([204], 'POST', `/bench/floor/write-and-fetch?url=${url}`);
    const { at } = await hit;
    if (index >= WARMUP) {
      pingMs.push(ping.ms);
      rpcMs.push(rpc.ms);
      writeAndFetchMs.push(at - started.sentAt);
    }
    progress.update(3 * (index + 1));
    await sleep(10);
  }
  progress.finish();
  return { pingMs: summarize(pingMs), objectRpcMs: summarize(rpcMs), writeAndFetchToHandlerMs: summarize(writeAndFetchMs) };
}

/**
 * Triggers through a plugin known only from the API (the route asks the plugin index first, as a
 * user's API-defined plugin does), and through a plugin defined in code (no index lookup).
 */
export async function runTriggerLatency(context) {
  const { api, flags, handler, progress } = context;
  await api.expect([201], 'PUT', `${pluginApi('bench-ping')}/tasks/ping-0`, {
    frequency: { trigger: 'manual' },
    timeout: { seconds: 30 },
    handler: { url: `${handler.url}/ping`, method: 'POST' },
  });
  const roundTrip = await measureRoundTrip(api, progress, 'bench-ping', flags.triggers);
  await api.expect([204], 'DELETE', `${pluginApi('bench-ping')}/tasks/ping-0`);
  const floor = await measureFloor(context, flags.triggers);
  await api.expect([204], 'POST', '/bench/console?on=1');
  const apiPlugin = await measureTriggers(context, 'bench-trigger', flags.triggers, 'trigger (API plugin)');
  const codePlugin = await measureTriggers(context, 'bench-code', flags.triggers, 'trigger (code plugin)');
  await api.expect([204], 'POST', '/bench/console?on=0');
  const apiPluginWithoutConsole = await measureTriggers(context, 'bench-trigger', flags.triggers, 'trigger (no console)');
  await api.expect([204], 'POST', `/bench/console?on=${flags.console === 'on' ? 1 : 0}`);
  return { triggers: flags.triggers, roundTrip, floor, apiPlugin, codePlugin, apiPluginWithoutConsole };
}
