// Installs the Backstage peer on demand into a cache folder outside git (never into the
// project's package.json: `npm ci` stays lean) and starts server.mjs on it as a Node process of
// its own, with SQLite files in a fresh temporary directory. Stops it, and only it, by pid.
import { execFile, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreePort } from '../../dev-server.mjs';
import { readDescendants } from '../../proc-stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * Exact versions: the backend-defaults release the project's contract describes, the
 * backend-plugin-api published with it, and better-sqlite3 12 (13 segfaults on Node 20).
 */
export const BACKSTAGE_PACKAGES = {
  '@backstage/backend-defaults': '0.19.0',
  '@backstage/backend-plugin-api': '1.12.0',
  'better-sqlite3': '12.11.1',
};

/** Where the peer's packages are installed (bench/.peers/ is in .gitignore); BENCH_BACKSTAGE_CACHE moves it. */
export const DEFAULT_CACHE_DIR = process.env.BENCH_BACKSTAGE_CACHE ?? join(here, '../../.peers/backstage');

/** Versions of the installed packages that matter to the figures, from the cache's node_modules. */
async function readInstalledVersions(cacheDir) {
  const versions = {};
  for (const name of [...Object.keys(BACKSTAGE_PACKAGES), 'knex', 'express']) {
    versions[name] = await readFile(join(cacheDir, 'node_modules', name, 'package.json'), 'utf8').then(
      (text) => JSON.parse(text).version,
      () => null,
    );
  }
  return versions;
}

/**
 * Installs the pinned packages into `cacheDir` unless a previous install of the same pins
 * finished there (a marker written last). The first install compiles better-sqlite3 (minutes).
 * Resolves with the installed versions; rejects with npm's own words if it fails.
 */
export async function installBackstage({ cacheDir = DEFAULT_CACHE_DIR, timeoutMs = 15 * 60_000 } = {}) {
  const pins = JSON.stringify(BACKSTAGE_PACKAGES);
  const marker = join(cacheDir, '.installed');
  if ((await readFile(marker, 'utf8').catch(() => '')) === pins) return readInstalledVersions(cacheDir);
  await mkdir(cacheDir, { recursive: true });
  await rm(marker, { force: true });
  const manifest = { name: 'edge-scheduler-bench-backstage-peer', private: true, description: 'Written by bench/peers/backstage/peer.mjs', dependencies: BACKSTAGE_PACKAGES };
  await writeFile(join(cacheDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await new Promise((resolve, reject) =>
    execFile(
      'npm',
      ['install', '--no-audit', '--no-fund'],
      { cwd: cacheDir, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (!error) return resolve();
        const output = `${stdout}${stderr}`.trim();
        // npm names the cause as `npm error code E…` or, for a network error, `code: 'E…'`.
        const cause = output.match(/npm error code (\S+)/)?.[1] ?? output.match(/code: '(\w+)'/)?.[1];
        const how = error.killed ? `no answer within ${timeoutMs / 1000} s` : `exit ${error.code}${cause ? `, ${cause}` : ''}`;
        reject(new Error(`npm install of the Backstage peer failed (${how})\n${output.split('\n').slice(-15).join('\n')}`));
      },
    ),
  );
  // better-sqlite3's native module is built by its install script; without it nothing starts.
  const versions = await readInstalledVersions(cacheDir);
  const { stdout } = await new Promise((resolve, reject) =>
    execFile(process.execPath, ['-e', "require('better-sqlite3')(':memory:').close(); console.log('ok')"], { cwd: cacheDir }, (error, out, err) =>
      error ? reject(new Error(`better-sqlite3 did not load after npm install: ${err.trim().split('\n').slice(-3).join(' ')}`)) : resolve({ stdout: out }),
    ),
  );
  if (stdout.trim() !== 'ok') throw new Error('better-sqlite3 did not load after npm install');
  await writeFile(marker, pins);
  return versions;
}

/** The backend's config: loopback only, SQLite files under `stateDir`, plugin routes open without a token. */
const appConfig = (port, stateDir) => `backend:
  baseUrl: http://127.0.0.1:${port}
  listen:
    host: 127.0.0.1
    port: ${port}
  database:
    client: better-sqlite3
    connection:
      directory: ${JSON.stringify(join(stateDir, 'db'))}
  auth:
    # Backstage 0.19's switch for plugin routes reachable without a token (the bench sends none).
    dangerouslyDisableDefaultAuthPolicy: true
`;

/**
 * Starts the peer and resolves once its control route answers. Its output (Backstage's JSON
 * logs, as in production) goes to a log file in its state directory, deleted by `stop()`.
 */
export async function startBackstage({ handlerUrl, persistIn = tmpdir(), cacheDir = DEFAULT_CACHE_DIR, triggerTasks = 20, readyWithinMs = 120_000 }) {
  const port = await findFreePort();
  const stateDir = await mkdtemp(join(persistIn, 'edge-scheduler-bench-backstage-'));
  const configPath = join(stateDir, 'app-config.yaml');
  await writeFile(configPath, appConfig(port, stateDir));
  const logPath = join(stateDir, 'backstage.log');
  const logFd = openSync(logPath, 'w');
  const child = spawn(process.execPath, [join(here, 'server.mjs'), '--config', configPath], {
    // Backstage's config loader looks for a package root from the working directory.
    cwd: cacheDir,
    stdio: ['ignore', logFd, logFd],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      BENCH_BACKSTAGE_MODULES: cacheDir,
      BENCH_HANDLER_URL: handlerUrl,
      BENCH_TRIGGER_TASKS: String(triggerTasks),
    },
  });
  closeSync(logFd);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let hasExited = false;
  exited.then(() => (hasExited = true));

  /** Stops the backend (SIGTERM, then SIGKILL after 10 s) and deletes its state; `keepLogAs` saves its log. */
  const stop = async (keepLogAs) => {
    if (!hasExited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    if (keepLogAs) await copyFile(logPath, keepLogAs).catch(() => {});
    await rm(stateDir, { recursive: true, force: true });
  };

  const base = `http://127.0.0.1:${port}`;
  const startedAt = Date.now();
  for (;;) {
    if (hasExited) {
      const { code, signal } = await exited;
      const lines = (await readFile(logPath, 'utf8').catch(() => '')).trim().split('\n');
      const lastWords = lines.filter((line) => !/^\s+at /.test(line)).at(-1) ?? '';
      await stop();
      throw new Error(`the Backstage backend exited (code ${code}, signal ${signal}) before answering: ${lastWords}\n${lines.slice(-15).join('\n')}`);
    }
    if (Date.now() - startedAt > readyWithinMs) {
      await stop();
      throw new Error(`the Backstage backend did not answer within ${readyWithinMs / 1000} s`);
    }
    try {
      const response = await fetch(`${base}/api/bench/ready`);
      if (response.ok) break;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    runtime: 'backstage',
    base,
    port,
    pid: child.pid,
    startMs: Date.now() - startedAt,
    stateDir,
    logPath,
    stop,
    readTreePids: async () => [child.pid, ...(await readDescendants(child.pid))],
  };
}
