import type { TaskRow } from '../task-row.ts';
import { removeTask } from './remove.ts';
import type { Removal } from './transition.ts';

/**
 * After a complete start, removes the rows of code tasks the code no longer defines; tasks defined
 * over the API are kept. Backstage keeps such rows for ever, triggerable; their history stays here.
 */
export function pruneTasks(rows: Iterable<TaskRow>, isDefined: (taskId: string) => boolean, now: number): Removal[] {
  const removals: Removal[] = [];
  for (const row of rows) {
    if (row.source === 'code' && !isDefined(row.taskId)) removals.push(removeTask(row, now, 'Task is no longer defined in code', false));
  }
  return removals;
}
