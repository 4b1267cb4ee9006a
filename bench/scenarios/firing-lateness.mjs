// 2. Firing lateness: tasks on a 1-second cadence and on a `* * * * * *` cron, each run's start
// at the handler compared with the nominal due time it carries in X-Scheduler-Scheduled-For.
import { mapConcurrently, pluginApi, sleep } from '../api-client.mjs';
import { cpuShares, readCpuByProcess } from '../proc-stats.mjs';
import { summarize } from '../stats.mjs';
import { perRun, readMeters } from './meters.mjs';

const PLUGIN = 'bench-lateness';

export async function runFiringLateness({ api, handler, progress, flags, dev }) {
  const base = pluginApi(PLUGIN);
  const definitions = [
    ...Array.from({ length: flags.latenessIntervalTasks }, (_, index) => ({ id: `every-second-${index}`, frequency: { seconds: 1 } })),
    ...Array.from({ length: flags.latenessCronTasks }, (_, index) => ({ id: `cron-${index}`, frequency: { cron: '* * * * * *' } })),
  ];
  const kindOf = (taskId) => (taskId.startsWith('cron-') ? 'cron' : 'interval');

  // Hits are kept from the start, so a run's duplicate would be seen whenever it came.
  const hits = [];
  const unsubscribe = handler.subscribe((hit) => {
    if (hit.pluginId === PLUGIN) hits.push(hit);
  });

  progress.start('lateness: define', definitions.length);
  let defined = 0;
  await mapConcurrently(definitions, flags.concurrency, async ({ id, frequency }) => {
    await api.expect([201], 'PUT', `${base}/tasks/${id}`, {
      frequency,
      timeout: { seconds: 30 },
      handler: { url: `${handler.url}/late/${id}`, method: 'POST' },
    });
    progress.update(++defined, `${defined} tasks`);
  });
  progress.finish();

  // The window starts on a whole second after a settling period and lasts whole seconds, so each
  // task has exactly `seconds` nominal due times in it.
  const windowStart = Math.ceil((Date.now() + flags.settleMs) / 1000) * 1000;
  const windowEnd = windowStart + flags.latenessSeconds * 1000;
  progress.start('lateness: settle', 1);
  await sleep(windowStart - Date.now());
  progress.finish();
  await readMeters(api, true);
  await api.expect([200], 'GET', `/bench/alarm-delays/${PLUGIN}`);
  const cpuBefore = await readCpuByProcess(dev);

  // Meanwhile, how late a short timer fires in the same object: the time its thread is taken.
  const timerLag = api.expect([200], 'GET', `/bench/timer-lag/${PLUGIN}?ms=${windowEnd - Date.now() - 500}`);
  progress.start('lateness: measure', flags.latenessSeconds);
  while (Date.now() < windowEnd) {
    await sleep(Math.min(1000, windowEnd - Date.now()));
    const elapsed = Math.floor((Date.now() - windowStart) / 1000);
    progress.update(elapsed, `${hits.length} runs seen`);
  }
  const meters = (await readMeters(api, false))[PLUGIN];
  const alarmDelays = (await api.expect([200], 'GET', `/bench/alarm-delays/${PLUGIN}`)).json().delays;
  const timerLags = (await timerLag).json().lags;
  const cpuAfter = await readCpuByProcess(dev);
  const cpuMs = cpuAfter.workerd - cpuBefore.workerd;
  // Runs due near the end of the window may still be on their way.
  await sleep(2000);
  progress.finish();
  unsubscribe();

  // The object's side: each run's start as its history records it (whole milliseconds), against
  // its due time, for a sample of tasks. The rest of the lateness is the request's way to the handler.
  const sampled = definitions.filter((_, index) => index % 20 === 0);
  const startLateness = [];
  await mapConcurrently(sampled, 8, async ({ id }) => {
    const { runs } = (await api.expect([200], 'GET', `${base}/tasks/${id}/runs?limit=100`)).json();
    for (const run of runs) {
      const due = Date.parse(run.scheduledFor);
      if (due >= windowStart && due < windowEnd) startLateness.push(Date.parse(run.startedAt) - due);
    }
  });

  progress.start('lateness: remove', definitions.length);
  let removed = 0;
  await mapConcurrently(definitions, flags.concurrency, async ({ id }) => {
    await api.expect([204], 'DELETE', `${base}/tasks/${id}`);
    progress.update(++removed);
  });
  progress.finish();

  const inWindow = hits.filter((hit) => hit.scheduledFor >= windowStart && hit.scheduledFor < windowEnd);
  const seenRuns = new Set();
  let duplicates = 0;
  for (const hit of inWindow) {
    const key = `${hit.taskId}@${hit.scheduledFor}`;
    if (seenRuns.has(key)) duplicates++;
    seenRuns.add(key);
  }
  const lateness = (kind) =>
    summarize(inWindow.filter((hit) => kind === undefined || kindOf(hit.taskId) === kind).map((hit) => hit.wallAt - hit.scheduledFor));
  const expected = definitions.length * flags.latenessSeconds;
  const runsInMeterWindow = hits.filter((hit) => hit.wallAt >= windowStart && hit.wallAt < windowEnd).length;
  return {
    tasks: { interval: flags.latenessIntervalTasks, cron: flags.latenessCronTasks },
    windowSeconds: flags.latenessSeconds,
    console: flags.console,
    devtools: flags.devtools,
    latenessMs: lateness(),
    intervalLatenessMs: lateness('interval'),
    cronLatenessMs: lateness('cron'),
    /** How late the platform delivered each alarm of the object, against the time it was set for. */
    alarmDeliveryMs: summarize(alarmDelays),
    /** Start as the object recorded it − due time, for every 20th task. */
    objectStartLatenessMs: summarize(startLateness),
    /** How late a 5 ms timer fired in the object, over and over through the window. */
    timerLagMs: summarize(timerLags),
    runsExpected: expected,
    runsSeen: seenRuns.size,
    runsMissed: expected - seenRuns.size,
    duplicateRuns: duplicates,
    runsPerSecond: Math.round((seenRuns.size / flags.latenessSeconds) * 10) / 10,
    workerdCpuMsPerRun: runsInMeterWindow ? Math.round((cpuMs / runsInMeterWindow) * 1000) / 1000 : null,
    workerdCpuShare: Math.round((cpuMs / (flags.latenessSeconds * 1000)) * 1000) / 1000,
    cpuShareByProcess: cpuShares(cpuBefore, cpuAfter, flags.latenessSeconds * 1000),
    storagePerRun: perRun(meters, runsInMeterWindow),
  };
}
