import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error: the scripts are plain JavaScript, without type declarations.
import { buildWorker } from '../../scripts/build.mjs';
// @ts-expect-error: the scripts are plain JavaScript, without type declarations.
import { startWorkerd } from '../../scripts/workerd-server.mjs';

const REPO_ROOT = join(import.meta.dirname, '../..');

/** The example Worker on plain workerd, as `npm start` and a self-hosted server run it. */
export interface LeanServer {
  baseUrl: string;
  pid: number;
  /** Everything workerd printed so far. */
  output(): string;
  /** Resolves when workerd has exited, however it ended. */
  exited: Promise<{ code: number | null; signal: string | null }>;
  /** Kills workerd at once, as a crash or an OOM kill would: no shutdown of any kind. */
  crash(): Promise<void>;
  /** Delivers a cron event to the Worker's `scheduled` handler; true if it succeeded. */
  deliverScheduled(cron: string): Promise<boolean>;
  stop(): Promise<void>;
}

/** Builds the example Worker and its workerd config into a fresh folder; returns the config's path. */
export async function buildExampleWorker(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'scheduler-dist-'));
  return buildWorker({ configPath: join(REPO_ROOT, 'wrangler.toml'), outDir, environmentBindings: ['PING_URL'] });
}

/** A port nothing listens on right now. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('No port'))));
    });
  });
}

/**
 * Serves `configPath` with its objects' SQLite in `stateDir`, on `port` (a free one if not
 * given), and resolves once it listens. The example's ping task calls the server's own `/ping`.
 */
export async function startLeanServer(configPath: string, stateDir: string, apiToken: string, port?: number): Promise<LeanServer> {
  const listenOn = port ?? (await findFreePort());
  const server = await startWorkerd({
    configPath,
    stateDir,
    port: listenOn,
    stdio: 'pipe',
    env: {
      SCHEDULER_API_TOKENS: apiToken,
      SCHEDULER_ALLOWED_HOSTS: '127.0.0.1,localhost',
      SCHEDULER_SIGNING_SECRET: '',
      PING_URL: `http://127.0.0.1:${listenOn}/ping`,
    },
  });
  let output = '';
  server.child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  server.child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return {
    baseUrl: server.base,
    pid: server.pid,
    output: () => output,
    exited: server.exited,
    crash: async () => {
      server.child.kill('SIGKILL');
      await server.exited;
    },
    deliverScheduled: server.deliverScheduled,
    stop: server.stop,
  };
}
