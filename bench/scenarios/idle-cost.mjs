// 6. Idle cost: with the scale test's tasks all due an hour away, what the server does in a
// window: CPU and resident memory of its whole process tree, and (ours) what the objects did.
import { sleep } from '../api-client.mjs';
import { cpuShares, readCpuByProcess, readTreeUsage } from '../proc-stats.mjs';
import { readMeters, sumMeters } from './meters.mjs';

/**
 * CPU per second and resident memory of the server's whole process tree over `seconds`, after
 * 2 s for the last writes to land. Works for any server with `readTreePids()`.
 */
export async function measureTreeIdle(server, seconds, progress, label) {
  await sleep(2000);
  const pids = await server.readTreePids();
  const before = await readTreeUsage(pids);
  const started = Date.now();
  progress.start(label, seconds);
  while (Date.now() - started < seconds * 1000) {
    await sleep(Math.min(1000, seconds * 1000 - (Date.now() - started)));
    progress.update((Date.now() - started) / 1000, `${Math.round((Date.now() - started) / 1000)} s`);
  }
  const elapsedMs = Date.now() - started;
  const after = await readTreeUsage(pids);
  progress.finish();
  return {
    seconds,
    processes: pids.length,
    cpuMsPerSecond: Math.round(((after.cpuMs - before.cpuMs) / elapsedMs) * 1000 * 100) / 100,
    rssBytes: after.rssBytes,
  };
}

/** The idle window of our runtimes with `tasks` tasks in `pluginId`: the tree's cost, and alarms and rows from the meters. */
export async function runIdleCost({ api, progress, flags, server }, pluginId, tasks) {
  await readMeters(api, true);
  const cpuBefore = await readCpuByProcess(server);
  const tree = await measureTreeIdle(server, flags.idleSeconds, progress, `idle, ${tasks} tasks`);
  const cpuAfter = await readCpuByProcess(server);
  const meters = await readMeters(api, false);
  const scale = meters[pluginId] ?? {};
  const all = sumMeters(meters);
  return {
    tasks,
    ...tree,
    alarmInvocations: scale.alarms ?? 0,
    alarmInvocationsAllObjects: all.alarms ?? 0,
    rowsRead: scale.rowsRead ?? 0,
    rowsWritten: scale.rowsWritten ?? 0,
    alarmSets: scale.alarmSets ?? 0,
    // The window also holds the 2 s settling time; shares are of one core.
    cpuShareByProcess: cpuShares(cpuBefore, cpuAfter, (flags.idleSeconds + 2) * 1000),
  };
}
