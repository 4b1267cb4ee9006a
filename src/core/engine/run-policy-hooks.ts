import { preemptRuns } from '../policies/preempt-runs.ts';
import { flagStaleTasks, watchStaleness } from '../policies/staleness.ts';
import type { TaskRow, WorkerContext } from '../task-row.ts';
import { expireRuns } from '../transitions/expire.ts';
import type { Change, Transition } from '../transitions/transition.ts';
import { wakeUp } from '../transitions/wake.ts';

/**
 * What an alarm decides for the rows whose time has come, with the run policies: expired leases
 * released and `cancel-running` runs preempted, due tasks claimed, and tasks whose staleness
 * window passed flagged.
 */
export function wakeUpWithRunPolicies(due: readonly TaskRow[], now: number, worker: WorkerContext, issueTicket: () => string): Transition[] {
  const releases = [...expireRuns(due, now, worker), ...preemptRuns(due, now)];
  return flagStaleTasks(wakeUp(due, now, worker, issueTicket, releases), due, now);
}

/**
 * The changes about to be committed, each written row's staleness watch kept in step with its
 * settings (see `watchStaleness`). Done at the one write path so that every way a task gains or
 * loses `staleAfter` (registration, PUT, override) starts or drops the watch.
 */
export function watchStalenessOf(changes: readonly Change[], now: number): readonly Change[] {
  let watched: Change[] | undefined;
  changes.forEach((change, index) => {
    if (change.type === 'remove') return;
    const row = watchStaleness(change.row, now);
    if (row === change.row) return;
    watched ??= [...changes];
    watched[index] = { ...change, row };
  });
  return watched ?? changes;
}
