import type { RunRecord } from '../task-row.ts';
import type { Change } from '../transitions/transition.ts';
import type { EnginePorts } from './engine-ports.ts';

/**
 * Writes changes in one transaction: each row written with the runs it ended and the occurrences
 * it passed over, or removed after its finished runs are kept or its history dropped. `alsoWrite`
 * joins the same transaction.
 */
export function writeChanges(ports: Pick<EnginePorts, 'tasks' | 'history' | 'transact'>, changes: readonly Change[], alsoWrite?: () => void): void {
  const { tasks, history } = ports;
  ports.transact(() => {
    alsoWrite?.();
    for (const change of changes) {
      if (change.type === 'remove') {
        if (change.forgetsHistory) history.deleteRuns(change.taskId);
        else for (const run of finishedRunsOf(change)) history.appendRun(run);
        // The task's row goes last, so nothing after it can roll it back.
        tasks.deleteTask(change.taskId);
      } else {
        tasks.writeTask(change.row);
        for (const run of finishedRunsOf(change)) history.appendRun(run);
        for (const record of change.skipped?.records ?? []) history.appendRun(record);
      }
    }
  });
}

/** The runs a change ended: the task's own run, then the concurrent runs of an `allow` task. */
export function finishedRunsOf(change: Change): RunRecord[] {
  const own = change.finishedRun ? [change.finishedRun] : [];
  return change.endedConcurrentRuns ? [...own, ...change.endedConcurrentRuns] : own;
}
