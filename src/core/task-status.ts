import * as z from 'zod';
import { activeRunsOf } from './policies/concurrent-runs.ts';
import { computeInitialWaitEnd } from './next-run.ts';
import { taskScopeSchema } from './schedule-definition-schema.ts';
import { taskHandlerSchema } from './task-handler.ts';
import { type TaskRow, taskSourceSchema, type WorkerContext } from './task-row.ts';
import { settingsOverrideSchema, taskSettingsSchema } from './task-settings.ts';

/**
 * Backstage's `taskState`, with instants written as `instant`: epoch milliseconds here, ISO-8601
 * in the REST API (`taskStateSchema`). `paused` and `stale` are our additions.
 */
export function taskStateSchemaOf<Instant extends z.ZodType>(instant: Instant) {
  const last = {
    lastRunError: z.string().optional(),
    lastRunEndedAt: instant.optional(),
    paused: z.literal(true).optional(),
    stale: z.literal(true).optional(),
  };
  return z.discriminatedUnion('status', [
    z.strictObject({ status: z.literal('running'), startedAt: instant, timesOutAt: instant, ...last }),
    z.strictObject({ status: z.literal('idle'), startsAt: instant.optional(), ...last }),
  ]);
}

/** A task's state as the REST API reports it, with instants still in epoch milliseconds. */
export const taskStatusSchema = taskStateSchemaOf(z.number());

export type TaskStatus = z.infer<typeof taskStatusSchema>;

/** The worker's view of a task, Backstage's `workerState`: waiting out its initial delay, running it here, or idle. */
export const workerStatusSchema = z.strictObject({ status: z.enum(['initial-wait', 'running', 'idle']) });

export type WorkerStatus = z.infer<typeof workerStatusSchema>;

/**
 * A runtime override of a code task's settings (PATCH, backstage#32754): what it replaces, the
 * code's own settings beneath it, and when it was set, written as `instant`.
 */
export function taskOverrideSchemaOf<Instant extends z.ZodType>(instant: Instant) {
  return z.strictObject({ setAt: instant, settings: settingsOverrideSchema, codeSettings: taskSettingsSchema });
}

/** A runtime override as the row keeps it, `setAt` in epoch milliseconds. */
export const taskOverrideSchema = taskOverrideSchemaOf(z.number());

/**
 * One task as the object reports it, with its state and override written as the given schemas
 * write them (epoch ms in core, ISO-8601 in the REST API); the REST API adds the plugin's id.
 */
export function taskSnapshotSchemaOf<State extends z.ZodType, Override extends z.ZodType>(taskState: State, override: Override) {
  return z.strictObject({
    taskId: z.string(),
    scope: taskScopeSchema,
    settings: taskSettingsSchema,
    taskState,
    workerState: workerStatusSchema,
    /** Where the task is defined (our addition); absent for local tasks. */
    source: taskSourceSchema.optional(),
    /** The handler of a task defined over the API. */
    handler: taskHandlerSchema.optional(),
    /** A runtime override of a code task's settings, with the code's own settings beneath it. */
    override: override.optional(),
  });
}

/** One task as the object reports it to the REST layer, with instants in epoch milliseconds. */
export const taskSnapshotSchema = taskSnapshotSchemaOf(taskStatusSchema, taskOverrideSchema);

export type TaskSnapshot = z.infer<typeof taskSnapshotSchema>;

/**
 * Describes a row as Backstage's `taskState`; optional fields are left out, not null. A paused
 * task carries `paused: true` (our addition) and no `startsAt`, since it will not start then. An
 * `allow` task with runs going on is running, as its newest run shows.
 */
export function describeTaskStatus(row: TaskRow): TaskStatus {
  const last = {
    ...(row.lastRunEndedAt !== null && { lastRunEndedAt: row.lastRunEndedAt }),
    ...(row.lastRunError !== null && { lastRunError: row.lastRunError }),
    ...(row.isPaused && { paused: true as const }),
    // A task with `staleAfter` that had no successful run within it (our addition).
    ...(row.policyState?.isStale && { stale: true as const }),
  };
  // The newest run stands for the task; an `allow` task's concurrent runs are oldest first.
  const run = row.run ?? row.policyState?.concurrentRuns?.at(-1);
  if (run) return { status: 'running', startedAt: run.startedAt, timesOutAt: run.timesOutAt, ...last };
  const startsAt = row.nextRunAt !== null && !row.isPaused ? { startsAt: row.nextRunAt } : {};
  return { status: 'idle', ...startsAt, ...last };
}

/** Describes this worker's relation to a task as Backstage's `workerState`. */
export function describeWorkerStatus(row: TaskRow, now: number, worker: WorkerContext): WorkerStatus {
  if (activeRunsOf(row).some((run) => worker.liveTickets.has(run.ticket))) return { status: 'running' };
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
