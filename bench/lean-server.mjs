// The lean runtime, as `npm start` runs it: the bench Worker built once the way `wrangler deploy`
// bundles it (scripts/build.mjs) and served on plain workerd (scripts/workerd-server.mjs), with no
// bundler, no proxy and no Node process relaying its output. State in a fresh temporary directory.
import { closeSync, openSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWorker } from '../scripts/build.mjs';
import { startWorkerd } from '../scripts/workerd-server.mjs';
import { findFreePort } from './dev-server.mjs';
import { readDescendants } from './proc-stats.mjs';

/**
 * Builds bench/wrangler.toml's Worker into a fresh directory under `persistIn` and serves it on
 * workerd, with the inspector on a free port for the heap figures. workerd's output (the
 * Worker's console included) goes to a log file in that directory, deleted by `stop()`.
 */
export async function startLeanServer({ repoRoot, token, persistIn = tmpdir() }) {
  const stateDir = await mkdtemp(join(persistIn, 'edge-scheduler-bench-'));
  let configPath;
  try {
    configPath = await buildWorker({ configPath: join(repoRoot, 'bench/wrangler.toml'), outDir: join(stateDir, 'dist') });
  } catch (error) {
    await rm(stateDir, { recursive: true, force: true });
    throw error;
  }
  const inspectorPort = await findFreePort();
  const logPath = join(stateDir, 'workerd.log');
  const logFd = openSync(logPath, 'w');
  let server;
  try {
    server = await startWorkerd({
      configPath,
      stateDir: join(stateDir, 'state'),
      inspectorPort,
      stdio: [logFd, logFd],
      env: {
        SCHEDULER_API_TOKENS: token,
        SCHEDULER_ALLOWED_HOSTS: '127.0.0.1,localhost',
        SCHEDULER_SIGNING_SECRET: '',
      },
    });
  } catch (error) {
    closeSync(logFd);
    const log = await readFile(logPath, 'utf8').catch(() => '');
    await rm(stateDir, { recursive: true, force: true });
    throw new Error(`${error.message}\n${log}`);
  }
  // workerd holds its own copy of the descriptor.
  closeSync(logFd);

  /** Stops workerd and deletes the state; `keepLogAs` saves workerd's output first. */
  const stop = async (keepLogAs) => {
    await server.stop();
    if (keepLogAs) await copyFile(logPath, keepLogAs).catch(() => {});
    await rm(stateDir, { recursive: true, force: true });
  };

  return {
    runtime: 'lean',
    base: server.base,
    port: server.port,
    inspectorPort,
    pid: server.pid,
    // One process runs the Worker, its objects and the sockets: nothing else to count.
    workerdPid: server.pid,
    proxyWorkerdPid: undefined,
    wranglerPids: [],
    stateDir,
    logPath,
    stop,
    readTreePids: async () => [server.pid, ...(await readDescendants(server.pid))],
  };
}
