// `npm run bench`: serves the bench Worker on plain workerd, as `npm start` does, measures issue
// 7's figures, prints them with the targets, writes bench/results.json, and stops everything it
// started.
import { writeFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApiClient } from './api-client.mjs';
import { startLeanServer } from './lean-server.mjs';
import { describeFlags, parseFlags } from './flags.mjs';
import { startHandlerServer } from './handler-server.mjs';
import { openInspectorSession } from './inspector-session.mjs';
import { describeMachine } from './machine.mjs';
import { readMachineCpu } from './proc-stats.mjs';
import { createProgress } from './progress.mjs';
import { evaluateTargets, renderReport } from './report.mjs';
import { runFiringLateness } from './scenarios/firing-lateness.mjs';
import { runIdleCost } from './scenarios/idle-cost.mjs';
import { runPluginScale } from './scenarios/plugin-scale.mjs';
import { runStorageCost } from './scenarios/storage-cost.mjs';
import { runThroughput } from './scenarios/throughput.mjs';
import { runTriggerLatency } from './scenarios/trigger-latency.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TOKEN = 'bench-token';

const PHASES = {
  trigger: runTriggerLatency,
  lateness: runFiringLateness,
  storage: runStorageCost,
  throughput: runThroughput,
  scale: runPluginScale,
  idle: runIdleCost,
};

// The isolate's heap and the inspector's events are reached over WebSocket, which Node 20
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
const results = {};
const environment = { ...(await describeMachine(repoRoot)), loadAverageAtStart: loadavg().map((load) => Math.round(load * 100) / 100) };
const machineCpuAtStart = await readMachineCpu();
progress.note(`Building the bench Worker and starting workerd (load average ${environment.loadAverageAtStart.join(' ')})…`);

const handler = await startHandlerServer();
const dev = await startLeanServer({ repoRoot, token: TOKEN, persistIn: flags.persistIn });
const api = createApiClient(dev.base, TOKEN, { maxSockets: Math.max(64, flags.concurrency) });
const inspector = await openInspectorSession(dev.inspectorPort);
const failureLog = join(tmpdir(), 'edge-scheduler-bench-workerd.log');
let stopping;
const stopAll = (keepLog) =>
  (stopping ??= (async () => {
    inspector?.close();
    api.close();
    await handler.close();
    await dev.stop(keepLog ? failureLog : undefined);
  })());
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    progress.note(`\n${signal}: stopping workerd`);
    stopAll(false).finally(() => process.exit(130));
  });
}

let failure;
try {
  if (flags.devtools === 'off') {
    if (!inspector) throw new Error('--devtools off needs the inspector, which did not answer');
    await inspector.send('Network.disable');
    await inspector.send('Runtime.disable');
  }
  const context = { api, handler, dev, inspector, progress, flags };
  await api.expect([204], 'POST', `/bench/console?on=${flags.console === 'on' ? 1 : 0}`);
  for (const phase of Object.keys(PHASES)) {
    if (flags.phases.includes(phase)) results[phase] = await PHASES[phase](context);
  }
} catch (error) {
  failure = error;
  progress.note(`\nbench failed: ${error.stack ?? error}\nworkerd's log: ${failureLog}`);
} finally {
  await stopAll(failure !== undefined);
}

const targets = evaluateTargets(results, flags);
const report = {
  command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
  startedAt: startedAt.toISOString(),
  durationSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
  ...environment,
  loadAverageAtEnd: loadavg().map((load) => Math.round(load * 100) / 100),
  /** How busy the whole machine was during the run, in cores: the bench, wrangler, and anything else running. */
  machineBusyCores: await readMachineCpu().then(({ busy, total }) =>
    Math.round(((busy - machineCpuAtStart.busy) / (total - machineCpuAtStart.total)) * cpus().length * 100) / 100,
  ),
  flags,
  results,
  targets,
  ...(failure && { error: String(failure) }),
};
const out = resolve(repoRoot, flags.out);
await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
console.log(`\n${renderReport(results, targets)}\n`);
console.log(
  `${environment.machine.cpuModel}, ${environment.machine.cores} cores, Node ${environment.machine.node}, wrangler ${environment.versions.wrangler}, workerd ${environment.versions.workerd}; ` +
    `state on ${flags.persistIn}, console ${flags.console}, devtools events ${flags.devtools}; machine busy ${report.machineBusyCores} cores on average, load ${report.loadAverageAtStart[0]} → ${report.loadAverageAtEnd[0]}`,
);
console.log(`Results: ${join(flags.out)} (${report.durationSeconds} s)`);
process.exit(failure ? 1 : 0);
