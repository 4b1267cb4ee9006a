import { runInDurableObject } from 'cloudflare:test';
import type { PluginScheduler } from '../../src/durable/plugin-scheduler.ts';
import { TaskStore } from '../../src/durable/task-store.ts';
import { schedulerOf } from './scheduler-harness.ts';

/** The message of every write the injected fault refuses. */
export const REFUSED_WRITE = 'injected: storage refused the write';

/**
 * Makes the plugin's SQLite refuse the inserts into `table` that match `when` (a condition on
 * NEW), with the real SQLite error a trigger raises, as a full or failing disk would. Task rows
 * are upserted, and an upsert fires the insert trigger first, so this catches updates of them too.
 * Returns the cure.
 */
export async function refuseWrites(pluginId: string, table: 'tasks' | 'task_runs', when = '1'): Promise<() => Promise<void>> {
  const name = `refuse_${table}`;
  await runInDurableObject(schedulerOf(pluginId), (_instance, state) => {
    state.storage.sql.exec(`CREATE TRIGGER ${name} BEFORE INSERT ON ${table} WHEN ${when} BEGIN SELECT RAISE(ABORT, '${REFUSED_WRITE}'); END`);
  });
  return () =>
    runInDurableObject(schedulerOf(pluginId), (_instance, state) => {
      state.storage.sql.exec(`DROP TRIGGER ${name}`);
    });
}

/**
 * Runs `act` inside the plugin's object, then resets the object in that same turn with
 * `ctx.abort()`, before anything `act` wrote is confirmed, as a crash would. Returns the lease
 * `act` left in the task's row just before the reset; the reset's own error is expected.
 */
export async function abortRightAfter(
  pluginId: string,
  taskId: string,
  act: (instance: PluginScheduler, state: DurableObjectState) => Promise<void> | void,
): Promise<{ leaseBeforeAbort: string | null }> {
  let leaseBeforeAbort: string | null = null;
  // Console output written in a turn that is then aborted never reaches vitest-pool-workers
  // 0.15.1, and a failing test afterwards hangs its report; so the turn's output is held and
  // printed once the reset is over.
  const held = holdConsoleOutput();
  try {
    await runInDurableObject(schedulerOf(pluginId), async (instance, state) => {
      // Awaited only if asynchronous: an await would give queued microtasks, such as the start of
      // a run just claimed, a turn before the reset.
      // The stub's type widens the instance to any Durable Object; it is the plugin's scheduler.
      const pending = act(instance as unknown as PluginScheduler, state);
      if (pending) await pending;
      leaseBeforeAbort = new TaskStore(state.storage.sql).readTask(taskId)?.run?.ticket ?? null;
      state.abort(RESET);
    });
  } catch (error) {
    if (!String(error).includes(RESET)) throw error;
  } finally {
    held.release();
  }
  return { leaseBeforeAbort };
}

const RESET = 'injected: the object was reset';
const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const;

function holdConsoleOutput(): { release(): void } {
  const originals = CONSOLE_METHODS.map((method) => [method, console[method]] as const);
  const lines: Array<[(typeof CONSOLE_METHODS)[number], unknown[]]> = [];
  for (const method of CONSOLE_METHODS) console[method] = (...args: unknown[]) => void lines.push([method, args]);
  return {
    release() {
      for (const [method, original] of originals) console[method] = original;
      for (const [method, args] of lines) console[method]('(written in the turn that was reset)', ...args);
    },
  };
}

/**
 * Waits, microtask by microtask, until the object has written the task's release. The release
 * happens a few microtasks after the run's function returns; no macrotask is allowed to pass, so
 * the write is not yet confirmed when this resolves.
 */
export async function untilReleaseIsWritten(state: DurableObjectState, taskId: string): Promise<void> {
  const store = new TaskStore(state.storage.sql);
  for (let tick = 0; tick < 100; tick++) {
    if (store.readTask(taskId)?.run === null) return;
    await Promise.resolve();
  }
  throw new Error(`The release of ${taskId} was not written within 100 microtasks`);
}
