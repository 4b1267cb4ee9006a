// `npm run bench`: measures each runtime asked for (by default the lean one, the bench Worker on
// plain workerd as `npm start` serves it), then a real Backstage backend, one after another;
// prints every figure with its ratio to Backstage's and the targets, writes bench/results.json,
// and stops everything it started.
import { writeFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApiClient } from './api-client.mjs';
import { compareFigures, evaluateTargets } from './compare.mjs';
import { startDevServer } from './dev-server.mjs';
import { describeFlags, parseFlags } from './flags.mjs';
import { startHandlerServer } from './handler-server.mjs';
import { openInspectorSession } from './inspector-session.mjs';
import { startLeanServer } from './lean-server.mjs';
import { describeMachine } from './machine.mjs';
import { measureBackstage } from './peers/backstage/measure.mjs';
import { installBackstage, startBackstage } from './peers/backstage/peer.mjs';
import { readMachineCpu } from './proc-stats.mjs';
import { createProgress } from './progress.mjs';
import { renderReport } from './report.mjs';
import { runFiringLateness } from './scenarios/firing-lateness.mjs';
import { runPluginScale } from './scenarios/plugin-scale.mjs';
import { runStorageCost } from './scenarios/storage-cost.mjs';
import { runThroughput } from './scenarios/throughput.mjs';
import { runTriggerLatency } from './scenarios/trigger-latency.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TOKEN = 'bench-token';

/** The phases in order; each adds its keys to a runtime's results (scale adds `scale` and `idle`). */
const PHASES = {
  trigger: async (context) => ({ trigger: await runTriggerLatency(context) }),
  lateness: runFiringLateness,
  storage: async (context) => ({ storage: await runStorageCost(context) }),
  throughput: async (context) => ({ throughput: await runThroughput(context) }),
  scale: runPluginScale,
};

// The isolate's heap and wrangler's inspector events are reached over WebSocket, which Node 20
// offers only behind a flag: run again with it.
if (typeof WebSocket !== 'function') {
  const child = spawn(process.execPath, ['--experimental-websocket', ...process.argv.slice(1)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 1));
  await new Promise(() => {});
}

const { help, flags } = parseFlags(process.argv.slice(2));
if (help) {
  console.log(describeFlags());
  process.exit(0);
}

const progress = createProgress();
const startedAt = new Date();
const environment = { ...(await describeMachine(repoRoot)), loadAverageAtStart: loadavg().map((load) => Math.round(load * 100) / 100) };
const machineCpuAtStart = await readMachineCpu();
const handler = await startHandlerServer();
/** The server being measured, if any: stopped on Ctrl-C. */
let current;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    progress.note(`\n${signal}: stopping ${current?.runtime ?? 'the handler server'}`);
    Promise.resolve(current?.stop())
      .finally(() => handler.close())
      .finally(() => process.exit(130));
  });
}

/** The first line of an error, at most 200 characters: the reason printed in tables. */
const briefly = (error) => String(error?.message ?? error).split('\n').find((line) => line.trim())?.slice(0, 200) ?? 'unknown error';

/** The 1-minute load average, rounded: other work on the machine skews every figure. */
const loadNow = () => Math.round(loadavg()[0] * 100) / 100;

/** Where a server's log is kept when its measurement fails. */
const failureLogOf = (name) => join(tmpdir(), `edge-scheduler-bench-${name}.log`);

/**
 * The phases in the servers each runtime is started for: scale and idle get a fresh one, so the
 * objects and memory the earlier phases leave behind do not count in their memory and idle
 * figures (Backstage is restarted the same way).
 */
const SESSIONS = [
  ['trigger', 'lateness', 'storage', 'throughput'],
  ['scale', 'idle'],
];

/**
 * Starts `runtime` afresh, runs `phases` on it into `results`, notes the machine's load before and
 * after in `loads`, stops it. Throws what failed, after stopping.
 */
async function measureSession(runtime, phases, results, loads) {
  const load = { phases, loadAverageAtStart: loadNow() };
  loads.push(load);
  progress.note(`\n${runtime}: building the bench Worker and starting it for ${phases.join(', ')} (load average ${load.loadAverageAtStart})…`);
  const options = { repoRoot, token: TOKEN, persistIn: flags.persistIn };
  let server;
  try {
    server = runtime === 'lean' ? await startLeanServer(options) : await startDevServer(options);
  } catch (error) {
    throw Object.assign(new Error(`did not start: ${error.message}`), { cause: error });
  }
  current = server;
  const api = createApiClient(server.base, TOKEN, { maxSockets: Math.max(64, flags.concurrency) });
  const inspector = await openInspectorSession(server.inspectorPort);
  let failure;
  try {
    if (runtime === 'wrangler-dev' && flags.devtools === 'off') {
      if (!inspector) throw new Error('--devtools off needs the inspector, which did not answer');
      await inspector.send('Network.disable');
      await inspector.send('Runtime.disable');
    }
    await api.expect([204], 'POST', `/bench/console?on=${flags.console === 'on' ? 1 : 0}`);
    const context = { api, handler, server, inspector, progress, flags };
    for (const [phase, run] of Object.entries(PHASES)) {
      if (phases.includes(phase)) Object.assign(results, await run(context));
    }
  } catch (error) {
    failure = error;
    throw error;
  } finally {
    load.loadAverageAtEnd = loadNow();
    inspector?.close();
    api.close();
    await server.stop(failure ? failureLogOf(runtime) : undefined);
    current = undefined;
  }
}

/** Measures one of our runtimes, one fresh server per session. Never throws: a failure is in `error`. */
async function measureRuntime(runtime) {
  const began = Date.now();
  const results = {};
  const sessions = [];
  try {
    for (const session of SESSIONS) {
      const phases = session.filter((phase) => flags.phases.includes(phase));
      if (phases.length > 0) await measureSession(runtime, phases, results, sessions);
    }
  } catch (error) {
    progress.note(`\n${runtime} failed: ${error.stack ?? error}\nits log: ${failureLogOf(runtime)}`);
    return { seconds: Math.round((Date.now() - began) / 1000), sessions, results, error: briefly(error), errorDetail: String(error.stack ?? error) };
  }
  return { seconds: Math.round((Date.now() - began) / 1000), sessions, results };
}

/** Installs (first time) and starts Backstage, measures it, stops it. A peer that fails is reported with the reason. */
async function measurePeer() {
  const began = Date.now();
  const peer = { name: 'backstage', status: 'failed', sessions: [], results: {} };
  const seconds = () => Math.round((Date.now() - began) / 1000);
  try {
    progress.note('\nBackstage: installing the peer if it is not cached (the first time compiles better-sqlite3: minutes)…');
    peer.versions = await installBackstage();
  } catch (error) {
    progress.note(`Backstage could not be installed: ${error.message}`);
    return { ...peer, reason: `install failed: ${briefly(error)}`, detail: error.message, seconds: seconds() };
  }
  try {
    for (const session of SESSIONS) {
      const phases = session.filter((phase) => flags.phases.includes(phase));
      if (phases.length === 0) continue;
      const load = { phases, loadAverageAtStart: loadNow() };
      peer.sessions.push(load);
      let server;
      try {
        progress.note(`\nBackstage: starting it for ${phases.join(', ')} (load average ${load.loadAverageAtStart})…`);
        server = await startBackstage({ handlerUrl: handler.url, persistIn: flags.persistIn, triggerTasks: flags.peerTriggers });
      } catch (error) {
        throw Object.assign(new Error(`did not start: ${error.message}`), { cause: error });
      }
      current = server;
      peer.startMs ??= server.startMs;
      const api = createApiClient(server.base, null, { maxSockets: 64 });
      let failed = true;
      try {
        await measureBackstage({ api, handler, server, progress, flags }, phases, peer.results);
        failed = false;
      } finally {
        load.loadAverageAtEnd = loadNow();
        api.close();
        await server.stop(failed ? failureLogOf('backstage') : undefined);
        current = undefined;
      }
    }
    peer.status = 'measured';
  } catch (error) {
    peer.reason = error.message.startsWith('did not start') ? briefly(error) : `stopped while measuring: ${briefly(error)}`;
    peer.detail = String(error.stack ?? error);
    progress.note(`\nBackstage failed: ${error.stack ?? error}\nits log: ${failureLogOf('backstage')}`);
  }
  return { ...peer, seconds: seconds() };
}

const runtimes = {};
for (const runtime of flags.runtime) runtimes[runtime] = await measureRuntime(runtime);
const peer = flags.peer === 'none' ? { name: 'backstage', status: 'skipped', reason: '--peer none' } : await measurePeer();
await handler.close();

for (const entry of Object.values(runtimes)) entry.targets = evaluateTargets(entry.results, { flags, peer });
const report = {
  command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
  startedAt: startedAt.toISOString(),
  durationSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
  ...environment,
  loadAverageAtEnd: loadavg().map((load) => Math.round(load * 100) / 100),
  /** How busy the whole machine was during the run, in cores: the bench, the servers, and anything else running. */
  machineBusyCores: await readMachineCpu().then(({ busy, total }) =>
    Math.round(((busy - machineCpuAtStart.busy) / (total - machineCpuAtStart.total)) * cpus().length * 100) / 100,
  ),
  flags,
  comparison: compareFigures(
    Object.fromEntries(Object.entries(runtimes).map(([runtime, entry]) => [runtime, entry.results])),
    peer.status === 'measured' ? peer.results : undefined,
  ),
  runtimes,
  peer,
};
const out = resolve(repoRoot, flags.out);
await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
console.log(`\n${renderReport(report)}\n`);
console.log(
  `${environment.machine.cpuModel}, ${environment.machine.cores} cores, Node ${environment.machine.node}, wrangler ${environment.versions.wrangler}, workerd ${environment.versions.workerd}; ` +
    `state on ${flags.persistIn}, console ${flags.console}; machine busy ${report.machineBusyCores} cores on average, load ${report.loadAverageAtStart[0]} → ${report.loadAverageAtEnd[0]}`,
);
console.log(`Results: ${flags.out} (${report.durationSeconds} s)`);
process.exit(Object.values(runtimes).some((entry) => entry.error) ? 1 : 0);
