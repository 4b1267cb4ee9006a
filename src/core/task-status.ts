import type { TaskHandler } from './task-handler.ts';
import type { TaskSource } from './task-row.ts';
import type { TaskSettings } from './task-settings.ts';
import { computeInitialWaitEnd } from './next-run.ts';
import type { TaskRow, WorkerContext } from './task-row.ts';
import type { TaskOverride } from './transitions/override.ts';

/** A task's state as the REST API reports it, with instants still in epoch milliseconds. */
export type TaskStatus =
  | { status: 'running'; startedAt: number; timesOutAt: number; lastRunEndedAt?: number; lastRunError?: string; paused?: true }
  | { status: 'idle'; startsAt?: number; lastRunEndedAt?: number; lastRunError?: string; paused?: true };

/** The worker's view of a task: waiting out its initial delay, running it here, or idle. */
export type WorkerStatus = { status: 'initial-wait' | 'running' | 'idle' };

/**
 * Describes a row as Backstage's `taskState`; optional fields are left out, not null. A paused
 * task carries `paused: true` (our addition) and no `startsAt`, since it will not start then.
 */
export function describeTaskStatus(row: TaskRow): TaskStatus {
  const last = {
    ...(row.lastRunEndedAt !== null && { lastRunEndedAt: row.lastRunEndedAt }),
    ...(row.lastRunError !== null && { lastRunError: row.lastRunError }),
    ...(row.isPaused && { paused: true as const }),
  };
  if (row.run) {
    return { status: 'running', startedAt: row.run.startedAt, timesOutAt: row.run.timesOutAt, ...last };
  }
  const startsAt = row.nextRunAt !== null && !row.isPaused ? { startsAt: row.nextRunAt } : {};
  return { status: 'idle', ...startsAt, ...last };
}

/** Describes this worker's relation to a task as Backstage's `workerState`. */
export function describeWorkerStatus(row: TaskRow, now: number, worker: WorkerContext): WorkerStatus {
  if (row.run && worker.liveTickets.has(row.run.ticket)) return { status: 'running' };
  if (computeInitialWaitEnd(row.settings, worker.startedAt) > now) return { status: 'initial-wait' };
  return { status: 'idle' };
}

/** A global task as the REST layer reports it, given this worker's relation to it. */
export function describeGlobalTask(row: TaskRow, workerState: WorkerStatus): TaskSnapshot {
  return {
    taskId: row.taskId,
    scope: 'global',
    settings: row.settings,
    taskState: describeTaskStatus(row),
    workerState,
    source: row.source,
    ...(row.handler && { handler: row.handler }),
    ...(row.override && { override: row.override }),
  };
}

/** One task as the object reports it to the REST layer. */
export interface TaskSnapshot {
  taskId: string;
  scope: 'global' | 'local';
  settings: TaskSettings;
  taskState: TaskStatus;
  workerState: WorkerStatus;
  /** Where the task is defined (our addition); absent for local tasks. */
  source?: TaskSource;
  /** The handler of a task defined over the API. */
  handler?: TaskHandler;
  /** A runtime override of a code task's settings (PATCH), with the code's own settings beneath it. */
  override?: TaskOverride;
}
