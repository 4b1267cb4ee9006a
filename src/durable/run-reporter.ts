import type { Logger } from '../core/logger.ts';
import { RUN_SKIPPED_METRIC, type RunTelemetry } from '../core/run-telemetry.ts';
import { logRunTelemetry } from '../core/run-telemetry-log.ts';

/** The optional Workers Analytics Engine binding that run telemetry is written to. */
export const ANALYTICS_BINDING = 'SCHEDULER_ANALYTICS';

/** The part of an Analytics Engine dataset the reporter uses. */
export interface AnalyticsDataset {
  writeDataPoint(point: { indexes: string[]; blobs: string[]; doubles: number[] }): void;
}

/**
 * The columns of one data point, in order, so queries can name them: `blob1` is the event,
 * `double2` the duration in seconds, and so on. The index (the sampling key) is the plugin id.
 */
export const ANALYTICS_COLUMNS = {
  blobs: ['event', 'result', 'outcome', 'pluginId', 'taskId', 'scope', 'trigger', 'runId', 'durationBucket'],
  doubles: ['count', 'durationSeconds', 'latenessSeconds'],
} as const;

/** Lays a run's telemetry out as one Analytics Engine data point, in the order of `ANALYTICS_COLUMNS`. */
export function toDataPoint(telemetry: RunTelemetry): { indexes: string[]; blobs: string[]; doubles: number[] } {
  const { fields } = telemetry;
  const bucket = telemetry.metrics.find((sample) => sample.bucket !== undefined)?.bucket ?? '';
  // One point stands for every occurrence a decision skipped.
  const count = telemetry.metrics.find((sample) => sample.name === RUN_SKIPPED_METRIC)?.value ?? 1;
  return {
    indexes: [fields.pluginId],
    blobs: [telemetry.event, fields.result, fields.outcome, fields.pluginId, fields.taskId, fields.scope, fields.trigger, fields.runId, bucket],
    doubles: [count, (fields.durationMs ?? 0) / 1000, fields.latenessMs / 1000],
  };
}

/** The Analytics Engine binding, when the Worker has one. */
function datasetOf(env: Record<string, unknown>): AnalyticsDataset | undefined {
  const binding = env[ANALYTICS_BINDING] as Partial<AnalyticsDataset> | undefined;
  return typeof binding?.writeDataPoint === 'function' ? (binding as AnalyticsDataset) : undefined;
}

/**
 * Emits a run's telemetry: one JSON log line at its level, with its metrics, and one data point
 * when an Analytics Engine binding is configured. Telemetry never fails a run: a refused write is
 * logged as a warning.
 */
export function reportRun(logger: Logger, env: Record<string, unknown>, telemetry: RunTelemetry): void {
  logRunTelemetry(logger, telemetry);
  const dataset = datasetOf(env);
  if (!dataset) return;
  try {
    dataset.writeDataPoint(toDataPoint(telemetry));
  } catch (error) {
    logger.warn('Could not write run telemetry to Analytics Engine', { error: String(error) });
  }
}
