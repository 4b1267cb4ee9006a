// 5. Storage cost per run, counted inside the object (bench/storage-meter.ts): HTTP handler tasks
// every 100 ms, first while their run history fills, then once it is full and every new run
// also retires the oldest.
import { mapConcurrently, pluginApi, sleep } from '../api-client.mjs';
import { perRun, readMeters } from './meters.mjs';

const PLUGIN = 'bench-storage';
const CADENCE_MS = 100;
/** The scheduler's default run history per task. */
const HISTORY_LIMIT = 100;

async function measureWindow({ api, handler }, seconds, progress, label) {
  let runs = 0;
  const unsubscribe = handler.subscribe((hit) => {
    if (hit.pluginId === PLUGIN) runs++;
  });
  await readMeters(api, true);
  runs = 0;
  const started = Date.now();
  progress.start(label, seconds);
  while (Date.now() - started < seconds * 1000) {
    await sleep(Math.min(500, seconds * 1000 - (Date.now() - started)));
    progress.update((Date.now() - started) / 1000, `${runs} runs`);
  }
  unsubscribe();
  const meters = (await readMeters(api, false))[PLUGIN];
  progress.finish(`${runs} runs`);
  return perRun(meters, runs);
}

export async function runStorageCost(context) {
  const { api, handler, progress, flags } = context;
  const base = pluginApi(PLUGIN);
  const ids = Array.from({ length: flags.storageTasks }, (_, index) => `storage-${index}`);
  const created = Date.now();
  await mapConcurrently(ids, 8, (id) =>
    api.expect([201], 'PUT', `${base}/tasks/${id}`, {
      frequency: { milliseconds: CADENCE_MS },
      timeout: { seconds: 30 },
      handler: { url: `${handler.url}/storage/${id}`, method: 'POST' },
    }),
  );
  await sleep(1000);
  const filling = await measureWindow(context, Math.min(5, (HISTORY_LIMIT * CADENCE_MS) / 1000 - 3), progress, 'storage: history filling');
  // Past the history limit, with a margin for runs that were skipped.
  const fullAt = created + HISTORY_LIMIT * CADENCE_MS * 1.3;
  progress.start('storage: fill history', 1);
  await sleep(Math.max(0, fullAt - Date.now()));
  progress.finish();
  const full = await measureWindow(context, flags.storageSeconds, progress, 'storage: history full');
  await mapConcurrently(ids, 8, (id) => api.expect([204], 'DELETE', `${base}/tasks/${id}`));
  return { tasks: flags.storageTasks, cadenceMs: CADENCE_MS, historyLimit: HISTORY_LIMIT, whileHistoryFills: filling, withHistoryFull: full };
}
