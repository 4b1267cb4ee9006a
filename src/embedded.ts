/** The entry for Node and Deno: an in-process scheduler with the Worker's plugin API and REST API. */
export * from './plugin-api.ts';
export {
  createEmbeddedScheduler,
  type EmbeddedEnv,
  type EmbeddedScheduler,
  type EmbeddedSchedulerOptions,
} from './embedded/create-embedded-scheduler.ts';
