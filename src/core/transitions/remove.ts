import { serializeNamedError } from '../serialize-error.ts';
import { recordRunEnd, type TaskRow } from '../task-row.ts';
import type { Removal } from './transition.ts';

/**
 * Removes a task's row. A run holding its lease ends here: its signal is aborted with `reason`,
 * and it is recorded as cancelled, so every run that started is recorded once.
 */
export function removeTask(row: TaskRow, now: number, reason: string, forgetsHistory: boolean): Removal {
  const { taskId, run } = row;
  if (!run) return { type: 'remove', taskId, effects: [], forgetsHistory };
  return {
    type: 'remove',
    taskId,
    effects: [{ type: 'abortRun', taskId, ticket: run.ticket, reason }],
    finishedRun: recordRunEnd(taskId, run, now, 'cancelled', serializeNamedError('Error', reason)),
    forgetsHistory,
  };
}
