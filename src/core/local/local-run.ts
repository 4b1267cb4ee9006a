import { durationToMs } from '../duration.ts';
import { computeNextRun } from '../next-run.ts';
import { serializeNamedError } from '../serialize-error.ts';
import { planLocalRun, type LocalTask } from './local-task.ts';

/** The error a cancelled run records, the same as a cancelled global run. */
export const CANCELLED_RUN_ERROR = serializeNamedError('Error', 'Task was cancelled');

/** Starts a run of a due or triggered task; its timeout counts from now. */
export function startLocalRun(task: LocalTask, now: number, runId: string): LocalTask {
  if (task.run !== null) throw new Error(`Task ${task.taskId} is already running`);
  const { occurrenceAt, ...rest } = task;
  return {
    ...rest,
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
  return {
    ...task,
    run: null,
    ...planNextLocalRun(task, run.occurrenceAt ?? run.startedAt, now),
    lastRunEndedAt: now,
    lastRunError: run.cancelledAt === null ? error : CANCELLED_RUN_ERROR,
  };
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
  const reason = `Task timed out after ${task.settings.timeoutAfterDuration}`;
  return {
    task: {
      ...task,
      run: null,
      ...planNextLocalRun(task, run.occurrenceAt ?? run.startedAt, now),
      lastRunEndedAt: now,
      lastRunError: run.cancelledAt === null ? serializeNamedError('TimeoutError', reason) : CANCELLED_RUN_ERROR,
    },
    runId: run.runId,
    reason,
  };
}

/** The next run after one that stood for `previousAt`: the cadence's, under the window and jitter. */
function planNextLocalRun(task: LocalTask, previousAt: number, now: number): { nextRunAt: number | null; occurrenceAt?: number } {
  return planLocalRun(task.taskId, task.settings, computeNextRun(task.settings, previousAt, now));
}
