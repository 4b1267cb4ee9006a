/**
 * The runtime-neutral plugin API: what a plugin imports to run unchanged on Workers
 * (`src/index.ts`), Node and Deno (`src/embedded.ts`). Nothing here imports `cloudflare:*`.
 */
export { createBackendPlugin, type BackendPlugin } from './backstage/backend-plugin.ts';
export { coreServices, type PluginMetadataService, type ServiceRef } from './backstage/service-refs.ts';
export type {
  SchedulerService,
  SchedulerServiceTaskDescriptor,
  SchedulerServiceTaskFunction,
  SchedulerServiceTaskInvocationDefinition,
  SchedulerServiceTaskRunner,
  SchedulerServiceTaskScheduleDefinition,
  TaskFrequency,
  DurationInput,
  HumanDuration,
} from './backstage/scheduler-service.ts';
export type { Logger } from './core/logger.ts';
export type { Clock } from './core/clock.ts';
export type { Timer } from './core/timer.ts';
export type { TaskSettings } from './core/task-settings.ts';
export { SchedulerError, InputError, AuthenticationError, NotFoundError, ConflictError } from './core/errors.ts';
