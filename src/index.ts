/** The public API: build a scheduler Worker, and write plugins against Backstage's shapes. */
export { createScheduler, type CreateSchedulerOptions, type Scheduler, type SchedulerEnv } from './workers/create-scheduler.ts';
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
export type { TaskSettings } from './core/task-settings.ts';
export {
  SchedulerError,
  InputError,
  AuthenticationError,
  NotFoundError,
  ConflictError,
} from './core/errors.ts';
export type { PluginScheduler } from './durable/plugin-scheduler.ts';
export type { PluginIndex } from './durable/plugin-index.ts';
export { signRequest, signedPayload, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './runtime/request-signature.ts';
export type { TaskHandler } from './core/task-handler.ts';
