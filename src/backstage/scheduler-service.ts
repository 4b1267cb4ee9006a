import { InputError } from '../core/errors.ts';
import { toTaskSettings, type TaskScheduleDefinition } from '../core/schedule-definition.ts';
import type { TaskFunction, TaskHost } from '../core/task-host.ts';
import type { TaskSettings } from '../core/task-settings.ts';

export type { TaskFrequency, TaskScheduleDefinition, DurationInput } from '../core/schedule-definition.ts';
export type { HumanDuration } from '../core/duration.ts';

/** Backstage's `SchedulerServiceTaskFunction`. */
export type SchedulerServiceTaskFunction = TaskFunction;

/** Backstage's `SchedulerServiceTaskScheduleDefinition`. */
export type SchedulerServiceTaskScheduleDefinition = TaskScheduleDefinition;

/** Backstage's `SchedulerServiceTaskInvocationDefinition`. */
export interface SchedulerServiceTaskInvocationDefinition {
  /** Unique within the plugin. */
  id: string;
  fn: SchedulerServiceTaskFunction;
  /** Aborting it stops the task in this worker, and aborts its running run. */
  signal?: AbortSignal;
}

/** Backstage's `SchedulerServiceTaskDescriptor`. */
export interface SchedulerServiceTaskDescriptor {
  id: string;
  scope: 'global' | 'local';
  settings: TaskSettings;
}

/** Backstage's `SchedulerServiceTaskRunner`. */
export interface SchedulerServiceTaskRunner {
  run(task: SchedulerServiceTaskInvocationDefinition): Promise<void>;
}

/** Backstage's `SchedulerService`, as plugins receive it from `coreServices.scheduler`. */
export interface SchedulerService {
  scheduleTask(task: SchedulerServiceTaskScheduleDefinition & SchedulerServiceTaskInvocationDefinition): Promise<void>;
  createScheduledTaskRunner(schedule: SchedulerServiceTaskScheduleDefinition): SchedulerServiceTaskRunner;
  /** Runs a task now. NotFoundError if unknown, ConflictError if it is running. */
  triggerTask(id: string): Promise<void>;
  /** Aborts a task's running run. NotFoundError if unknown, ConflictError if it is not running. */
  cancelTask(id: string): Promise<void>;
  /** The tasks scheduled through this service instance. */
  getScheduledTasks(): Promise<SchedulerServiceTaskDescriptor[]>;
}

/** Builds the plugin-facing scheduler over a backend that stores and runs the tasks. */
export function createSchedulerService(host: TaskHost): SchedulerService {
  const descriptors = new Map<string, SchedulerServiceTaskDescriptor>();

  const service: SchedulerService = {
    async scheduleTask(task) {
      const settings = toTaskSettings(task.id, task);
      if (typeof task.fn !== 'function') throw new InputError(`Task '${task.id}' needs fn, a function`);
      const scope = task.scope ?? 'global';
      if (scope === 'local') {
        // TODO(#4): local tasks run in the caller's isolate; until then they are refused, not run globally.
        throw new InputError(`Task '${task.id}' has scope 'local', which this scheduler does not support yet`);
      }
      if (task.signal?.aborted) return;
      await host.registerTask(task.id, settings, task.fn);
      descriptors.set(task.id, { id: task.id, scope, settings });
      task.signal?.addEventListener('abort', () => {
        descriptors.delete(task.id);
        void host.unregisterTask(task.id);
      });
    },
    createScheduledTaskRunner(schedule) {
      return { run: (task) => service.scheduleTask({ ...task, ...schedule }) };
    },
    triggerTask: (id) => host.triggerTask(id),
    cancelTask: (id) => host.cancelTask(id),
    async getScheduledTasks() {
      return [...descriptors.values()];
    },
  };
  return service;
}
