import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExampleWorker, startLeanServer, type LeanServer } from '../support/lean-server.ts';

const API_TOKEN = 'self-hosted-token';
const API = '/.backstage/scheduler/v1';

let configPath: string;
let stateDir: string;
let handler: Server;
let handlerUrl: string;
/** Each request the handler server received: the run's ticket and task, as the scheduler sends them. */
const handlerCalls: { task: string; run: string }[] = [];

beforeAll(async () => {
  configPath = await buildExampleWorker();
  stateDir = mkdtempSync(join(tmpdir(), 'scheduler-self-hosted-'));
  handler = createServer((request, response) => {
    handlerCalls.push({ task: String(request.headers['x-scheduler-task']), run: String(request.headers['x-scheduler-run']) });
    response.end('ok');
  });
  await new Promise<void>((resolve) => handler.listen(0, '127.0.0.1', resolve));
  handlerUrl = `http://127.0.0.1:${(handler.address() as { port: number }).port}/hook`;
});

afterAll(async () => {
  await new Promise((resolve) => handler?.close(resolve));
  rmSync(stateDir, { recursive: true, force: true });
});

async function call(server: LeanServer, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${API_TOKEN}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function readJson<T>(server: LeanServer, path: string): Promise<T> {
  const response = await call(server, 'GET', path);
  expect(response.status, `GET ${path}`).toBe(200);
  return (await response.json()) as T;
}

type TaskView = { taskId: string; settings: unknown; taskState: { status: string; startsAt?: string; paused?: boolean } };

/** Polls `check` until it holds; the machine may be loaded, so the bound is generous. */
async function eventually(check: () => boolean | Promise<boolean>, what: string, withinMs = 20_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the built Worker served by plain workerd, as a self-hosted server runs it', () => {
  it('keeps tasks, pause flags, run history and schedules across a kill -9 and a restart', async () => {
    const first = await startLeanServer(configPath, stateDir, API_TOKEN);
    try {
      expect((await call(first, 'PUT', `/api/hooks${API}/tasks/every-second`, { frequency: { seconds: 1 }, timeout: { seconds: 10 }, handler: { url: handlerUrl } })).status).toBe(201);
      expect((await call(first, 'PUT', `/api/hooks${API}/tasks/hourly`, { frequency: { hours: 1 }, initialDelay: { minutes: 30 }, timeout: { seconds: 10 }, handler: { url: handlerUrl } })).status).toBe(201);
      expect((await call(first, 'POST', `/api/hooks${API}/tasks/hourly/trigger`)).status).toBe(200);
      expect((await call(first, 'POST', `/api/catalog${API}/tasks/refresh-entities/pause`)).status).toBe(200);
      await eventually(() => handlerCalls.filter((c) => c.task === 'every-second').length >= 2, 'two runs of every-second');
      await eventually(
        async () => (await readJson<{ runs: { outcome: string }[] }>(first, `/api/hooks${API}/tasks/hourly/runs`)).runs[0]?.outcome === 'succeeded',
        'the triggered run of hourly to be recorded as succeeded',
      );
    } catch (error) {
      await first.stop();
      throw new Error(`${(error as Error).message}\nworkerd printed:\n${first.output().slice(-4_000)}`);
    }
    const hooksBefore = await readJson<{ tasks: TaskView[] }>(first, `/api/hooks${API}/tasks`);
    const hourlyRunsBefore = await readJson<{ runs: { ticket: string; outcome: string }[] }>(first, `/api/hooks${API}/tasks/hourly/runs`);

    await first.crash();
    const callsAtCrash = handlerCalls.length;
    const second = await startLeanServer(configPath, stateDir, API_TOKEN);
    try {
      const hooksAfter = await readJson<{ tasks: TaskView[] }>(second, `/api/hooks${API}/tasks`);
      const hourlyAfter = hooksAfter.tasks.find((task) => task.taskId === 'hourly');
      const hourlyBefore = hooksBefore.tasks.find((task) => task.taskId === 'hourly');
      const catalog = await readJson<{ tasks: TaskView[] }>(second, `/api/catalog${API}/tasks`);
      const hourlyRunsAfter = await readJson<{ runs: { ticket: string; outcome: string }[] }>(second, `/api/hooks${API}/tasks/hourly/runs`);

      expect(hooksAfter.tasks.map((task) => task.taskId).sort()).toEqual(['every-second', 'hourly']);
      expect(hourlyAfter?.settings).toEqual(hourlyBefore?.settings);
      // Nothing runs early: the hourly task is still due when it was before the crash.
      expect(hourlyAfter?.taskState.startsAt).toBe(hourlyBefore?.taskState.startsAt);
      expect(catalog.tasks.find((task) => task.taskId === 'refresh-entities')?.taskState.paused).toBe(true);
      expect(hourlyRunsAfter.runs.map((run) => run.ticket)).toEqual(hourlyRunsBefore.runs.map((run) => run.ticket));
      expect(hourlyRunsAfter.runs[0]?.outcome).toBe('succeeded');
      // The alarm survived too: the one-second task goes on without any request waking its plugin.
      await eventually(() => handlerCalls.slice(callsAtCrash).filter((c) => c.task === 'every-second').length >= 2, 'every-second to run again after the restart');
    } catch (error) {
      throw new Error(`${(error as Error).message}\nworkerd printed:\n${second.output().slice(-4_000)}`);
    } finally {
      await second.stop();
    }
  });

  it("delivers the Worker's cron trigger to its scheduled handler through the loopback bridge", async () => {
    const server = await startLeanServer(configPath, mkdtempSync(join(tmpdir(), 'scheduler-cron-')), API_TOKEN);
    try {
      expect(await server.deliverScheduled('* * * * *')).toBe(true);
      // The scheduled handler runs the isolate's local tasks; the catalog's local task logs when it runs.
      await eventually(() => server.output().includes('Warmed the cache of this isolate'), 'the local task to run');
    } finally {
      await server.stop();
    }
  });
});
