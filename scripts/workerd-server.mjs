// Starts workerd itself on a config from scripts/build.mjs: no bundler, no proxy, no Node process
// relaying its output. Used by `npm start`, the benchmarks and the self-hosting test.
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { SOCKET_HTTP, SOCKET_SCHEDULED, STATE_DIRECTORY } from './workerd-config.mjs';

/** The workerd binary the `workerd` package installed for this platform (the one wrangler runs too). */
export const WORKERD_BINARY = process.env.WORKERD_BINARY ?? createRequire(import.meta.url)('workerd').default;

/**
 * Serves `configPath` with the objects' SQLite files under `stateDir`, listening on `host:port`
 * (port 0: any free one). `env` holds the secrets the config reads from the environment. Output
 * goes straight to `stdio` (inherited by default). Resolves once both sockets listen.
 */
export async function startWorkerd({ configPath, stateDir, host = '127.0.0.1', port = 0, env = {}, inspectorPort, stdio = 'inherit', readyWithinMs = 30_000 }) {
  await mkdir(stateDir, { recursive: true });
  const args = [
    'serve', configPath,
    `--socket-addr=${SOCKET_HTTP}=${host}:${port}`,
    // The scheduled-event bridge listens on loopback only, whatever the main socket's host.
    `--socket-addr=${SOCKET_SCHEDULED}=127.0.0.1:0`,
    `--directory-path=${STATE_DIRECTORY}=${stateDir}`,
    // workerd reports each socket it listens on, with its port, as a JSON line on this descriptor.
    '--control-fd=3',
    ...(inspectorPort === undefined ? [] : [`--inspector-addr=127.0.0.1:${inspectorPort}`]),
  ];
  const output = Array.isArray(stdio) ? stdio : [stdio, stdio];
  const child = spawn(WORKERD_BINARY, args, { stdio: ['ignore', output[0], output[1], 'pipe'], env: { ...process.env, ...env } });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  // workerd outlives a parent that exits without stopping it (a test runner that fails in a hook,
  // say), and an orphan keeps serving and spending CPU; so it goes when this process goes.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  exited.then(() => process.off('exit', killOnExit));

  const ports = {};
  const listening = new Promise((resolve) => {
    createInterface({ input: child.stdio[3] }).on('line', (line) => {
      try {
        const message = JSON.parse(line);
        if (message.event === 'listen') ports[message.socket] = message.port;
      } catch {
        return; // Not a message of ours.
      }
      if (ports[SOCKET_HTTP] !== undefined && ports[SOCKET_SCHEDULED] !== undefined) resolve();
    });
  });

  /** Stops workerd: SIGTERM, then SIGKILL if it has not gone within 5 s. */
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };

  let timer;
  const outcome = await Promise.race([
    listening.then(() => 'ready'),
    exited.then(({ code, signal }) => `workerd exited before listening (code ${code}, signal ${signal})`),
    new Promise((resolve) => (timer = setTimeout(() => resolve(`workerd did not listen within ${readyWithinMs} ms`), readyWithinMs))),
  ]);
  clearTimeout(timer);
  if (outcome !== 'ready') {
    await stop();
    throw new Error(outcome);
  }
  const displayHost = host === '0.0.0.0' || host === '*' ? '127.0.0.1' : host;
  return {
    base: `http://${displayHost}:${ports[SOCKET_HTTP]}`,
    port: ports[SOCKET_HTTP],
    pid: child.pid,
    child,
    exited,
    stop,
    /** Delivers a cron event to the Worker's `scheduled` handler, as Cloudflare's cron trigger does. */
    deliverScheduled: async (cron) => {
      const response = await fetch(`http://127.0.0.1:${ports[SOCKET_SCHEDULED]}/?cron=${encodeURIComponent(cron)}`);
      return response.ok;
    },
  };
}
