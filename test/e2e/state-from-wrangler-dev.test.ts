import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildExampleWorker, findFreePort, startLeanServer } from '../support/lean-server.ts';

const REPO_ROOT = join(import.meta.dirname, '../..');
const API_TOKEN = 'dev-token';
const TASK = '/api/hooks/.backstage/scheduler/v1/tasks/kept';

/** Runs `wrangler dev` on the example Worker, as `npm start` did before it served workerd itself, until `work` is done. */
async function withWranglerDev(persistTo: string, work: (baseUrl: string) => Promise<void>): Promise<void> {
  const port = await findFreePort();
  const child = spawn(
    process.execPath,
    [
      join(REPO_ROOT, 'node_modules/wrangler/bin/wrangler.js'), 'dev', '--local',
      '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(await findFreePort()),
      '--persist-to', persistTo, '--show-interactive-dev-session=false',
      '--var', `SCHEDULER_API_TOKENS:${API_TOKEN}`, '--var', 'SCHEDULER_ALLOWED_HOSTS:127.0.0.1',
    ],
    {
      cwd: REPO_ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', NO_COLOR: '1', WRANGLER_REGISTRY_PATH: join(persistTo, 'registry') },
    },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    const baseUrl = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`wrangler dev did not answer:\n${output}`);
      if (await fetch(`${baseUrl}/.backstage/scheduler/v1/health`).then((response) => response.ok, () => false)) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await work(baseUrl);
  } finally {
    // wrangler stops its workerd on SIGINT; the group is killed if it does not.
    child.kill('SIGINT');
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

describe('state written by wrangler dev', () => {
  it('opens unchanged under the workerd runtime of npm start', async () => {
    const persistTo = mkdtempSync(join(tmpdir(), 'scheduler-wrangler-state-'));
    const headers = { Authorization: `Bearer ${API_TOKEN}`, 'Content-Type': 'application/json' };
    let written: unknown;
    try {
      await withWranglerDev(persistTo, async (baseUrl) => {
        const definition = { frequency: { hours: 6 }, initialDelay: { hours: 1 }, timeout: { seconds: 10 }, handler: { url: 'http://127.0.0.1:9/hook' } };
        expect((await fetch(`${baseUrl}${TASK}`, { method: 'PUT', headers, body: JSON.stringify(definition) })).status).toBe(201);
        expect((await fetch(`${baseUrl}${TASK}/pause`, { method: 'POST', headers })).status).toBe(200);
        written = await (await fetch(`${baseUrl}${TASK}`, { headers })).json();
      });

      // wrangler dev keeps the objects' SQLite under <persist-to>/v3/do, which npm start serves.
      const server = await startLeanServer(await buildExampleWorker(), join(persistTo, 'v3/do'), API_TOKEN);
      try {
        const response = await fetch(`${server.baseUrl}${TASK}`, { headers });
        const plugins = (await (await fetch(`${server.baseUrl}/.backstage/scheduler/v1/plugins`, { headers })).json()) as { plugins: { pluginId: string }[] };

        expect(response.status).toBe(200);
        expect(await response.json()).toEqual(written);
        expect(plugins.plugins.map((plugin) => plugin.pluginId)).toContain('hooks');
      } finally {
        await server.stop();
      }
    } finally {
      rmSync(persistTo, { recursive: true, force: true });
    }
  });
});
