/** The public API: build a scheduler Worker, and write plugins against Backstage's shapes. */
export * from './plugin-api.ts';
export { createScheduler, type CreateSchedulerOptions, type Scheduler, type SchedulerEnv } from './workers/create-scheduler.ts';
export type { PluginScheduler } from './durable/plugin-scheduler.ts';
export type { PluginIndex } from './durable/plugin-index.ts';
export { signRequest, signedPayload, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './runtime/request-signature.ts';
export type { TaskHandler } from './core/task-handler.ts';
