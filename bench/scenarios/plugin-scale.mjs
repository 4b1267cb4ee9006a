// 3. Scale of one plugin: defining 10,000 tasks, GET .../tasks at 100, 1,000 and 10,000 tasks,
// and the memory that costs. The tasks stay for the idle measurement that follows.
import { mapConcurrently, pluginApi } from '../api-client.mjs';
import { readIsolateHeap } from '../isolate-heap.mjs';
import { readMemory } from '../proc-stats.mjs';
import { summarize } from '../stats.mjs';

export const SCALE_PLUGIN = 'bench-scale';

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

async function measureMemory(dev, inspector) {
  return { workerd: await readMemory(dev.workerdPid), isolateHeap: await readIsolateHeap(inspector) };
}

export async function runPluginScale({ api, handler, progress, flags, dev, inspector }) {
  const base = pluginApi(SCALE_PLUGIN);
  const dueAt = Date.now() + 65 * 60_000;
  const sizes = flags.scaleSizes.filter((size) => size <= flags.scaleTasks);
  if (sizes.at(-1) !== flags.scaleTasks) sizes.push(flags.scaleTasks);

  const memoryBefore = await measureMemory(dev, inspector);
  const putMs = [];
  let defineMs = 0;
  let defined = 0;
  const listings = [];
  progress.start('scale: define', flags.scaleTasks);
  for (const size of sizes) {
    const indexes = Array.from({ length: size - defined }, (_, offset) => defined + offset);
    const started = performance.now();
    await mapConcurrently(indexes, flags.concurrency, async (index) => {
      const response = await api.expect([201], 'PUT', `${base}/tasks/task-${index}`, scaleTask(index, handler.url, dueAt));
      putMs.push(response.ms);
      progress.update(++defined, `${defined} tasks`);
    });
    defineMs += performance.now() - started;

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
  progress.finish();
  const memoryAfter = await measureMemory(dev, inspector);
  const databaseBytes = (await api.expect([200], 'GET', `/bench/database-bytes/${SCALE_PLUGIN}`)).json().bytes;

  // The same number of tasks registered in code, all at once when the plugin's object starts.
  progress.start('scale: register in code', 1);
  const bulk = await api.expect([204], 'POST', `/bench/bulk?count=${flags.scaleTasks}`);
  progress.finish();
  const memoryAfterBulk = await measureMemory(dev, inspector);

  return {
    tasks: flags.scaleTasks,
    concurrency: flags.concurrency,
    defineAllMs: Math.round(defineMs),
    definePerSecond: Math.round(flags.scaleTasks / (defineMs / 1000)),
    /** From the request that starts the bulk plugin's object to its answer, once all its tasks are stored. */
    registerInCodeMs: Math.round(bulk.ms),
    putMs: summarize(putMs),
    listings,
    memory: { before: memoryBefore, after: memoryAfter, afterCodeTasks: memoryAfterBulk },
    databaseBytes,
  };
}
