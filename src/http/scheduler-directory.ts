import type { Outcome } from '../core/outcome.ts';
import type { TaskSnapshot } from '../core/task-status.ts';

/** The calls the REST layer makes on a plugin's scheduler object. */
export interface SchedulerApi {
  listTasks(): Promise<TaskSnapshot[]>;
  triggerTask(taskId: string): Promise<Outcome<void>>;
  cancelTask(taskId: string): Promise<Outcome<void>>;
}

/** Finds a plugin's scheduler. Unknown plugins get none, so no storage is created for them. */
export interface SchedulerDirectory<Env> {
  find(env: Env, pluginId: string): SchedulerApi | undefined;
}
