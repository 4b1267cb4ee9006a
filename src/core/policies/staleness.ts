import { durationToMs } from '../duration.ts';
import { computeNaturalNextRun } from '../next-run.ts';
import type { TaskRow } from '../task-row.ts';
import type { Transition } from '../transitions/transition.ts';
import { withPolicyState } from './policy-state.ts';

/**
 * When a watched task becomes stale (a dead-man's switch): `afterDuration` after its last
 * success, or, for `afterCadences: N`, at the Nth occurrence after it plus the task's timeout, the
 * time that occurrence's run has to succeed. Until the first success the window runs from when
 * the policy was first stored. Undefined when there is nothing to watch for: no policy, a task
 * already stale or paused, or a manual task counted in cadences.
 */
export function computeStaleAt(row: TaskRow): number | undefined {
  const staleAfter = row.settings.staleAfter;
  const state = row.policyState;
  if (!staleAfter || row.isPaused || state?.isStale) return undefined;
  const since = state?.lastSucceededAt ?? state?.watchedSince;
  if (since === undefined) return undefined;
  if ('afterDuration' in staleAfter) return since + durationToMs(staleAfter.afterDuration);
  let occurrenceAt: number | null = since;
  for (let count = 0; count < staleAfter.afterCadences && occurrenceAt !== null; count++) {
    occurrenceAt = computeNaturalNextRun(row.settings, occurrenceAt);
  }
  return occurrenceAt === null ? undefined : occurrenceAt + durationToMs(row.settings.timeoutAfterDuration);
}

/**
 * A row about to be written, with its staleness watch kept in step with its settings: watched
 * from `now` when `staleAfter` is new to it, and the watch dropped when the policy is gone. A row
 * that needs neither is returned as it is.
 */
export function watchStaleness(row: TaskRow, now: number): TaskRow {
  const state = row.policyState;
  const isWatched = state?.lastSucceededAt !== undefined || state?.watchedSince !== undefined;
  if (row.settings.staleAfter) return isWatched ? row : withPolicyState(row, { watchedSince: now });
  if (!isWatched && !state?.isStale) return row;
  return withPolicyState(row, { lastSucceededAt: undefined, watchedSince: undefined, isStale: undefined });
}

/**
 * Flags every row whose stale moment has come, after an alarm's other transitions: the flag
 * shows in `taskState`, and a `notify` effect logs it once and alerts. `rows` are the rows the
 * alarm read; `transitions` what it already decided for them.
 */
export function flagStaleTasks(transitions: readonly Transition[], rows: readonly TaskRow[], now: number): Transition[] {
  const byId = new Map(transitions.map((transition) => [transition.row.taskId, transition]));
  for (const read of rows) {
    const decided = byId.get(read.taskId);
    const row = decided?.row ?? read;
    const staleAt = computeStaleAt(row);
    if (staleAt === undefined || staleAt > now) continue;
    const since = row.policyState?.lastSucceededAt ?? row.policyState?.watchedSince ?? now;
    byId.set(row.taskId, {
      ...decided,
      row: withPolicyState(row, { isStale: true }),
      effects: [...(decided?.effects ?? []), { type: 'notify', taskId: row.taskId, notice: { event: 'stale', lastSucceededAt: row.policyState?.lastSucceededAt ?? null, since } }],
    });
  }
  return [...byId.values()];
}
