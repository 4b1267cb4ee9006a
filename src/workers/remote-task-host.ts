import { unwrap, type Outcome } from '../core/outcome.ts';
import type { TaskHost } from '../core/task-host.ts';

/** The calls a Worker isolate makes on a plugin's object for its global tasks. */
export interface RemoteTaskCalls {
  triggerTask(taskId: string): Promise<Outcome<void>>;
  cancelTask(taskId: string): Promise<Outcome<void>>;
}

/**
 * The host of global tasks in a Worker isolate, where the plugin's init also runs (for its local
 * tasks). The plugin's object registers its global tasks itself when it starts, so registering
 * here does nothing; trigger and cancel go to the object. `objectOf` is asked at each call, since
 * a stub belongs to the event that made it.
 */
export function createRemoteTaskHost(objectOf: () => RemoteTaskCalls): TaskHost {
  return {
    registerTask: async () => {},
    unregisterTask: async () => {},
    triggerTask: async (taskId) => unwrap(await objectOf().triggerTask(taskId)),
    cancelTask: async (taskId) => unwrap(await objectOf().cancelTask(taskId)),
  };
}
