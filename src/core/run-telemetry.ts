import type { RunCause, RunLease, RunOutcome, RunRecord } from './task-row.ts';

/** Backstage's counter of runs, labelled `taskId`, `scope` and `result`. */
export const RUN_COUNT_METRIC = 'backend_tasks.task.runs.count';

/** Backstage's histogram of run durations, in seconds, labelled like the counter. */
export const RUN_DURATION_METRIC = 'backend_tasks.task.runs.duration';

/** Our addition: how long after its nominal due time a run started, in seconds. */
export const RUN_LATENESS_METRIC = 'backend_tasks.task.runs.lateness';

/** Our addition: occurrences a schedule policy passed over (missed runs, skip-next), labelled `result: skipped`. */
export const RUN_SKIPPED_METRIC = 'backend_tasks.task.runs.skipped';

/**
 * The duration histogram's bucket bounds in seconds: Backstage's second-scale bounds, which
 * replaced OpenTelemetry's millisecond defaults that crammed every task into the first buckets.
 */
export const RUN_DURATION_BUCKETS_SECONDS = [0.1, 0.5, 1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600] as const;

/** Backstage's `result` label: a run is counted once when it starts and once when it ends. */
export type RunResult = 'started' | 'completed' | 'failed' | 'skipped';

/** Whose run it is. */
export interface RunSubject {
  pluginId: string;
  scope: 'global' | 'local';
}

/** One observation of one metric, with Backstage's labels. */
export interface MetricSample {
  name: typeof RUN_COUNT_METRIC | typeof RUN_DURATION_METRIC | typeof RUN_LATENESS_METRIC | typeof RUN_SKIPPED_METRIC;
  value: number;
  labels: { taskId: string; scope: 'global' | 'local'; result: RunResult };
  /** Histograms only: the upper bound of the bucket the value falls in, `+Inf` past the last. */
  bucket?: string;
}

/** The fields of a run's log line. Nothing here comes from settings, handlers or the environment, so no secret can. */
export interface RunLogFields {
  pluginId: string;
  taskId: string;
  runId: string;
  scope: 'global' | 'local';
  trigger: RunCause;
  outcome: 'started' | RunOutcome;
  result: RunResult;
  /** End lines only. */
  durationMs?: number;
  latenessMs: number;
  /** End lines of runs that did not succeed: the error's name and message, credentials masked. */
  error?: string;
}

/** What a run's start or end records: one log line and its metric samples. */
export interface RunTelemetry {
  event: 'started' | 'ended';
  level: 'info' | 'warn' | 'error';
  message: string;
  fields: RunLogFields;
  metrics: MetricSample[];
}

const LEVEL_BY_OUTCOME: Record<RunOutcome, RunTelemetry['level']> = {
  succeeded: 'info',
  cancelled: 'warn',
  failed: 'error',
  'timed-out': 'error',
  lost: 'error',
  skipped: 'info',
};

/** The longest error text a log line carries; the run history keeps the whole of it. */
const MAX_ERROR_LENGTH = 500;

/** Describes a run that was just claimed: lateness is its start minus its nominal due time. */
export function describeRunStart(subject: RunSubject, taskId: string, lease: RunLease): RunTelemetry {
  const latenessMs = lease.startedAt - lease.scheduledFor;
  const labels = { taskId, scope: subject.scope, result: 'started' as const };
  return {
    event: 'started',
    level: 'info',
    message: 'Task run started',
    fields: { ...subject, taskId, runId: lease.ticket, trigger: lease.cause, outcome: 'started', result: 'started', latenessMs },
    metrics: [
      { name: RUN_COUNT_METRIC, value: 1, labels },
      { name: RUN_LATENESS_METRIC, value: latenessMs / 1000, labels },
    ],
  };
}

/**
 * Describes a run that ended, however it ended: completed, failed, cancelled, timed out or lost.
 * As in Backstage, anything but success counts as `failed`.
 */
export function describeRunEnd(subject: RunSubject, run: RunRecord): RunTelemetry {
  const result: RunResult = run.outcome === 'succeeded' ? 'completed' : 'failed';
  const durationMs = run.endedAt - run.startedAt;
  const labels = { taskId: run.taskId, scope: subject.scope, result };
  const error = run.error === null ? undefined : describeRunError(run.error);
  return {
    event: 'ended',
    level: LEVEL_BY_OUTCOME[run.outcome],
    message: `Task run ${run.outcome === 'timed-out' ? 'timed out' : run.outcome}`,
    fields: {
      ...subject,
      taskId: run.taskId,
      runId: run.ticket,
      trigger: run.cause,
      outcome: run.outcome,
      result,
      durationMs,
      latenessMs: run.startedAt - run.scheduledFor,
      ...(error !== undefined && { error }),
    },
    metrics: [
      { name: RUN_COUNT_METRIC, value: 1, labels },
      { name: RUN_DURATION_METRIC, value: durationMs / 1000, labels, bucket: durationBucketOf(durationMs / 1000) },
    ],
  };
}

/**
 * Describes occurrences a policy passed over in one decision: one log line for all of them, and
 * the skipped counter by their number (the history keeps only a few records of a long outage).
 */
export function describeSkippedOccurrences(subject: RunSubject, records: readonly RunRecord[], count: number): RunTelemetry {
  const latest = records[records.length - 1]!;
  const labels = { taskId: latest.taskId, scope: subject.scope, result: 'skipped' as const };
  return {
    event: 'ended',
    level: 'info',
    message: count === 1 ? 'Task occurrence skipped' : `${count} task occurrences skipped`,
    fields: {
      ...subject,
      taskId: latest.taskId,
      runId: latest.ticket,
      trigger: latest.cause,
      outcome: 'skipped',
      result: 'skipped',
      durationMs: 0,
      latenessMs: latest.startedAt - latest.scheduledFor,
    },
    metrics: [{ name: RUN_SKIPPED_METRIC, value: count, labels }],
  };
}

/** The upper bound of the duration bucket that holds `seconds`, as Prometheus's `le` label writes it. */
export function durationBucketOf(seconds: number): string {
  const bound = RUN_DURATION_BUCKETS_SECONDS.find((limit) => seconds <= limit);
  return bound === undefined ? '+Inf' : String(bound);
}

/**
 * Turns a stored error (`{"name","message"}` JSON) into `Name: message` for a log line. Error text
 * comes from task code and handler responses, which may echo a credential, so anything shaped
 * like one is masked, and the text is cut short.
 */
export function describeRunError(stored: string): string {
  let text = stored;
  try {
    const parsed = JSON.parse(stored) as { name?: unknown; message?: unknown };
    if (typeof parsed.message === 'string') text = `${typeof parsed.name === 'string' ? parsed.name : 'Error'}: ${parsed.message}`;
  } catch {
    // Not JSON: an older row, kept as it is.
  }
  const masked = text
    .replace(/\b(Bearer|Basic)\s+[\w\-.~+/=]+/gi, '$1 [redacted]')
    .replace(/\b(authorization|token|secret|password|api[-_]?key)(["']?\s*[:=]\s*["']?)[^\s"',;&]+/gi, '$1$2[redacted]');
  return masked.length > MAX_ERROR_LENGTH ? `${masked.slice(0, MAX_ERROR_LENGTH)}…` : masked;
}
