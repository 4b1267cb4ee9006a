import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExampleWorker, startLeanServer, type LeanServer } from '../support/lean-server.ts';

const API_TOKEN = 'connections-token';
const TASK = '/api/hooks/.backstage/scheduler/v1/tasks/manual-hook';

let server: LeanServer;
let handler: Server;
let stateDir: string;
let connections = 0;
let requests = 0;

beforeAll(async () => {
  handler = createServer((request, response) => {
    requests++;
    request.resume();
    request.on('end', () => response.end('done'));
  });
  handler.on('connection', () => connections++);
  await new Promise<void>((resolve) => handler.listen(0, '127.0.0.1', resolve));
  stateDir = mkdtempSync(join(tmpdir(), 'scheduler-connections-'));
  server = await startLeanServer(await buildExampleWorker(), stateDir, API_TOKEN);
});

afterAll(async () => {
  await server?.stop();
  await new Promise((resolve) => handler?.close(resolve));
  rmSync(stateDir, { recursive: true, force: true });
});

const call = (method: string, path: string, body?: unknown) =>
  fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${API_TOKEN}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe("a handler task's requests to a real HTTP server", () => {
  it('reuse one kept-alive connection from run to run, rather than connecting anew each time', async () => {
    const port = (handler.address() as { port: number }).port;
    expect((await call('PUT', TASK, { frequency: { trigger: 'manual' }, timeout: { seconds: 10 }, handler: { url: `http://127.0.0.1:${port}/hook` } })).status).toBe(201);

    for (let run = 1; run <= 5; run++) {
      expect((await call('POST', `${TASK}/trigger`)).status).toBe(200);
      // The next trigger waits for this run's end, so runs follow each other as scheduled runs do.
      const deadline = Date.now() + 10_000;
      for (;;) {
        const runs = (await (await call('GET', `${TASK}/runs`)).json()) as { runs: unknown[] };
        if (runs.runs.length === run) break;
        if (Date.now() > deadline) throw new Error(`run ${run} was not recorded:\n${server.output().slice(-2_000)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }

    expect(requests).toBe(5);
    expect(connections).toBeLessThan(requests);
  });
});
