import { recordRunEnd, type TaskRow } from '../task-row.ts';
import { describeRunEndNotices } from '../policies/run-end-policies.ts';
import { releaseRun } from './release.ts';
import type { Transition } from './transition.ts';

/**
 * Releases a finished run and schedules the next one. Only the run's own ticket releases it: a
 * run that was cancelled or timed out (its lease gone or taken by a newer run) changes nothing,
 * and the function returns undefined. `error` is the serialised failure, or null on success.
 */
export function completeRun(
  row: TaskRow | undefined,
  ticket: string,
  now: number,
  error: string | null,
): Transition | undefined {
  if (!row?.run || row.run.ticket !== ticket) return undefined;
  const outcome = error === null ? 'succeeded' : 'failed';
  const released = releaseRun(row, now, error, outcome);
  const finishedRun = recordRunEnd(row.taskId, row.run, now, outcome, error);
  return { row: released, effects: describeRunEndNotices(row, released, finishedRun), finishedRun };
}
