import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findFreePort } from '../support/lean-server.ts';

const REPO_ROOT = join(import.meta.dirname, '../..');

/** Every process below `rootPid` with its command line, read from /proc. */
function processesBelow(rootPid: number): { pid: number; command: string }[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name may hold spaces; the parent pid is the second field after it.
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // The process ended while we looked.
    }
  }
  const below = (pid: number): number[] => [...parentOf].filter(([, parent]) => parent === pid).flatMap(([child]) => [child, ...below(child)]);
  return below(rootPid).map((pid) => {
    try {
      return { pid, command: readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ') };
    } catch {
      return { pid, command: '' };
    }
  });
}

describe('npm start', () => {
  it('serves the example plugins on workerd alone, with no wrangler dev in its process tree, and stops on SIGINT', async () => {
    const port = await findFreePort();
    const stateDir = mkdtempSync(join(tmpdir(), 'scheduler-npm-start-'));
    const start = spawn(process.execPath, [join(REPO_ROOT, 'scripts/start.mjs')], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PORT: String(port), STATE_DIR: stateDir, NO_COLOR: '1' },
    });
    let output = '';
    start.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    start.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => start.once('exit', (code) => resolve(code)));
    let workerdPid: number | undefined;
    try {
      const deadline = Date.now() + 90_000;
      while (!output.includes('Scheduler ready')) {
        if (Date.now() > deadline || start.exitCode !== null) throw new Error(`npm start did not get ready:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }

      const tree = processesBelow(start.pid!).map(({ command }) => command);
      workerdPid = processesBelow(start.pid!).find(({ command }) => command.includes('workerd serve'))?.pid;
      const response = await fetch(`http://127.0.0.1:${port}/api/catalog/.backstage/scheduler/v1/tasks`, { headers: { Authorization: 'Bearer dev-token' } });
      const body = (await response.json()) as { tasks: { taskId: string }[] };

      expect(workerdPid).toBeDefined();
      expect(tree.filter((command) => /wrangler|esbuild|miniflare/.test(command))).toEqual([]);
      expect(response.status).toBe(200);
      expect(body.tasks.map((task) => task.taskId)).toEqual(expect.arrayContaining(['refresh-entities', 'reindex-search', 'warm-cache']));
    } finally {
      start.kill('SIGINT');
      await exited;
      rmSync(stateDir, { recursive: true, force: true });
    }
    // workerd went with it, rather than being left behind as an orphan.
    expect(existsSync(`/proc/${workerdPid}`)).toBe(false);
  });
});
