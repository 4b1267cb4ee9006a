import { releaseRun } from './release.ts';
import { serializeNamedError } from '../serialize-error.ts';
import { recordRunEnd, type TaskRow, type WorkerContext } from '../task-row.ts';
import type { Transition } from './transition.ts';

/**
 * Releases every lease whose timeout has passed.
 * - A run still executing in this worker timed out: its signal is aborted, the failure is
 *   recorded, and the next run follows the cadence, as after any failed run.
 * - A run this worker does not know was lost (eviction, crash, deploy): the task is due again
 *   at once. Backstage waits up to a minute more for its janitor (backstage#32641).
 */
export function expireRuns(rows: readonly TaskRow[], now: number, worker: WorkerContext): Transition[] {
  const transitions: Transition[] = [];
  for (const row of rows) {
    const run = row.run;
    if (!run || run.timesOutAt > now) continue;
    if (worker.liveTickets.has(run.ticket)) {
      const message = `Task timed out after ${row.settings.timeoutAfterDuration}`;
      const error = serializeNamedError('TimeoutError', message);
      transitions.push({
        row: releaseRun(row, now, error),
        effects: [{ type: 'abortRun', taskId: row.taskId, ticket: run.ticket, reason: message }],
        finishedRun: recordRunEnd(row.taskId, run, now, 'timed-out', error),
      });
    } else {
      const error = serializeNamedError('Error', 'Task run was lost before it finished (its worker stopped); released at its timeout');
      transitions.push({
        row: { ...row, run: null, lastRunEndedAt: now, lastRunError: error },
        effects: [],
        finishedRun: recordRunEnd(row.taskId, run, now, 'lost', error),
      });
    }
  }
  return transitions;
}
