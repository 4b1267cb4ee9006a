import type { TaskSettings } from './task-settings.ts';

/** The lease a claimed run holds. Only the holder of `ticket` may release it. */
export interface RunLease {
  ticket: string;
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
}

/** What the object knows about its own process: when it started, and which runs it is executing. */
export interface WorkerContext {
  startedAt: number;
  liveTickets: ReadonlySet<string>;
}
