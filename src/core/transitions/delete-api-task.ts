import { ConflictError, NotFoundError } from '../errors.ts';
import { serializeNamedError } from '../serialize-error.ts';
import { recordRunEnd, type RunRecord, type TaskRow } from '../task-row.ts';
import type { Effect } from './transition.ts';

/**
 * Deletes a task defined over the API, cancelling its running run first. 404 if unknown; 409
 * for a task defined in code, which would come back at the next deployment.
 */
export function deleteApiTask(
  row: TaskRow | undefined,
  taskId: string,
  now: number,
): { effects: Effect[]; finishedRun?: RunRecord } {
  if (!row) throw new NotFoundError(`Task ${taskId} does not exist`);
  if (row.source === 'code') {
    throw new ConflictError(`Task ${taskId} is defined in code and cannot be deleted over the API`);
  }
  if (!row.run) return { effects: [] };
  const reason = 'Task was deleted';
  return {
    effects: [{ type: 'abortRun', taskId, ticket: row.run.ticket, reason }],
    finishedRun: recordRunEnd(taskId, row.run, now, 'cancelled', serializeNamedError('Error', reason)),
  };
}
