import { ConflictError, NotFoundError } from '../errors.ts';
import { activeRunsOf, cancelConcurrentRuns, endedRunsField } from '../policies/concurrent-runs.ts';
import { serializeNamedError } from '../serialize-error.ts';
import { recordRunEnd, type TaskRow } from '../task-row.ts';
import { releaseRun } from './release.ts';
import type { Transition } from './transition.ts';

const REASON = 'Task was cancelled';

/**
 * Cancels the running run, or every run of an `allow` task: 404 if the task is unknown, 409 if
 * nothing runs. The lease is released and the run's signal aborted. Unlike Backstage, whose
 * cancelled task is due again at once, the next run follows the cadence.
 */
export function cancelRun(row: TaskRow | undefined, taskId: string, now: number): Transition {
  if (!row) throw new NotFoundError(`Task ${taskId} does not exist`);
  if (activeRunsOf(row).length === 0) throw new ConflictError(`Task ${taskId} is not running`);
  const concurrent = cancelConcurrentRuns(row, now, REASON);
  const ended = endedRunsField(concurrent);
  const { run } = concurrent.row;
  if (!run) return { row: concurrent.row, effects: concurrent.effects, ...ended };
  const error = serializeNamedError('Error', REASON);
  return {
    row: releaseRun(concurrent.row, now, error, 'cancelled'),
    effects: [...concurrent.effects, { type: 'abortRun', taskId, ticket: run.ticket, reason: REASON }],
    finishedRun: recordRunEnd(taskId, run, now, 'cancelled', error),
    ...ended,
  };
}
