import { cancelConcurrentRuns, endedRunsField } from '../policies/concurrent-runs.ts';
import { serializeNamedError } from '../serialize-error.ts';
import { recordRunEnd, type TaskRow } from '../task-row.ts';
import type { Effect, Removal } from './transition.ts';

/**
 * Removes a task's row. A run holding its lease ends here, and so does every concurrent run of
 * an `allow` task: its signal is aborted with `reason`, and it is recorded as cancelled, so every
 * run that started is recorded once.
 */
export function removeTask(row: TaskRow, now: number, reason: string, forgetsHistory: boolean): Removal {
  const { taskId, run } = row;
  // Only the records and aborts: the row that would carry the runs' other consequences goes.
  const concurrent = cancelConcurrentRuns(row, now, reason);
  const aborts = concurrent.effects.filter((effect) => effect.type === 'abortRun');
  const ended = endedRunsField(concurrent);
  if (!run) return { type: 'remove', taskId, effects: aborts, forgetsHistory, ...ended };
  const effects: Effect[] = [...aborts, { type: 'abortRun', taskId, ticket: run.ticket, reason }];
  return {
    type: 'remove',
    taskId,
    effects,
    finishedRun: recordRunEnd(taskId, run, now, 'cancelled', serializeNamedError('Error', reason)),
    forgetsHistory,
    ...ended,
  };
}
