import { computeNextRun } from '../next-run.ts';
import type { TaskRow } from '../task-row.ts';
import { occurrenceDueAt } from './occurrence-plan.ts';
import { withPolicyState } from './policy-state.ts';

/**
 * The first occurrence after a running run started: when it comes due while the run goes on, the
 * overlap policy applies. Counted from the start, not the due time, so a run that started late
 * (an occurrence already passed) is not overlapped at once.
 */
export function computeFollowingOccurrence(row: TaskRow): number | null {
  const dueAt = occurrenceDueAt(row);
  if (dueAt === null || !row.run) return null;
  const following = computeNextRun(row.settings, dueAt, dueAt);
  const startedAt = row.run.startedAt;
  return following === null || following > startedAt ? following : computeNextRun(row.settings, startedAt, startedAt);
}

/**
 * `cancel-running`: when the engine must wake to cancel a task's run, because its next
 * occurrence comes due first; undefined for another policy, an idle or paused task, or a
 * manual task (which has no next occurrence).
 */
export function computePreemptAt(row: TaskRow): number | undefined {
  if (row.settings.overlap !== 'cancel-running' || !row.run || row.isPaused) return undefined;
  return computeFollowingOccurrence(row) ?? undefined;
}

/**
 * `buffer-one`: the next run of a task whose run outlasted its next occurrence is now, so the
 * occurrence that came due meanwhile starts as soon as the run ends (once, however many passed).
 */
export function bufferOneOccurrence(ended: TaskRow, released: TaskRow, now: number): TaskRow {
  if (ended.settings.overlap !== 'buffer-one' || released.isPaused) return released;
  const following = computeFollowingOccurrence(ended);
  if (following === null || following > now || (released.nextRunAt !== null && released.nextRunAt <= now)) return released;
  // The buffered run stands for the occurrence that came due, so the cadence goes on after it.
  return withPolicyState({ ...released, nextRunAt: now }, { occurrenceAt: following === now ? undefined : following });
}
