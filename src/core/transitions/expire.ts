import { describeRunEndNotices } from '../policies/run-end-policies.ts';
import { releaseRun } from './release.ts';
import { serializeNamedError } from '../serialize-error.ts';
import { type ConcurrentRunsEnd, endedRunsField, expireConcurrentRuns, releaseOrphanedConcurrentRuns } from '../policies/concurrent-runs.ts';
import { describeTimeout, type LostRunRelease, lostRunError } from '../run-end-reasons.ts';
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
  for (const read of rows) {
    // The concurrent runs of an `allow` task first: they end without touching the schedule.
    const concurrent = expireConcurrentRuns(read, now, worker);
    const row = concurrent.row;
    const run = row.run;
    let transition: Transition | undefined;
    if (run && run.timesOutAt <= now && worker.liveTickets.has(run.ticket)) {
      const message = describeTimeout(row.settings);
      const error = serializeNamedError('TimeoutError', message);
      const released = releaseRun(row, now, error, 'timed-out');
      const finishedRun = recordRunEnd(row.taskId, run, now, 'timed-out', error);
      const abort = { type: 'abortRun' as const, taskId: row.taskId, ticket: run.ticket, reason: message };
      transition = { row: released, effects: [abort, ...describeRunEndNotices(row, released, finishedRun)], finishedRun };
    } else if (run && run.timesOutAt <= now) {
      transition = releaseLostRun(row, now, 'released at its timeout');
    }
    const merged = withEndedConcurrentRuns(transition ?? { row, effects: [] }, concurrent);
    if (transition || concurrent.finishedRuns.length > 0) transitions.push(merged);
  }
  return transitions;
}

/**
 * Releases, at an object's start, every lease whose run is not executing in this worker: the
 * object's previous instance ran them, and its in-memory runs did not survive it. Waiting for
 * their timeouts would only delay the runs that replace them.
 */
export function releaseOrphanedRuns(rows: readonly TaskRow[], now: number, worker: WorkerContext): Transition[] {
  const transitions: Transition[] = [];
  for (const read of rows) {
    const concurrent = releaseOrphanedConcurrentRuns(read, worker, now);
    const row = concurrent.row;
    const orphaned = row.run !== null && !worker.liveTickets.has(row.run.ticket);
    if (!orphaned && concurrent.finishedRuns.length === 0) continue;
    const transition = orphaned ? releaseLostRun(row, now, 'released when its object started again') : { row, effects: [] };
    transitions.push(withEndedConcurrentRuns(transition, concurrent));
  }
  return transitions;
}

/** A lost run's release: the task keeps its due time, so it is due again at once. */
function releaseLostRun(row: TaskRow, now: number, howReleased: LostRunRelease): Transition {
  const error = lostRunError(howReleased);
  return {
    row: { ...row, run: null, lastRunEndedAt: now, lastRunError: error },
    effects: [],
    finishedRun: recordRunEnd(row.taskId, row.run!, now, 'lost', error),
  };
}

/** A transition with the concurrent runs that ended before it: their records and their effects first. */
function withEndedConcurrentRuns(transition: Transition, ended: ConcurrentRunsEnd): Transition {
  if (ended.finishedRuns.length === 0) return transition;
  return { ...transition, effects: [...ended.effects, ...transition.effects], ...endedRunsField(ended) };
}
