import type { TaskFunction } from '../task-host.ts';
import type { TaskRow } from '../task-row.ts';
import type { HandlerRunner } from './engine-ports.ts';

/** The functions that run this worker's tasks: the code its plugin registered, or an API task's handler. */
export class TaskFunctions {
  readonly #registered = new Map<string, TaskFunction>();

  constructor(private readonly runHandler: HandlerRunner | undefined) {}

  /** Keeps a task's code; tells whether it replaced code registered before. */
  register(taskId: string, fn: TaskFunction): boolean {
    const isReplaced = this.#registered.has(taskId);
    this.#registered.set(taskId, fn);
    return isReplaced;
  }

  forget(taskId: string): void {
    this.#registered.delete(taskId);
  }

  isRegistered(taskId: string): boolean {
    return this.#registered.has(taskId);
  }

  /** What runs `row`'s task for one run; a task whose code this worker lacks fails its run. */
  of(row: TaskRow, run: { pluginId: string; ticket: string; scheduledFor: number }): TaskFunction {
    const fn = row.handler ? this.runHandler?.(row, run) : this.#registered.get(row.taskId);
    return fn ?? missingFunction(row.taskId);
  }
}

/** A stand-in for a task whose code this worker does not have (a row left by older code). */
function missingFunction(taskId: string): TaskFunction {
  return () => {
    throw new Error(`Task ${taskId} has no code registered in this worker`);
  };
}
