import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { tasksResponseSchema } from '../../src/http/schemas.ts';

// End-to-end: each example program runs in its own runtime and serves the README's curl commands.
// Each waits for the program's own "ready" line, with a generous bound for a cold start.

const READY_TIMEOUT_MS = 30_000;
const started: ChildProcess[] = [];

afterEach(() => {
  // npx starts the runtime as a grandchild, so the whole process group is ended.
  for (const child of started.splice(0)) process.kill(-child.pid!, 'SIGKILL');
});

async function aFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts a program and resolves once it prints `ready`. */
async function startProgram(command: string[], port: number, ready: RegExp): Promise<void> {
  const child = spawn('npx', command, { env: { ...process.env, PORT: String(port), DENO_NO_UPDATE_CHECK: '1' }, detached: true });
  started.push(child);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${command.join(' ')} exited with ${code}:\n${output}`)));
  });
}

async function listCatalogTasks(port: number) {
  const response = await fetch(`http://127.0.0.1:${port}/api/catalog/.backstage/scheduler/v1/tasks`, {
    headers: { Authorization: 'Bearer dev-token' },
  });
  return tasksResponseSchema.parse(await response.json()).tasks.map(({ taskId, scope }) => `${scope} ${taskId}`);
}

describe('the example programs', () => {
  it('serve the example plugins on Node', async () => {
    const port = await aFreePort();
    await startProgram(['tsx', 'examples/node.ts'], port, /Scheduler ready/);

    const tasks = await listCatalogTasks(port);

    expect(tasks).toEqual(['global refresh-entities', 'global reindex-search', 'local warm-cache']);
  }, READY_TIMEOUT_MS);

  it('serve the example plugins on Deno', async () => {
    const port = await aFreePort();
    await startProgram(['deno', 'run', '--allow-net', '--allow-env', '--allow-read', 'examples/deno.ts'], port, /Listening on/);

    const tasks = await listCatalogTasks(port);

    expect(tasks).toEqual(['global refresh-entities', 'global reindex-search', 'local warm-cache']);
  }, READY_TIMEOUT_MS);
});
