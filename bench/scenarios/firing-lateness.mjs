// 2. Firing lateness: tasks on a 1-second cadence and on a `* * * * * *` cron, each run's start
// at the handler compared with the nominal due time it carries in X-Scheduler-Scheduled-For.
// Twice: at the load measured on Backstage too (200 tasks × 1 s), then at 1,100 runs a second.
import { mapConcurrently, pluginApi, sleep } from '../api-client.mjs';
import { cpuShares, readCpuByProcess } from '../proc-stats.mjs';
import { summarize } from '../stats.mjs';
import { perRun, readMeters } from './meters.mjs';

/** One window of `seconds` with `intervalTasks` 1-second tasks and `cronTasks` every-second crons in plugin `pluginId`. */
async function measureLateness({ api, handler, progress, flags, server }, { pluginId, intervalTasks, cronTasks, seconds, label }) {
  const base = pluginApi(pluginId);
  const definitions = [
    ...Array.from({ length: intervalTasks }, (_, index) => ({ id: `every-second-${index}`, frequency: { seconds: 1 } })),
    ...Array.from({ length: cronTasks }, (_, index) => ({ id: `cron-${index}`, frequency: { cron: '* * * * * *' } })),
  ];
  const kindOf = (taskId) => (taskId.startsWith('cron-') ? 'cron' : 'interval');

  // Hits are kept from the start, so a run's duplicate would be seen whenever it came.
  const hits = [];
  const unsubscribe = handler.subscribe((hit) => {
    if (hit.pluginId === pluginId) hits.push(hit);
  });

  progress.start(`${label}: define`, definitions.length);
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
  const windowEnd = windowStart + seconds * 1000;
  progress.start(`${label}: settle`, 1);
  await sleep(windowStart - Date.now());
  progress.finish();
  await readMeters(api, true);
  await api.expect([200], 'GET', `/bench/alarm-delays/${pluginId}`);
  const cpuBefore = await readCpuByProcess(server);

  // Meanwhile, how late a short timer fires in the same object: the time its thread is taken.
  const timerLag = api.expect([200], 'GET', `/bench/timer-lag/${pluginId}?ms=${windowEnd - Date.now() - 500}`);
  progress.start(`${label}: measure`, seconds);
  while (Date.now() < windowEnd) {
    await sleep(Math.min(1000, windowEnd - Date.now()));
    const elapsed = Math.floor((Date.now() - windowStart) / 1000);
    progress.update(elapsed, `${hits.length} runs seen`);
  }
  const meters = (await readMeters(api, false))[pluginId];
  const alarmDelays = (await api.expect([200], 'GET', `/bench/alarm-delays/${pluginId}`)).json().delays;
  const timerLags = (await timerLag).json().lags;
  const cpuAfter = await readCpuByProcess(server);
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

  progress.start(`${label}: remove`, definitions.length);
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
  const expected = definitions.length * seconds;
  const runsInMeterWindow = hits.filter((hit) => hit.wallAt >= windowStart && hit.wallAt < windowEnd).length;
  return {
    tasks: { interval: intervalTasks, cron: cronTasks },
    windowSeconds: seconds,
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
    runsPerSecond: Math.round((seenRuns.size / seconds) * 10) / 10,
    workerdCpuMsPerRun: runsInMeterWindow ? Math.round((cpuMs / runsInMeterWindow) * 1000) / 1000 : null,
    workerdCpuShare: Math.round((cpuMs / (seconds * 1000)) * 1000) / 1000,
    cpuShareByProcess: cpuShares(cpuBefore, cpuAfter, seconds * 1000),
    storagePerRun: perRun(meters, runsInMeterWindow),
  };
}

/**
 * The light load also measured on Backstage (`latenessLight`: 200 tasks × 1 s for 20 s by
 * default), then issue 11's load on one object (`lateness`: 1,000 × 1 s + 100 crons, 1,100 runs/s).
 */
export async function runFiringLateness(context) {
  const { flags } = context;
  const latenessLight = await measureLateness(context, {
    pluginId: 'bench-lateness-light',
    intervalTasks: flags.lightLatenessTasks,
    cronTasks: 0,
    seconds: flags.lightLatenessSeconds,
    label: 'lateness (light)',
  });
  const lateness = await measureLateness(context, {
    pluginId: 'bench-lateness',
    intervalTasks: flags.latenessIntervalTasks,
    cronTasks: flags.latenessCronTasks,
    seconds: flags.latenessSeconds,
    label: 'lateness',
  });
  return { latenessLight, lateness };
}
