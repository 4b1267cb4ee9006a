import { describeTimeout, type LostRunRelease, lostRunError } from '../run-end-reasons.ts';
import { serializeNamedError } from '../serialize-error.ts';
import { recordRunEnd, type RunLease, type RunOutcome, type RunRecord, type TaskRow, type WorkerContext } from '../task-row.ts';
import type { Effect } from '../transitions/transition.ts';
import { followingOccurrence, planNextRun, planRun, withPlannedRun } from './occurrence-plan.ts';
import { withPolicyState } from './policy-state.ts';
import { applyRunEndPolicies, describeRunEndNotices } from './run-end-policies.ts';

/*
 * `overlap: 'allow'` (API tasks only): occurrences start while earlier runs go on, up to
 * `maxConcurrentRuns`. Such a task's schedule moves on when a run starts, not when it ends: the
 * claim plans the next occurrence at once and keeps the run's lease among the task's concurrent
 * runs (in its policy state), so `run` stays free for the next claim. Every other task has
 * room for one run, and a run of it holds `run` as before.
 */

/** Every run of a task still going: the one holding `run`, and the concurrent runs `allow` started. */
export function activeRunsOf(row: TaskRow): RunLease[] {
  const concurrent = row.policyState?.concurrentRuns ?? [];
  return row.run ? [row.run, ...concurrent] : concurrent;
}

/** How many runs of the task may go on at once: `maxConcurrentRuns` under `allow`, else one. */
export function runCapacityOf(row: TaskRow): number {
  return row.settings.overlap === 'allow' ? (row.settings.maxConcurrentRuns ?? 1) : 1;
}

/** Tells whether another run of the task may start now. */
export function hasRoomForRun(row: TaskRow): boolean {
  // Counted without building the list: the alarm asks this of every row it reads.
  const running = (row.run ? 1 : 0) + (row.policyState?.concurrentRuns?.length ?? 0);
  return running < runCapacityOf(row);
}

/**
 * A claimed row of an `allow` task, its new run moved among the concurrent runs and its next
 * occurrence planned from the one just claimed. Other rows are returned as claimed.
 */
export function startConcurrently(claimed: TaskRow, now: number): TaskRow {
  if (claimed.settings.overlap !== 'allow' || !claimed.run) return claimed;
  const concurrentRuns = [...(claimed.policyState?.concurrentRuns ?? []), claimed.run];
  const { taskId, settings, policyState } = claimed;
  let next = planNextRun(claimed, now);
  // A late claim stands for every occurrence due by now, and a duration's rhythm goes on from
  // its start, as a late release restarts it; only `missedRuns: 'all'` runs each of them.
  if (next.nextRunAt !== null && next.nextRunAt <= now && settings.missedRuns?.policy !== 'all') {
    next = planRun(taskId, settings, policyState, followingOccurrence(settings, now));
  }
  return withPolicyState({ ...withPlannedRun(claimed, next), run: null }, { concurrentRuns });
}

/** A run that ended among several: its record, the row that no longer holds it, and the notices its end gives. */
export interface ConcurrentRunEnd {
  row: TaskRow;
  finishedRun: RunRecord;
  effects: Effect[];
}

/**
 * Ends one concurrent run: recorded with `outcome`, the task's last run updated, and the run
 * policies that count failures and successes applied. The schedule is not touched: it moved on
 * when the run started. Undefined when `ticket` is none of the task's concurrent runs.
 */
export function endConcurrentRun(row: TaskRow, ticket: string, now: number, outcome: RunOutcome, error: string | null): ConcurrentRunEnd | undefined {
  const concurrent = row.policyState?.concurrentRuns ?? [];
  const lease = concurrent.find((run) => run.ticket === ticket);
  if (!lease) return undefined;
  const remaining = concurrent.filter((run) => run !== lease);
  const released = withPolicyState(
    { ...row, lastRunEndedAt: now, lastRunError: error },
    { concurrentRuns: remaining.length > 0 ? remaining : undefined },
  );
  // The policies read the run that ended as the row's own, so they judge that run.
  const ended = { ...row, run: lease };
  const settled = applyRunEndPolicies(ended, released, now, outcome);
  const finishedRun = recordRunEnd(row.taskId, lease, now, outcome, error);
  return { row: settled, finishedRun, effects: describeRunEndNotices(ended, settled, finishedRun) };
}

/** Several concurrent runs that ended together: the row without them, their records, and what to do once written. */
export interface ConcurrentRunsEnd {
  row: TaskRow;
  finishedRuns: RunRecord[];
  effects: Effect[];
}

/** The field a transition carries the ended runs in; none when no run ended. */
export function endedRunsField(ended: ConcurrentRunsEnd): { endedConcurrentRuns?: RunRecord[] } {
  return ended.finishedRuns.length > 0 ? { endedConcurrentRuns: ended.finishedRuns } : {};
}

/** Ends several concurrent runs in turn, each as `endConcurrentRun` would, with the effects each needs besides its notices. */
function endConcurrentRuns(
  row: TaskRow,
  ends: ReadonlyArray<{ lease: RunLease; outcome: RunOutcome; error: string; effects: Effect[] }>,
  now: number,
): ConcurrentRunsEnd {
  let current = row;
  const finishedRuns: RunRecord[] = [];
  const effects: Effect[] = [];
  for (const end of ends) {
    const ended = endConcurrentRun(current, end.lease.ticket, now, end.outcome, end.error);
    if (!ended) continue;
    current = ended.row;
    finishedRuns.push(ended.finishedRun);
    effects.push(...end.effects, ...ended.effects);
  }
  return { row: current, finishedRuns, effects };
}

/**
 * The concurrent runs whose timeout has passed, ended as `expireRuns` ends a task's run: timed
 * out (its signal aborted) when it executes here, else lost. A lost concurrent run is not run
 * again: its occurrence is over, and the schedule has moved on.
 */
export function expireConcurrentRuns(row: TaskRow, now: number, worker: WorkerContext): ConcurrentRunsEnd {
  const expired = (row.policyState?.concurrentRuns ?? []).filter((run) => run.timesOutAt <= now);
  return endConcurrentRuns(row, expired.map((lease) => (worker.liveTickets.has(lease.ticket) ? timedOut(row, lease) : lost(lease, 'released at its timeout'))), now);
}

/** The concurrent runs a previous worker left leased, ended as lost. */
export function releaseOrphanedConcurrentRuns(row: TaskRow, worker: WorkerContext, now: number): ConcurrentRunsEnd {
  const orphaned = (row.policyState?.concurrentRuns ?? []).filter((run) => !worker.liveTickets.has(run.ticket));
  return endConcurrentRuns(row, orphaned.map((lease) => lost(lease, 'released when its object started again')), now);
}

/** Every concurrent run cancelled with `reason`, its signal aborted. */
export function cancelConcurrentRuns(row: TaskRow, now: number, reason: string): ConcurrentRunsEnd {
  const error = serializeNamedError('Error', reason);
  const ends = (row.policyState?.concurrentRuns ?? []).map((lease) => ({
    lease,
    outcome: 'cancelled' as const,
    error,
    effects: [{ type: 'abortRun' as const, taskId: row.taskId, ticket: lease.ticket, reason }],
  }));
  return endConcurrentRuns(row, ends, now);
}

function timedOut(row: TaskRow, lease: RunLease) {
  const reason = describeTimeout(row.settings);
  const effects: Effect[] = [{ type: 'abortRun', taskId: row.taskId, ticket: lease.ticket, reason }];
  return { lease, outcome: 'timed-out' as const, error: serializeNamedError('TimeoutError', reason), effects };
}

function lost(lease: RunLease, howReleased: LostRunRelease) {
  return { lease, outcome: 'lost' as const, error: lostRunError(howReleased), effects: [] };
}
