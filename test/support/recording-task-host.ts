import type { TaskFunction, TaskHost } from '../../src/core/task-host.ts';
import type { TaskSettings } from '../../src/core/task-settings.ts';

/** A TaskHost that records what the plugin API asks of it, for unit tests of that API. */
export interface RecordingTaskHost extends TaskHost {
  registered: Map<string, { settings: TaskSettings; fn: TaskFunction }>;
  calls: string[];
}

/** Creates an empty recording host. */
export function aRecordingTaskHost(): RecordingTaskHost {
  const registered = new Map<string, { settings: TaskSettings; fn: TaskFunction }>();
  const calls: string[] = [];
  return {
    registered,
    calls,
    async registerTask(taskId, settings, fn) {
      calls.push(`register ${taskId}`);
      registered.set(taskId, { settings, fn });
    },
    async unregisterTask(taskId) {
      calls.push(`unregister ${taskId}`);
      registered.delete(taskId);
    },
    async triggerTask(taskId) {
      calls.push(`trigger ${taskId}`);
    },
    async cancelTask(taskId) {
      calls.push(`cancel ${taskId}`);
    },
  };
}
