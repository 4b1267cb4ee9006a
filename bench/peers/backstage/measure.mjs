// The figures measured on the Backstage peer, in the shape the report compares: the bare round
// trip, trigger → handler, lateness at 200 tasks × 1 s, GET .../tasks and registering at 1,000
// and 10,000 tasks, and the idle cost of the process with those tasks.
import { pluginApi, sleep } from '../../api-client.mjs';
import { measureTreeIdle } from '../../scenarios/idle-cost.mjs';
import { measureRoundTrip } from '../../scenarios/trigger-latency.mjs';
import { summarize } from '../../stats.mjs';

/**
 * Backstage starts a triggered task at its plugin's next poll (every 5 s), so one trigger at a
 * time would take minutes. Each trigger goes to a task of its own at a random moment of a 10 s
 * window, all in flight together: every sample is still a trigger at a random phase of the poll.
 */
async function measureTriggers({ api, handler, progress, flags }) {
  const windowMs = 10_000;
  const count = flags.peerTriggers;
  progress.start('backstage: trigger', count);
  let done = 0;
  const samples = await Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const id = `trigger-${index}`;
      await sleep(Math.random() * windowMs);
      const hit = handler.waitFor((candidate) => candidate.pluginId === 'bench-trigger' && candidate.taskId === id, 30_000);
      const response = await api.expect([200], 'POST', `${pluginApi('bench-trigger')}/tasks/${id}/trigger`);
      const { at } = await hit;
      progress.update(++done);
      return { handlerStartMs: at - response.sentAt, responseMs: response.ms };
    }),
  );
  progress.finish();
  return {
    triggers: count,
    method: `${count} triggers, each on its own task, at random moments of ${windowMs / 1000} s`,
    handlerStartMs: summarize(samples.map((sample) => sample.handlerStartMs)),
    triggerResponseMs: summarize(samples.map((sample) => sample.responseMs)),
  };
}

/** 1-second tasks for `seconds`; each run reports the due time its row held when it was claimed. */
async function measureLateness({ api, handler, progress, flags }) {
  const seconds = flags.lightLatenessSeconds;
  const hits = [];
  const unsubscribe = handler.subscribe((hit) => {
    if (hit.pluginId === 'bench-lateness') hits.push(hit);
  });
  const registered = await api.expect([200], 'POST', `/api/bench/lateness/start?count=${flags.lightLatenessTasks}&cadenceSeconds=1`);
  const windowStart = Math.ceil((Date.now() + flags.settleMs) / 1000) * 1000;
  const windowEnd = windowStart + seconds * 1000;
  progress.start('backstage: lateness', seconds);
  await sleep(windowStart - Date.now());
  while (Date.now() < windowEnd) {
    await sleep(Math.min(1000, windowEnd - Date.now()));
    progress.update(Math.floor((Date.now() - windowStart) / 1000), `${hits.length} runs seen`);
  }
  // Runs due near the end of the window may still be on their way.
  await sleep(2000);
  await api.expect([200], 'POST', '/api/bench/lateness/stop');
  unsubscribe();
  progress.finish();

  const inWindow = hits.filter((hit) => hit.scheduledFor >= windowStart && hit.scheduledFor < windowEnd);
  const seen = new Set(inWindow.map((hit) => `${hit.taskId}@${hit.scheduledFor}`));
  const expected = flags.lightLatenessTasks * seconds;
  return {
    tasks: { interval: flags.lightLatenessTasks, cron: 0 },
    windowSeconds: seconds,
    registerMs: Math.round(registered.json().ms),
    latenessMs: summarize(inWindow.map((hit) => hit.wallAt - hit.scheduledFor)),
    runsExpected: expected,
    runsSeen: seen.size,
    runsMissed: expected - seen.size,
    duplicateRuns: inWindow.length - seen.size,
    runsPerSecond: Math.round((seen.size / seconds) * 10) / 10,
  };
}

/** Registers the scale plugin's tasks in steps, listing them and measuring the idle process at each size. */
async function measureScale({ api, progress, flags, server }) {
  const base = pluginApi('bench-scale');
  const dueAt = Date.now() + 65 * 60_000;
  const sizes = [...new Set([...flags.scaleSizes, ...(flags.phases.includes('idle') ? flags.idleSizes : [])])]
    .filter((size) => size <= flags.scaleTasks)
    .sort((a, b) => a - b);
  if (sizes.at(-1) !== flags.scaleTasks) sizes.push(flags.scaleTasks);
  let registered = 0;
  let registerMs = 0;
  const listings = [];
  const idle = [];
  for (const size of sizes) {
    progress.start(`backstage: register up to ${size}`, 1);
    const response = await api.expect([200], 'POST', `/api/bench/scale/register?from=${registered}&to=${size}&dueAt=${dueAt}`);
    registerMs += response.json().ms;
    registered = size;
    progress.finish();
    if (flags.scaleSizes.includes(size) || size === flags.scaleTasks) {
      const getMs = [];
      let bytes = 0;
      for (let sample = 0; sample < flags.getSamples; sample++) {
        const listing = await api.expect([200], 'GET', `${base}/tasks`);
        const count = listing.json().tasks.length;
        if (count !== size) throw new Error(`Backstage's GET .../tasks listed ${count} tasks, expected ${size}`);
        getMs.push(listing.ms);
        bytes = listing.text.length;
      }
      listings.push({ tasks: size, getMs: summarize(getMs), responseBytes: bytes });
    }
    if (flags.phases.includes('idle') && flags.idleSizes.includes(size)) {
      idle.push({ tasks: size, ...(await measureTreeIdle(server, flags.idleSeconds, progress, `backstage: idle, ${size} tasks`)) });
    }
  }
  return {
    scale: {
      tasks: flags.scaleTasks,
      /** Backstage has no API to define tasks: scheduleTask in plugin code, one after another. */
      registerInCodeMs: Math.round(registerMs),
      listings,
    },
    idle,
  };
}

/** Every figure of `phases` that applies to Backstage, into `results` (kept if a phase fails). */
export async function measureBackstage(context, phases, results) {
  const { api, progress, flags } = context;
  if (phases.includes('trigger')) {
    results.trigger = {
      roundTrip: await measureRoundTrip(api, progress, 'bench-ping', flags.triggers),
      ...(await measureTriggers(context)),
    };
  }
  if (phases.includes('lateness')) results.latenessLight = await measureLateness(context);
  if (phases.includes('scale')) Object.assign(results, await measureScale(context));
}
