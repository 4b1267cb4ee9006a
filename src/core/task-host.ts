import type { TaskSettings } from './task-settings.ts';

/** A task's code: it gets a signal that aborts at the timeout or on cancel. */
export type TaskFunction = ((signal: AbortSignal) => void | Promise<void>) | (() => void | Promise<void>);

/**
 * What a scheduler backend offers the plugin API: the Durable Object or the in-process
 * scheduler for global tasks, a LocalTaskWorker for local ones. Settings arrive already
 * validated; trigger and cancel throw SchedulerErrors to refuse.
 */
export interface TaskHost {
  registerTask(taskId: string, settings: TaskSettings, fn: TaskFunction): Promise<void>;
  /** Stops running a task in this worker and forgets it until it is registered again. */
  unregisterTask(taskId: string): Promise<void>;
  triggerTask(taskId: string): Promise<void>;
  cancelTask(taskId: string): Promise<void>;
}
