import { computeFirstRun, computeInitialWaitEnd } from '../next-run.ts';
import { planRun } from '../policies/occurrence-plan.ts';
import type { TaskSettings } from '../task-settings.ts';
import type { LocalRetry } from './local-retry.ts';

/** A local task's run in this isolate. Only the run with this `runId` may end it. */
export interface LocalRun {
  runId: string;
  startedAt: number;
  timesOutAt: number;
  /** When `cancelTask` aborted the run's signal; the run still ends when its function settles. */
  cancelledAt: number | null;
  /** The nominal occurrence the run stands for, when jitter moved its start; the next one follows it. */
  occurrenceAt?: number;
}

/** A local task's state in one isolate or process; nothing of it is stored. Instants are epoch milliseconds. */
export interface LocalTask {
  taskId: string;
  settings: TaskSettings;
  /** When the task is next due; null for a manual task, and while a run is going. */
  nextRunAt: number | null;
  /** The nominal occurrence `nextRunAt` stands for, when jitter moved it. */
  occurrenceAt?: number;
  /** When this worker's initial wait for the task ends; a trigger cuts it short. */
  initialWaitEndsAt: number;
  run: LocalRun | null;
  lastRunEndedAt: number | null;
  /** JSON of `{ name, message }`, as for global tasks; null after a successful run. */
  lastRunError: string | null;
  /** A failed occurrence's retries (the `retry` policy), while one is pending or running. */
  retry?: LocalRetry;
}

/**
 * Registers a local task in this worker, as a fresh start of it: it is first due as a new global
 * task would be (after its initial delay, at cron's next fire, at once for a duration, never
 * for manual). Backstage runs every local task at once, cron included, and runs a manual one
 * every second (backstage#30980). A registration again keeps the run going and the last result.
 */
export function registerLocalTask(existing: LocalTask | undefined, taskId: string, settings: TaskSettings, now: number): LocalTask {
  const next = existing?.run ? undefined : planLocalRun(taskId, settings, computeFirstRun(settings, now));
  return {
    taskId,
    settings,
    nextRunAt: next?.nextRunAt ?? null,
    ...(next?.occurrenceAt !== undefined && { occurrenceAt: next.occurrenceAt }),
    initialWaitEndsAt: computeInitialWaitEnd(settings, now),
    run: existing?.run ?? null,
    lastRunEndedAt: existing?.lastRunEndedAt ?? null,
    lastRunError: existing?.lastRunError ?? null,
  };
}

/**
 * A cadence's candidate as a local task's next run, under the window (bounds, skipped dates and
 * ranges) and jitter. `maxRuns` and `missedRuns` do not apply: a local task's state lives and dies
 * with its isolate, so it has no count to keep and no outage to recover from.
 */
export function planLocalRun(taskId: string, settings: TaskSettings, candidate: number | null): { nextRunAt: number | null; occurrenceAt?: number } {
  const { maxRuns: _notForLocal, ...window } = settings.window ?? {};
  const { nextRunAt, policyState } = planRun(taskId, settings.window ? { ...settings, window } : settings, undefined, candidate);
  return { nextRunAt, ...(policyState?.occurrenceAt !== undefined && { occurrenceAt: policyState.occurrenceAt }) };
}

/** Tells whether a local task should start a run now: not running, and due. */
export function isLocalTaskDue(task: LocalTask, now: number): boolean {
  return task.run === null && task.nextRunAt !== null && task.nextRunAt <= now;
}

/**
 * When a self-waking worker must next wake to start a run: the earliest due time of an idle
 * task, never in the past; null when nothing will start on its own. Timeouts have their own
 * timers, armed by each run.
 */
export function computeLocalWakeAt(tasks: Iterable<LocalTask>, now: number): number | null {
  let earliest = Infinity;
  for (const task of tasks) {
    if (task.run === null && task.nextRunAt !== null && task.nextRunAt < earliest) earliest = task.nextRunAt;
  }
  return earliest === Infinity ? null : Math.max(earliest, now);
}
