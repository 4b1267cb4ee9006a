import { ConflictError, NotFoundError } from '../errors.ts';
import { serializeNamedError } from '../serialize-error.ts';
import { recordRunEnd, type TaskRow } from '../task-row.ts';
import { releaseRun } from './release.ts';
import type { Transition } from './transition.ts';

/**
 * Cancels the running run: 404 if the task is unknown, 409 if nothing runs. The lease is
 * released and the run's signal aborted. Unlike Backstage, whose cancelled task is due again at
 * once, the next run follows the cadence.
 */
export function cancelRun(row: TaskRow | undefined, taskId: string, now: number): Transition {
  if (!row) throw new NotFoundError(`Task ${taskId} does not exist`);
  if (!row.run) throw new ConflictError(`Task ${taskId} is not running`);
  const error = serializeNamedError('Error', 'Task was cancelled');
  return {
    row: releaseRun(row, now, error, 'cancelled'),
    effects: [{ type: 'abortRun', taskId, ticket: row.run.ticket, reason: 'Task was cancelled' }],
    finishedRun: recordRunEnd(taskId, row.run, now, 'cancelled', error),
  };
}
