import type { Outcome } from './outcome.ts';
import type { ApiTaskDefinition } from './task-batch.ts';
import type { RunRecord } from './task-row.ts';
import type { TaskSnapshot } from './task-status.ts';

/**
 * The calls the REST layer makes on a plugin's scheduler: the Durable Object's RPC surface
 * `implements` it, so the compiler checks the contract; the in-process backend builds one.
 */
export interface SchedulerApi {
  /** The tasks as the JSON array text `GET .../tasks` answers with (each as `renderTask` writes it). */
  listTasksJson(): Promise<string>;
  getTask(taskId: string): Promise<Outcome<TaskSnapshot>>;
  countTasks(): Promise<{ code: number; api: number }>;
  triggerTask(taskId: string): Promise<Outcome<void>>;
  cancelTask(taskId: string): Promise<Outcome<void>>;
  putTask(taskId: string, input: { settings: unknown; handler: unknown }): Promise<Outcome<{ task: TaskSnapshot; isNew: boolean }>>;
  /** Defines many API tasks at once, all or none; the results follow the definitions' order. */
  putTasks(definitions: readonly ApiTaskDefinition[]): Promise<Outcome<Array<{ task: TaskSnapshot; isNew: boolean }>>>;
  deleteTask(taskId: string): Promise<Outcome<void>>;
  pauseTask(taskId: string): Promise<Outcome<TaskSnapshot>>;
  resumeTask(taskId: string): Promise<Outcome<TaskSnapshot>>;
  /** Passes over a task's next occurrence, recorded as skipped. */
  skipNext(taskId: string): Promise<Outcome<TaskSnapshot>>;
  /** Overrides some settings (stored form) of a task defined in code; it outlives deployments. */
  overrideTask(taskId: string, override: unknown): Promise<Outcome<TaskSnapshot>>;
  /** Returns a code task to its code's settings. */
  clearOverride(taskId: string): Promise<Outcome<TaskSnapshot>>;
  listRuns(taskId: string, limit: number): Promise<Outcome<RunRecord[]>>;
  previewRuns(taskId: string, count: number): Promise<Outcome<{ times: number[]; timeZone: string }>>;
}
