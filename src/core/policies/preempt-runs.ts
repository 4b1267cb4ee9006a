import { serializeNamedError } from '../serialize-error.ts';
import { recordRunEnd, type TaskRow } from '../task-row.ts';
import { releaseRun } from '../transitions/release.ts';
import type { Transition } from '../transitions/transition.ts';
import { computePreemptAt } from './overlap-policy.ts';

/**
 * Cancels, for `cancel-running`, every run whose task's next occurrence has come due: the run is
 * recorded as cancelled and its signal aborted, and the task is due again at that occurrence, so
 * the alarm's claims start it at once. A run whose timeout came first is left to `expireRuns`.
 */
export function preemptRuns(rows: readonly TaskRow[], now: number): Transition[] {
  const transitions: Transition[] = [];
  for (const row of rows) {
    const preemptAt = computePreemptAt(row);
    if (preemptAt === undefined || preemptAt > now || row.run!.timesOutAt <= now) continue;
    const reason = 'Task was cancelled: its next occurrence came due (overlap: cancel-running)';
    const error = serializeNamedError('Error', reason);
    transitions.push({
      row: { ...releaseRun(row, now, error, 'cancelled'), nextRunAt: preemptAt },
      effects: [{ type: 'abortRun', taskId: row.taskId, ticket: row.run!.ticket, reason }],
      finishedRun: recordRunEnd(row.taskId, row.run!, now, 'cancelled', error),
    });
  }
  return transitions;
}
