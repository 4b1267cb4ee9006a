import { recordRunEnd, type TaskRow } from '../task-row.ts';
import { describeRunEndNotices } from '../policies/run-end-policies.ts';
import { endConcurrentRun } from '../policies/concurrent-runs.ts';
import { releaseRun } from './release.ts';
import type { Transition } from './transition.ts';

/**
 * Releases a finished run and schedules the next one. Only the run's own ticket releases it: a
 * run that was cancelled or timed out (its lease gone or taken by a newer run) changes nothing,
 * and the function returns undefined. A concurrent run of an `allow` task ends without moving
 * the schedule. `error` is the serialised failure, or null on success.
 */
export function completeRun(
  row: TaskRow | undefined,
  ticket: string,
  now: number,
  error: string | null,
): Transition | undefined {
  if (!row) return undefined;
  const outcome = error === null ? 'succeeded' : 'failed';
  if (row.run?.ticket !== ticket) {
    const ended = endConcurrentRun(row, ticket, now, outcome, error);
    return ended && { row: ended.row, effects: ended.effects, finishedRun: ended.finishedRun };
  }
  const released = releaseRun(row, now, error, outcome);
  const finishedRun = recordRunEnd(row.taskId, row.run!, now, outcome, error);
  return { row: released, effects: describeRunEndNotices(row, released, finishedRun), finishedRun };
}
