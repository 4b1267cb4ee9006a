import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REPO_ROOT = join(import.meta.dirname, '../..');
const WRANGLER = join(REPO_ROOT, 'node_modules/wrangler/bin/wrangler.js');

/** The example Worker served by `wrangler dev`, as `npm start` serves it, on ports and storage of its own. */
export interface WranglerDevServer {
  baseUrl: string;
  /** Everything wrangler printed, for a failing test's message. */
  output(): string;
  stop(): Promise<void>;
}

/** A port nothing listens on right now. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('No port'))));
    });
  });
}

/**
 * Starts `wrangler dev --local` on the example Worker with `apiToken`, state in a fresh temporary
 * folder, and resolves once the health route answers (that first request also wakes every
 * plugin, so their tasks register). Offline: no metrics, no Request.cf download.
 */
export async function startWranglerDev(apiToken: string, readyWithinMs = 90_000): Promise<WranglerDevServer> {
  const [port, inspectorPort] = [await findFreePort(), await findFreePort()];
  const baseUrl = `http://127.0.0.1:${port}`;
  const stateDir = mkdtempSync(join(tmpdir(), 'scheduler-e2e-'));
  const child = spawn(
    process.execPath,
    [
      WRANGLER, 'dev', '--local',
      '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspectorPort),
      '--persist-to', stateDir,
      '--show-interactive-dev-session=false',
      '--var', `SCHEDULER_API_TOKENS:${apiToken}`,
      '--var', `PING_URL:${baseUrl}/ping`,
      '--var', 'SCHEDULER_ALLOWED_HOSTS:127.0.0.1,localhost',
    ],
    {
      cwd: REPO_ROOT,
      // Its own process group, so stopping it stops workerd too.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', DO_NOT_TRACK: '1', NO_COLOR: '1' },
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const server: WranglerDevServer = {
    baseUrl,
    output: () => output,
    stop: async () => {
      await stopProcessGroup(child);
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
  try {
    await waitForHealth(`${baseUrl}/.backstage/scheduler/v1/health`, child, readyWithinMs);
  } catch (error) {
    await server.stop();
    throw new Error(`${(error as Error).message}\nwrangler printed:\n${output}`);
  }
  return server;
}

async function waitForHealth(url: string, child: ChildProcess, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`wrangler dev did not answer ${url} within ${withinMs} ms`);
}

/** Sends SIGTERM to the process group, and SIGKILL if it has not exited 5 s later. */
async function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // Already gone.
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
