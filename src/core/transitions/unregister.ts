import type { TaskRow } from '../task-row.ts';
import { removeTask } from './remove.ts';
import type { Removal } from './transition.ts';

/**
 * Removes a task its plugin unregistered (its registration's signal aborted), cancelling its run.
 * Its run history stays, as it does for a task removed from the code. Unknown: nothing to do.
 */
export function unregisterTask(row: TaskRow | undefined, now: number): Removal | undefined {
  return row && removeTask(row, now, 'Task was unregistered', false);
}
