import { NotFoundError } from '../core/errors.ts';
import type { TaskHost } from '../core/task-host.ts';

/**
 * The host of local tasks inside a plugin's Durable Object, which never runs them: they run in
 * the Worker isolates that registered them. Registering is a no-op, and a trigger or cancel from
 * code running in the object says where the task runs.
 */
export function createSkippedScopeHost(): TaskHost {
  const refuse = async (taskId: string): Promise<never> => {
    throw new NotFoundError(`Task ${taskId} is local: it runs in each Worker isolate, not in the plugin's Durable Object`);
  };
  return {
    registerTask: async () => {},
    unregisterTask: async () => {},
    triggerTask: refuse,
    cancelTask: refuse,
  };
}
