import * as z from 'zod';
import type { TaskPolicyState } from './policies/task-policies.ts';
import type { TaskHandler } from './task-handler.ts';
import type { TaskOverride } from './transitions/override.ts';
import type { TaskSettings } from './task-settings.ts';

/** What started a run: its schedule, a trigger, the recovery of a lost run, or a retry of a failed attempt. */
export const runCauseSchema = z.enum(['schedule', 'trigger', 'recovery', 'retry']);

export type RunCause = z.infer<typeof runCauseSchema>;

/** How a run ended; `skipped` records an occurrence a policy decided not to run. */
export const runOutcomeSchema = z.enum(['succeeded', 'failed', 'timed-out', 'cancelled', 'lost', 'skipped']);

export type RunOutcome = z.infer<typeof runOutcomeSchema>;

/** Where a task is defined: in a plugin's code, or over the management API. */
export const taskSourceSchema = z.enum(['code', 'api']);

export type TaskSource = z.infer<typeof taskSourceSchema>;

/** The lease a claimed run holds. Only the holder of `ticket` may release it. */
export interface RunLease {
  ticket: string;
  cause: RunCause;
  /** The nominal due time the run was claimed for; lateness is `startedAt - scheduledFor`. */
  scheduledFor: number;
  startedAt: number;
  timesOutAt: number;
}

/** A global task's persisted state. Instants are epoch milliseconds. */
export interface TaskRow {
  taskId: string;
  settings: TaskSettings;
  /** When the task is next due; null for manual tasks. While a run holds the lease it keeps the due time the run was claimed for. */
  nextRunAt: number | null;
  run: RunLease | null;
  lastRunEndedAt: number | null;
  /** JSON of `{ name, message }`, as Backstage records it; null after a successful run. */
  lastRunError: string | null;
  source: TaskSource;
  /** How an API-defined task runs; null for code tasks, whose function lives in the worker. */
  handler: TaskHandler | null;
  /** A paused task never starts on its own, but can still be triggered. */
  isPaused: boolean;
  /** What the task's schedule policies remember between runs; absent when they remember nothing. */
  policyState?: TaskPolicyState;
  /** A runtime change to a code task's settings, which `settings` already includes; absent without one. */
  override?: TaskOverride;
}

/** One finished run, as the run history keeps it; instants are epoch milliseconds. */
export const runRecordSchema = z.object({
  taskId: z.string(),
  ticket: z.string(),
  cause: runCauseSchema,
  scheduledFor: z.number(),
  startedAt: z.number(),
  endedAt: z.number(),
  outcome: runOutcomeSchema,
  /** The serialised error, or null when the run succeeded. */
  error: z.string().nullable(),
});

export type RunRecord = z.infer<typeof runRecordSchema>;

/** The history record of a leased run that ends now. */
export function recordRunEnd(
  taskId: string,
  lease: RunLease,
  endedAt: number,
  outcome: RunOutcome,
  error: string | null,
): RunRecord {
  const { ticket, cause, scheduledFor, startedAt } = lease;
  return { taskId, ticket, cause, scheduledFor, startedAt, endedAt, outcome, error };
}

/** What the object knows about its own process: when it started, and which runs it is executing. */
export interface WorkerContext {
  startedAt: number;
  liveTickets: ReadonlySet<string>;
}
