// Starts `wrangler dev --local` on the bench Worker: real workerd, real SQLite, real alarms,
// offline, with state in a fresh temporary directory. Stops it, and only it, by process group.
import { execFile, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDescendants } from './proc-stats.mjs';

/** A free TCP port on the loopback interface. */
export function findFreePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * The environment of wrangler. A private dev registry: wrangler dev reloads its Worker whenever
 * another wrangler dev on the machine starts or stops (to refresh cross-Worker bindings), which
 * would restart the objects mid-measurement.
 */
const devEnv = (stateDir) => ({
  ...process.env,
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  NO_COLOR: '1',
  WRANGLER_REGISTRY_PATH: join(stateDir, 'registry'),
});

/**
 * Bundles bench/worker.ts once, as a deploy would, and writes a config that serves the bundle
 * unbundled. wrangler dev rebuilds whenever a source file changes; serving a fixed bundle keeps
 * edits made to the tree during a run from restarting the Worker mid-measurement.
 */
async function bundleWorker(repoRoot, stateDir) {
  const outdir = join(stateDir, 'dist');
  await new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      [join(repoRoot, 'node_modules/wrangler/bin/wrangler.js'), 'deploy', '--dry-run', '--outdir', outdir, '--config', join(repoRoot, 'bench/wrangler.toml')],
      { cwd: repoRoot, env: devEnv(stateDir) },
      (error, stdout, stderr) => (error ? reject(new Error(`bundling the bench Worker failed:\n${stdout}${stderr}`)) : resolve()),
    ),
  );
  const source = await readFile(join(repoRoot, 'bench/wrangler.toml'), 'utf8');
  const config = source
    .replace(/^main = .*$/m, `main = ${JSON.stringify(join(outdir, 'worker.js'))}\nno_bundle = true`)
    .replace(/^\[alias\]\n[^\n]*\n/m, '');
  const configPath = join(stateDir, 'wrangler.toml');
  await writeFile(configPath, config);
  return configPath;
}

/**
 * Starts the dev server and resolves once it answers HTTP. Its state (SQLite files, the bundle,
 * wrangler's log) lives in a fresh directory under `persistIn`, deleted by `stop()`.
 */
export async function startDevServer({ repoRoot, token, onLog, persistIn = tmpdir() }) {
  const port = await findFreePort();
  const inspectorPort = await findFreePort();
  const stateDir = await mkdtemp(join(persistIn, 'edge-scheduler-bench-'));
  let configPath;
  try {
    configPath = await bundleWorker(repoRoot, stateDir);
  } catch (error) {
    await rm(stateDir, { recursive: true, force: true });
    throw error;
  }
  const logPath = join(stateDir, 'wrangler.log');
  const log = createWriteStream(logPath);
  const child = spawn(
    process.execPath,
    [
      join(repoRoot, 'node_modules/wrangler/bin/wrangler.js'),
      'dev', '--local',
      '--config', configPath,
      '--ip', '127.0.0.1', '--port', String(port),
      '--inspector-port', String(inspectorPort),
      '--persist-to', join(stateDir, 'state'),
      '--var', `SCHEDULER_API_TOKENS:${token}`,
      '--var', 'SCHEDULER_ALLOWED_HOSTS:127.0.0.1,localhost',
      '--show-interactive-dev-session=false',
      '--log-level', process.env.BENCH_WRANGLER_LOG_LEVEL ?? 'warn',
    ],
    {
      cwd: repoRoot,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: devEnv(stateDir),
    },
  );
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  if (onLog) child.stderr.on('data', (chunk) => onLog(String(chunk)));
  let exited = false;
  child.on('exit', () => (exited = true));

  /** Stops wrangler and deletes the state; `keepLogAs` saves wrangler's log first. */
  const stop = async (keepLogAs) => {
    if (!exited) {
      // wrangler shuts workerd down itself on SIGINT; the group is killed only if it hangs.
      child.kill('SIGINT');
      for (let waited = 0; waited < 50 && !exited; waited++) await new Promise((resolve) => setTimeout(resolve, 100));
      if (!exited) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    }
    await new Promise((resolve) => log.end(resolve));
    if (keepLogAs) await copyFile(logPath, keepLogAs).catch(() => {});
    await rm(stateDir, { recursive: true, force: true });
  };

  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exited) throw new Error(`wrangler dev exited early; see ${logPath}\n${await readFile(logPath, 'utf8').catch(() => '')}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error('wrangler dev did not answer within 90 s');
    }
    try {
      const response = await fetch(`${base}/bench/ping`);
      if (response.status === 204) break;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }

  // wrangler runs two workerd processes: its proxy, listening on our port, and the runtime of
  // the Worker and its objects, on a port of its own. CPU and memory are read from the latter.
  let workerdPid;
  let proxyWorkerdPid;
  const wranglerPids = [child.pid];
  for (const pid of await readDescendants(child.pid)) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes('wrangler')) wranglerPids.push(pid);
    if (!cmdline.includes('workerd')) continue;
    if (cmdline.includes(`=127.0.0.1:${port}\0`)) proxyWorkerdPid = pid;
    else workerdPid = pid;
  }
  if (!workerdPid) {
    await stop();
    throw new Error('could not find the workerd process that runs the Worker');
  }
  return {
    runtime: 'wrangler-dev',
    base,
    port,
    inspectorPort,
    pid: child.pid,
    workerdPid,
    proxyWorkerdPid,
    wranglerPids,
    stateDir,
    logPath,
    stop,
    /** Every process of the server: wrangler's Node processes, both workerd and anything they started. */
    readTreePids: async () => [child.pid, ...(await readDescendants(child.pid))],
  };
}
