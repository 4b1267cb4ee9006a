import { ConflictError, NotFoundError } from '../errors.ts';
import type { TaskRow } from '../task-row.ts';
import { removeTask } from './remove.ts';
import type { Removal } from './transition.ts';

/**
 * Deletes a task defined over the API, with its run history, cancelling its running run first.
 * 404 if unknown; 409 for a task defined in code, which would come back at the next deployment.
 */
export function deleteApiTask(row: TaskRow | undefined, taskId: string, now: number): Removal {
  if (!row) throw new NotFoundError(`Task ${taskId} does not exist`);
  if (row.source === 'code') {
    throw new ConflictError(`Task ${taskId} is defined in code and cannot be deleted over the API`);
  }
  return removeTask(row, now, 'Task was deleted', true);
}
