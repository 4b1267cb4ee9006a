import { InputError } from '../core/errors.ts';
import { toTaskSettings, type TaskScheduleDefinition } from '../core/schedule-definition.ts';
import type { TaskScope } from '../core/schedule-definition-schema.ts';
import type { TaskFunction, TaskHost } from '../core/task-host.ts';
import type { TaskSettings } from '../core/task-settings.ts';
import { createSkippedScopeHost } from './skipped-scope-host.ts';

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
  scope: TaskScope;
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

/**
 * Builds the plugin-facing scheduler over the backends that run its tasks: `globalHost` for
 * global tasks, `localHost` for local ones. Where one scope runs elsewhere, its host says so: the
 * Durable Object skips local tasks, and a Worker isolate leaves global tasks to the object.
 */
export function createSchedulerService(globalHost: TaskHost, localHost: TaskHost = createSkippedScopeHost()): SchedulerService {
  const descriptors = new Map<string, SchedulerServiceTaskDescriptor>();
  const hostOf = (scope: TaskScope) => (scope === 'local' ? localHost : globalHost);

  const service: SchedulerService = {
    async scheduleTask(task) {
      // Local definitions are validated exactly as global ones, where Backstage accepts any (backstage#30980).
      const settings = toTaskSettings(task.id, task);
      if (typeof task.fn !== 'function') throw new InputError(`Task '${task.id}' needs fn, a function`);
      // Plugin code expects its task never to overlap itself, as Backstage promises.
      if (settings.overlap === 'allow') throw new InputError(`Task '${task.id}': overlap 'allow' applies only to tasks defined over the API`);
      const scope = task.scope ?? 'global';
      if (task.signal?.aborted) return;
      await hostOf(scope).registerTask(task.id, settings, task.fn);
      descriptors.set(task.id, { id: task.id, scope, settings });
      task.signal?.addEventListener('abort', () => {
        descriptors.delete(task.id);
        void hostOf(scope).unregisterTask(task.id);
      });
    },
    createScheduledTaskRunner(schedule) {
      return { run: (task) => service.scheduleTask({ ...task, ...schedule }) };
    },
    triggerTask: (id) => hostOf(descriptors.get(id)?.scope ?? 'global').triggerTask(id),
    cancelTask: (id) => hostOf(descriptors.get(id)?.scope ?? 'global').cancelTask(id),
    async getScheduledTasks() {
      return [...descriptors.values()];
    },
  };
  return service;
}
