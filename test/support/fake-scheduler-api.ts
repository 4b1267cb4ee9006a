import type { Outcome } from '../../src/core/outcome.ts';
import type { TaskSnapshot } from '../../src/core/task-status.ts';
import type { SchedulerApi } from '../../src/http/scheduler-directory.ts';

/** One trigger or cancel call the fake received. */
export interface FakeSchedulerCall {
  method: 'triggerTask' | 'cancelTask';
  taskId: string;
}

/** An in-memory stand-in for a plugin's scheduler object that records what it was asked. */
export interface FakeSchedulerApi extends SchedulerApi {
  /** Every trigger and cancel call, oldest first. */
  readonly calls: FakeSchedulerCall[];
}

/**
 * Creates a fake scheduler holding `tasks`. It answers with the outcomes, and Backstage's wording,
 * of the real object: an unknown task does not exist, a running task cannot be triggered, and an
 * idle one cannot be cancelled. Only the HTTP unit tests use it; workerd tests use the real object.
 */
export function createFakeSchedulerApi(tasks: TaskSnapshot[] = []): FakeSchedulerApi {
  const calls: FakeSchedulerCall[] = [];
  const find = (taskId: string) => tasks.find((task) => task.taskId === taskId);
  return {
    calls,
    async listTasks() {
      return structuredClone(tasks);
    },
    async triggerTask(taskId): Promise<Outcome<void>> {
      calls.push({ method: 'triggerTask', taskId });
      const task = find(taskId);
      if (!task) return { ok: false, error: { name: 'NotFoundError', message: `Task ${taskId} does not exist` } };
      if (task.taskState.status === 'running') {
        return { ok: false, error: { name: 'ConflictError', message: `Task ${taskId} is currently running` } };
      }
      return { ok: true, value: undefined };
    },
    async cancelTask(taskId): Promise<Outcome<void>> {
      calls.push({ method: 'cancelTask', taskId });
      const task = find(taskId);
      if (!task) return { ok: false, error: { name: 'NotFoundError', message: `Task ${taskId} does not exist` } };
      if (task.taskState.status !== 'running') {
        return { ok: false, error: { name: 'ConflictError', message: `Task ${taskId} is not running` } };
      }
      return { ok: true, value: undefined };
    },
  };
}

/** Creates a scheduler whose every call throws `error`, as a bug in the object would. */
export function createBrokenSchedulerApi(error: Error): SchedulerApi {
  const fail = async (): Promise<never> => {
    throw error;
  };
  return { listTasks: fail, triggerTask: fail, cancelTask: fail };
}
