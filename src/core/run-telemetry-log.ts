import type { Logger } from './logger.ts';
import type { RunTelemetry } from './run-telemetry.ts';

/** Writes a run's telemetry as one log line at its level, its metrics among the fields. */
export function logRunTelemetry(logger: Logger, telemetry: RunTelemetry): void {
  const metrics = Object.fromEntries(telemetry.metrics.map((sample) => [sample.name, sample.value]));
  logger[telemetry.level](telemetry.message, { ...telemetry.fields, metrics });
}
