import { describeTimeout } from '../run-end-reasons.ts';
import { durationToMs } from '../duration.ts';
import { computeNextRun } from '../next-run.ts';
import { serializeNamedError } from '../serialize-error.ts';
import { retryLocalRun } from './local-retry.ts';
import { planLocalRun, type LocalTask } from './local-task.ts';

/** The error a cancelled run records, the same as a cancelled global run. */
export const CANCELLED_RUN_ERROR = serializeNamedError('Error', 'Task was cancelled');

/** Starts a run of a due or triggered task; its timeout counts from now. */
export function startLocalRun(task: LocalTask, now: number, runId: string): LocalTask {
  if (task.run !== null) throw new Error(`Task ${task.taskId} is already running`);
  // A retry holds only if this run is the attempt it was made for; a trigger moved the next run otherwise.
  const { retry, occurrenceAt, ...rest } = task;
  return {
    ...rest,
    ...(retry !== undefined && retry.at === task.nextRunAt && { retry }),
    nextRunAt: null,
    run: {
      runId,
      startedAt: now,
      timesOutAt: now + durationToMs(task.settings.timeoutAfterDuration),
      cancelledAt: null,
      ...(occurrenceAt !== undefined && { occurrenceAt }),
    },
  };
}

/**
 * Ends a run whose function settled, and schedules the next: a duration runs at a fixed rate
 * from this run's start, or at once if the run took longer; cron fires next after now. Returns
 * undefined for a run that already ended (it timed out, or the task was registered anew).
 * `error` is the serialised failure or null; a cancelled run records the cancel instead.
 */
export function completeLocalRun(task: LocalTask | undefined, runId: string, now: number, error: string | null): LocalTask | undefined {
  const run = task?.run;
  if (!task || run?.runId !== runId) return undefined;
  const released: LocalTask = {
    ...withoutOccurrence(task),
    run: null,
    ...planNextLocalRun(task, now),
    lastRunEndedAt: now,
    lastRunError: run.cancelledAt === null ? error : CANCELLED_RUN_ERROR,
  };
  return retryLocalRun(task, released, now, run.cancelledAt === null && error !== null);
}

/**
 * Ends a run whose timeout has passed, whether or not its function has settled: its signal is
 * aborted with `reason`, the failure recorded, and the next run follows the cadence, as for a
 * global task. Returns undefined when the run has time left. Because the run ends here, a
 * function that never settles (or whose isolate event ended under it) cannot block the task.
 */
export function expireLocalRun(task: LocalTask, now: number): { task: LocalTask; runId: string; reason: string } | undefined {
  const run = task.run;
  if (!run || run.timesOutAt > now) return undefined;
  const reason = describeTimeout(task.settings);
  const released: LocalTask = {
    ...withoutOccurrence(task),
    run: null,
    ...planNextLocalRun(task, now),
    lastRunEndedAt: now,
    lastRunError: run.cancelledAt === null ? serializeNamedError('TimeoutError', reason) : CANCELLED_RUN_ERROR,
  };
  return {
    task: retryLocalRun(task, released, now, run.cancelledAt === null),
    runId: run.runId,
    reason,
  };
}

/**
 * The next run after the running one: the cadence's from the occurrence it stood for (a retried
 * occurrence's first start, else its nominal time under jitter, else its start), under the window and jitter.
 */
function planNextLocalRun(task: LocalTask, now: number): { nextRunAt: number | null; occurrenceAt?: number } {
  const run = task.run!;
  const previousAt = task.retry?.occurrenceStartedAt ?? run.occurrenceAt ?? run.startedAt;
  return planLocalRun(task.taskId, task.settings, computeNextRun(task.settings, previousAt, now));
}

/** The task without the jittered occurrence of its previous plan; a new plan sets its own. */
function withoutOccurrence(task: LocalTask): LocalTask {
  const { occurrenceAt: _previous, ...rest } = task;
  return rest;
}
