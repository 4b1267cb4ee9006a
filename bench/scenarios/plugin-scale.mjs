// 3. Scale of one plugin: defining 10,000 tasks over the API, GET .../tasks at 100, 1,000 and
// 10,000 tasks, the idle cost at 1,000 and 10,000 (phase idle), the memory all that costs, and
// the same number registered in plugin code.
import { mapConcurrently, pluginApi } from '../api-client.mjs';
import { readIsolateHeap } from '../isolate-heap.mjs';
import { readMemory } from '../proc-stats.mjs';
import { summarize } from '../stats.mjs';
import { runIdleCost } from './idle-cost.mjs';

export const SCALE_PLUGIN = 'bench-scale';
/** The bulk route's largest request. */
const BULK_BATCH = 1000;

/**
 * A task due about an hour from now, with settings and handler of its own: every task has a
 * different timeout and URL, so nothing can be shared between rows. No initial delay: its wait
 * would restart with each deployment.
 */
function scaleTask(index, handlerUrl, dueAt) {
  const due = new Date(dueAt);
  return {
    frequency: { cron: `${due.getUTCMinutes()} ${due.getUTCHours()} * * *` },
    timeout: { seconds: 60 + index },
    handler: { url: `${handlerUrl}/scale/${index}`, method: 'POST' },
  };
}

async function measureMemory(server, inspector, options) {
  return { workerd: await readMemory(server.workerdPid), isolateHeap: await readIsolateHeap(inspector, options) };
}

/**
 * Defines the tasks `indexes` with the bulk route (`PUT .../tasks`, 1,000 a request, one request
 * at a time) if the build has it, else with one PUT per task, `concurrency` in flight. The first
 * call finds out which; `state.method` remembers it.
 */
async function defineTasks({ api, handler, flags, progress }, state, indexes, dueAt, onDefined) {
  const base = pluginApi(SCALE_PLUGIN);
  for (let start = 0; state.method !== 'per-task PUT' && start < indexes.length; start += BULK_BATCH) {
    const batch = indexes.slice(start, start + BULK_BATCH);
    const tasks = batch.map((index) => ({ id: `task-${index}`, ...scaleTask(index, handler.url, dueAt) }));
    const response = await api.call('PUT', `${base}/tasks`, { tasks });
    if (state.method === undefined && (response.status === 404 || response.status === 405)) {
      state.method = 'per-task PUT';
      progress.note('No bulk route (PUT .../tasks) in this build: defining with one PUT per task.');
      break;
    }
    if (response.status !== 200) throw new Error(`PUT ${base}/tasks answered ${response.status}: ${response.text.slice(0, 300)}`);
    state.method = `bulk PUT .../tasks, ${BULK_BATCH} a request`;
    state.requestMs.push(response.ms);
    onDefined(batch.length);
  }
  if (state.method !== 'per-task PUT') return;
  await mapConcurrently(indexes, flags.concurrency, async (index) => {
    const response = await api.expect([201], 'PUT', `${base}/tasks/task-${index}`, scaleTask(index, handler.url, dueAt));
    state.requestMs.push(response.ms);
    onDefined(1);
  });
}

/** Returns `{ scale, idle }`: idle windows are measured only if the idle phase was asked for. */
export async function runPluginScale(context) {
  const { api, progress, flags, server, inspector } = context;
  const base = pluginApi(SCALE_PLUGIN);
  const dueAt = Date.now() + 65 * 60_000;
  const sizes = [...new Set([...flags.scaleSizes, ...(flags.phases.includes('idle') ? flags.idleSizes : [])])]
    .filter((size) => size <= flags.scaleTasks)
    .sort((a, b) => a - b);
  if (sizes.at(-1) !== flags.scaleTasks) sizes.push(flags.scaleTasks);

  // No heap snapshot before the idle windows: wrangler dev would still be relaying it during them.
  const memoryBefore = await measureMemory(server, inspector, { collect: false });
  const state = { method: undefined, requestMs: [] };
  let defineMs = 0;
  let defined = 0;
  const listings = [];
  const idle = [];
  for (const size of sizes) {
    progress.start(`scale: define up to ${size}`, size);
    const indexes = Array.from({ length: size - defined }, (_, offset) => defined + offset);
    const started = performance.now();
    await defineTasks(context, state, indexes, dueAt, (count) => progress.update((defined += count), `${defined} tasks`));
    defineMs += performance.now() - started;
    progress.finish();

    if (flags.scaleSizes.includes(size) || size === flags.scaleTasks) {
      const getMs = [];
      let bytes = 0;
      for (let sample = 0; sample < flags.getSamples; sample++) {
        const response = await api.expect([200], 'GET', `${base}/tasks`);
        const count = response.json().tasks.length;
        if (count !== size) throw new Error(`GET .../tasks listed ${count} tasks, expected ${size}`);
        getMs.push(response.ms);
        bytes = response.text.length;
      }
      // The same number of bytes from a route with nothing behind it: what the answer's size alone costs.
      const blobMs = [];
      for (let sample = 0; sample < flags.getSamples; sample++) blobMs.push((await api.expect([200], 'GET', `/bench/blob?bytes=${bytes}`)).ms);
      listings.push({ tasks: size, getMs: summarize(getMs), responseBytes: bytes, sameSizeFloorMs: summarize(blobMs) });
    }
    if (flags.phases.includes('idle') && flags.idleSizes.includes(size)) idle.push(await runIdleCost(context, SCALE_PLUGIN, size));
  }
  const memoryAfter = await measureMemory(server, inspector);
  const databaseBytes = (await api.expect([200], 'GET', `/bench/database-bytes/${SCALE_PLUGIN}`)).json().bytes;

  // The same number of tasks registered in code, all at once when the plugin's object starts.
  progress.start('scale: register in code', 1);
  const bulk = await api.expect([204], 'POST', `/bench/bulk?count=${flags.scaleTasks}`);
  progress.finish();
  const memoryAfterBulk = await measureMemory(server, inspector);

  const scale = {
    tasks: flags.scaleTasks,
    defineMethod: state.method,
    concurrency: state.method === 'per-task PUT' ? flags.concurrency : 1,
    defineAllMs: Math.round(defineMs),
    definePerSecond: Math.round(flags.scaleTasks / (defineMs / 1000)),
    /** From the request that starts the bulk plugin's object to its answer, once all its tasks are stored. */
    registerInCodeMs: Math.round(bulk.ms),
    /** Each PUT (per task) or each bulk request. */
    requestMs: summarize(state.requestMs),
    listings,
    memory: { before: memoryBefore, after: memoryAfter, afterCodeTasks: memoryAfterBulk },
    databaseBytes,
  };
  return { scale, idle };
}
