import { durationToMs } from '../duration.ts';
import { serializeNamedError } from '../serialize-error.ts';
import type { RunRecord, TaskRow } from '../task-row.ts';
import type { SkippedOccurrences } from '../transitions/transition.ts';
import { admitOccurrence, followingOccurrence, jitteredStartOf, occurrenceOf, planOccurrence, withPlannedRun } from './occurrence-plan.ts';

/** The most `skipped` records one decision writes, so an outage of a frequent task writes a few rows, not thousands. */
export const MAX_SKIPPED_RECORDS = 3;

/** How late a run may start under `missedRuns: skip` when no grace is given. */
export const DEFAULT_SKIP_GRACE_MS = 60_000;

/** How many missed occurrences `missedRuns: all` runs when no limit is given. */
export const DEFAULT_CATCH_UP_LIMIT = 10;

/** The most occurrences one decision looks at (a cron costs ~15 µs each); a longer backlog is worked through over several alarms. */
const MAX_SCANNED = 10_000;

/** What the missed-runs policy makes of a due row: the row to claim or keep, and the occurrences it passed over. */
export interface MissedRunDecision {
  row: TaskRow;
  claims: boolean;
  skipped?: SkippedOccurrences;
}

/**
 * Decides which of a due row's occurrences still run. `once` (and no policy) runs the row's as
 * today. `skip` passes over every occurrence whose start is older than the grace period (1 min by
 * default) and runs the latest only if it is within it. `all` runs the occurrences within the
 * grace period (unbounded by default), oldest first, at most `limit` of the latest (10 by
 * default); the runs after the first follow as each run ends.
 */
export function decideMissedRuns(row: TaskRow, now: number): MissedRunDecision {
  const policy = row.settings.missedRuns;
  const first = occurrenceOf(row);
  if (!policy || policy.policy === 'once' || first === null || row.nextRunAt === null) return { row, claims: true };
  const graceMs =
    policy.graceDuration !== undefined ? durationToMs(policy.graceDuration) : policy.policy === 'skip' ? DEFAULT_SKIP_GRACE_MS : Infinity;
  const keepMax = policy.policy === 'skip' ? 1 : (policy.limit ?? DEFAULT_CATCH_UP_LIMIT);
  const { due, next } = scanDueOccurrences(row, first, now);
  // The latest occurrences are the least late, so the ones kept are a suffix of the due ones.
  const tail = due.slice(-keepMax).map((occurrenceAt) => ({ occurrenceAt, startAt: startOf(row, first, occurrenceAt) }));
  const kept = tail.filter((occurrence) => now - occurrence.startAt <= graceMs);
  const passed = due.slice(0, due.length - kept.length);
  if (passed.length === 0) return { row, claims: true };
  const skipped = recordSkipped(row, passed, now, policy.policy);
  const target = kept[0]?.occurrenceAt ?? next;
  const planned = planOccurrence(row.taskId, row.settings, row.policyState, target);
  return { row: withPlannedRun(row, planned), claims: kept.length > 0, skipped };
}

/** When an occurrence of the row starts: the row's own start for its first, else its jittered start. */
function startOf(row: TaskRow, first: number, occurrenceAt: number): number {
  return occurrenceAt === first ? row.nextRunAt! : jitteredStartOf(row.taskId, row.settings, occurrenceAt);
}

/** The row's occurrences whose start has come, oldest first, and the occurrence after them (null when the window has closed). */
function scanDueOccurrences(row: TaskRow, first: number, now: number): { due: number[]; next: number | null } {
  const { taskId, settings, policyState } = row;
  const due = [first];
  let candidate = followingOccurrence(settings, first);
  for (;;) {
    const following = admitOccurrence(settings, policyState, candidate);
    if (following === null) return { due, next: null };
    candidate = followingOccurrence(settings, following);
    // Jitter never reaches the next occurrence, so one already past needs no jitter computed.
    const hasStarted = (candidate !== null && candidate <= now) || jitteredStartOf(taskId, settings, following) <= now;
    if (!hasStarted || due.length >= MAX_SCANNED) return { due, next: following };
    due.push(following);
  }
}

/** History records for the latest passed-over occurrences (at most MAX_SKIPPED_RECORDS), and how many there were. */
function recordSkipped(row: TaskRow, passed: readonly number[], now: number, policy: string): SkippedOccurrences {
  const recorded = passed.slice(-MAX_SKIPPED_RECORDS);
  const unrecorded = passed.length - recorded.length;
  const records = recorded.map((occurrenceAt, index): RunRecord => {
    const more = index === recorded.length - 1 && unrecorded > 0 ? `; ${unrecorded} earlier occurrences were skipped too` : '';
    const message = `Occurrence missed by ${now - occurrenceAt} ms, skipped by the missedRuns policy '${policy}'${more}`;
    return skippedRecord(row.taskId, occurrenceAt, now, message);
  });
  return { records, count: passed.length };
}

/** The history record of an occurrence that did not run; its ticket names the task and the occurrence, so it is unique. */
export function skippedRecord(taskId: string, occurrenceAt: number, now: number, message: string): RunRecord {
  return {
    taskId,
    ticket: `skipped:${taskId}:${occurrenceAt}`,
    cause: 'schedule',
    scheduledFor: occurrenceAt,
    startedAt: now,
    endedAt: now,
    outcome: 'skipped',
    error: serializeNamedError('SkippedOccurrence', message),
  };
}
