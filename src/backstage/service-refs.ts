import type { Logger } from '../core/logger.ts';
import type { SchedulerService } from './scheduler-service.ts';

/** A typed key for a service a plugin can ask for in `registerInit({ deps })`. */
export interface ServiceRef<T> {
  readonly id: string;
  /** Never set; carries the service's type for inference. */
  readonly T?: T;
}

function createServiceRef<T>(id: string): ServiceRef<T> {
  return { id };
}

/** The plugin's identity, as Backstage's `coreServices.pluginMetadata` gives it. */
export interface PluginMetadataService {
  getId(): string;
}

/**
 * The services plugins can depend on: Backstage's `scheduler`, `logger` and `pluginMetadata`,
 * plus `env`, the Worker's bindings, which a task on Workers needs to reach anything.
 */
export const coreServices = {
  scheduler: createServiceRef<SchedulerService>('core.scheduler'),
  logger: createServiceRef<Logger>('core.logger'),
  pluginMetadata: createServiceRef<PluginMetadataService>('core.pluginMetadata'),
  env: createServiceRef<Record<string, unknown>>('core.env'),
} as const;
