// 4. Throughput: runs per second of no-op code tasks, in 1, 10 and 100 plugins. The offered load
// (tasks / cadence) is set above what one object can take: a fixed-rate task that is late skips
// ahead rather than queueing, so the runs completed are what the objects sustain.
import { mapConcurrently, sleep } from '../api-client.mjs';
import { cpuShares, readCpuByProcess } from '../proc-stats.mjs';
import { perRun, readMeters, sumMeters } from './meters.mjs';

async function measureWithPlugins({ api, progress, flags, server }, pluginCount) {
  const pluginIds = Array.from({ length: pluginCount }, (_, index) => `noop-${index + 1}`);
  const tasksPerPlugin = Math.ceil(flags.throughputTasks / pluginCount);
  const label = `throughput: ${pluginCount} plugin${pluginCount === 1 ? '' : 's'}`;
  progress.start(`${label} define`, pluginIds.length);
  let defined = 0;
  await mapConcurrently(pluginIds, 10, async (pluginId) => {
    await api.expect([204], 'POST', `/bench/noop/${pluginId}?count=${tasksPerPlugin}&cadenceMs=${flags.throughputCadenceMs}`);
    progress.update(++defined);
  });
  progress.finish();
  await sleep(2000);

  await readMeters(api, true);
  const cpuBefore = await readCpuByProcess(server);
  const started = Date.now();
  progress.start(label, flags.throughputSeconds);
  while (Date.now() - started < flags.throughputSeconds * 1000) {
    await sleep(Math.min(1000, flags.throughputSeconds * 1000 - (Date.now() - started)));
    progress.update((Date.now() - started) / 1000);
  }
  const meters = await readMeters(api, false);
  const elapsedMs = Date.now() - started;
  const cpuAfter = await readCpuByProcess(server);
  const cpuMs = cpuAfter.workerd - cpuBefore.workerd;
  progress.finish();

  await mapConcurrently(pluginIds, 10, (pluginId) => api.expect([204], 'POST', `/bench/noop/${pluginId}/stop`));
  await sleep(1000);

  const counts = sumMeters(Object.fromEntries(pluginIds.map((pluginId) => [pluginId, meters[pluginId] ?? {}])));
  const runs = counts.noopRuns ?? 0;
  const perPlugin = pluginIds.map((pluginId) => meters[pluginId]?.noopRuns ?? 0);
  return {
    plugins: pluginCount,
    tasks: tasksPerPlugin * pluginCount,
    cadenceMs: flags.throughputCadenceMs,
    offeredRunsPerSecond: Math.round((tasksPerPlugin * pluginCount * 1000) / flags.throughputCadenceMs),
    runsPerSecond: Math.round(runs / (elapsedMs / 1000)),
    busiestPluginRunsPerSecond: Math.round(Math.max(...perPlugin) / (elapsedMs / 1000)),
    workerdCpuShare: Math.round((cpuMs / elapsedMs) * 1000) / 1000,
    cpuShareByProcess: cpuShares(cpuBefore, cpuAfter, elapsedMs),
    storagePerRun: perRun(counts, runs),
  };
}

export async function runThroughput(context) {
  const results = [];
  for (const pluginCount of context.flags.throughputPlugins) results.push(await measureWithPlugins(context, pluginCount));
  return results;
}
