import type { Outcome } from '../../src/core/outcome.ts';
import type { TaskHandler } from '../../src/core/task-handler.ts';
import type { RunRecord } from '../../src/core/task-row.ts';
import type { TaskSnapshot } from '../../src/core/task-status.ts';
import type { SchedulerApi } from '../../src/http/scheduler-directory.ts';
import { renderTaskList } from '../../src/http/task-response.ts';

/** One call the fake received, with the task it named. */
export interface FakeSchedulerCall {
  method: 'triggerTask' | 'cancelTask' | 'putTask' | 'putTasks' | 'deleteTask' | 'pauseTask' | 'resumeTask' | 'skipNext' | 'overrideTask' | 'clearOverride' | 'listRuns' | 'previewRuns';
  taskId: string;
  /** How many runs or due times a history or preview call asked for. */
  count?: number;
}

/** What the fake reports when asked to look back or ahead; it does not compute either. */
export interface FakeSchedulerHistory {
  /** Finished runs of any of its tasks, newest first. */
  runs?: RunRecord[];
  /** The due times and zone every task previews. */
  preview?: { times: number[]; timeZone: string };
}

/** An in-memory stand-in for a plugin's scheduler object that records what it was asked. */
export interface FakeSchedulerApi extends SchedulerApi {
  /** Every call that acts on a task, oldest first. */
  readonly calls: FakeSchedulerCall[];
}

/**
 * Creates a fake scheduler of `pluginId` holding `tasks`. It answers with the outcomes, and Backstage's wording,
 * of the real object: an unknown task does not exist, a running task cannot be triggered, and an
 * idle one cannot be cancelled. Only the HTTP unit tests use it; workerd tests use the real object.
 */
export function createFakeSchedulerApi(tasks: TaskSnapshot[] = [], history: FakeSchedulerHistory = {}, pluginId = 'catalog'): FakeSchedulerApi {
  const calls: FakeSchedulerCall[] = [];
  const find = (taskId: string) => tasks.find((task) => task.taskId === taskId);
  const notFound = (taskId: string) => ({ ok: false as const, error: { name: 'NotFoundError' as const, message: `Task ${taskId} does not exist` } });
  const existing = (taskId: string): Outcome<TaskSnapshot> => {
    const task = find(taskId);
    return task ? { ok: true, value: structuredClone(task) } : notFound(taskId);
  };
  const saved = (taskId: string, input: { settings: unknown; handler: unknown }): TaskSnapshot => ({
    taskId,
    scope: 'global',
    settings: input.settings as TaskSnapshot['settings'],
    taskState: { status: 'idle' },
    workerState: { status: 'idle' },
    source: 'api',
    handler: input.handler as TaskHandler,
  });
  return {
    calls,
    async listTasksJson() {
      return renderTaskList(pluginId, tasks);
    },
    async getTask(taskId) {
      return existing(taskId);
    },
    async countTasks() {
      return { code: tasks.filter((task) => task.source !== 'api').length, api: tasks.filter((task) => task.source === 'api').length };
    },
    async putTask(taskId, input) {
      calls.push({ method: 'putTask', taskId });
      return { ok: true, value: { task: saved(taskId, input), isNew: !find(taskId) } };
    },
    /** Records one call per task; it refuses nothing, as the object refuses what the route let through. */
    async putTasks(definitions) {
      calls.push(...definitions.map(({ taskId }) => ({ method: 'putTasks' as const, taskId })));
      return { ok: true, value: definitions.map(({ taskId, ...input }) => ({ task: saved(taskId, input), isNew: !find(taskId) })) };
    },
    async deleteTask(taskId) {
      calls.push({ method: 'deleteTask', taskId });
      return find(taskId) ? { ok: true, value: undefined } : notFound(taskId);
    },
    async pauseTask(taskId) {
      calls.push({ method: 'pauseTask', taskId });
      return existing(taskId);
    },
    async resumeTask(taskId) {
      calls.push({ method: 'resumeTask', taskId });
      return existing(taskId);
    },
    async skipNext(taskId) {
      calls.push({ method: 'skipNext', taskId });
      return existing(taskId);
    },
    async overrideTask(taskId) {
      calls.push({ method: 'overrideTask', taskId });
      return existing(taskId);
    },
    async clearOverride(taskId) {
      calls.push({ method: 'clearOverride', taskId });
      return existing(taskId);
    },
    async listRuns(taskId, limit) {
      calls.push({ method: 'listRuns', taskId, count: limit });
      const runs = (history.runs ?? []).filter((run) => run.taskId === taskId).slice(0, limit);
      return find(taskId) ? { ok: true, value: runs } : notFound(taskId);
    },
    async previewRuns(taskId, count) {
      calls.push({ method: 'previewRuns', taskId, count });
      const { times, timeZone } = history.preview ?? { times: [], timeZone: 'UTC' };
      return find(taskId) ? { ok: true, value: { times: times.slice(0, count), timeZone } } : notFound(taskId);
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
  return {
    listTasksJson: fail,
    getTask: fail,
    countTasks: fail,
    triggerTask: fail,
    cancelTask: fail,
    putTask: fail,
    putTasks: fail,
    deleteTask: fail,
    pauseTask: fail,
    resumeTask: fail,
    skipNext: fail,
    overrideTask: fail,
    clearOverride: fail,
    listRuns: fail,
    previewRuns: fail,
  };
}
