// 6. Idle cost: with the scale test's tasks all due an hour away, what the object does in a minute.
import { sleep } from '../api-client.mjs';
import { cpuShares, readCpuByProcess } from '../proc-stats.mjs';
import { readMeters, sumMeters } from './meters.mjs';
import { SCALE_PLUGIN } from './plugin-scale.mjs';

export async function runIdleCost({ api, progress, flags, dev }) {
  // Everything the earlier phases started has been removed; let the last completions land.
  await sleep(2000);
  await readMeters(api, true);
  const cpuBefore = await readCpuByProcess(dev);
  const started = Date.now();
  progress.start('idle', flags.idleSeconds);
  while (Date.now() - started < flags.idleSeconds * 1000) {
    await sleep(Math.min(1000, flags.idleSeconds * 1000 - (Date.now() - started)));
    progress.update((Date.now() - started) / 1000, `${Math.round((Date.now() - started) / 1000)} s`);
  }
  const cpuAfter = await readCpuByProcess(dev);
  const cpuMs = cpuAfter.workerd - cpuBefore.workerd;
  const meters = await readMeters(api, false);
  progress.finish();
  const scale = meters[SCALE_PLUGIN] ?? {};
  const all = sumMeters(meters);
  return {
    seconds: flags.idleSeconds,
    tasks: flags.scaleTasks,
    alarmInvocations: scale.alarms ?? 0,
    alarmInvocationsAllObjects: all.alarms ?? 0,
    rowsRead: scale.rowsRead ?? 0,
    rowsWritten: scale.rowsWritten ?? 0,
    alarmSets: scale.alarmSets ?? 0,
    workerdCpuMs: Math.round(cpuMs),
    workerdCpuShare: Math.round((cpuMs / (flags.idleSeconds * 1000)) * 10000) / 10000,
    cpuShareByProcess: cpuShares(cpuBefore, cpuAfter, flags.idleSeconds * 1000),
  };
}
