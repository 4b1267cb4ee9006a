import { NotFoundError } from '../core/errors.ts';
import type { Outcome } from '../core/outcome.ts';
import type { ApiTaskDefinition } from '../core/task-batch.ts';
import type { RunRecord } from '../core/task-row.ts';
import type { TaskSnapshot } from '../core/task-status.ts';

/** The calls the REST layer makes on a plugin's scheduler object. */
export interface SchedulerApi {
  listTasks(): Promise<TaskSnapshot[]>;
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
  listRuns(taskId: string, limit: number): Promise<Outcome<RunRecord[]>>;
  previewRuns(taskId: string, count: number): Promise<Outcome<{ times: number[]; timeZone: string }>>;
}

/** Finds plugins' schedulers. */
export interface SchedulerDirectory<Env> {
  /** The scheduler of a plugin that has tasks; undefined for any other, so no storage is created for it. */
  find(env: Env, pluginId: string): Promise<SchedulerApi | undefined>;
  /** The scheduler of any plugin, created if need be: where tasks are defined over the API. */
  open(env: Env, pluginId: string): SchedulerApi;
  /** The plugins that have tasks, from code and from the API. */
  listPluginIds(env: Env): Promise<string[]>;
}

/** The scheduler of a plugin that has tasks, or NotFoundError naming the task asked for. */
export async function findSchedulerOfTask<Env>(directory: SchedulerDirectory<Env>, env: Env, pluginId: string, taskId: string): Promise<SchedulerApi> {
  const scheduler = await directory.find(env, pluginId);
  if (!scheduler) throw new NotFoundError(`Task ${taskId} does not exist`);
  return scheduler;
}
