import { computeInitialWaitEnd } from './next-run.ts';
import { hasRoomForRun } from './policies/concurrent-runs.ts';
import { computePreemptAt } from './policies/overlap-policy.ts';
import { computeStaleAt } from './policies/staleness.ts';
import type { TaskRow, WorkerContext } from './task-row.ts';

/**
 * How often the object wakes while runs are in flight. An object with no incoming events can be
 * evicted after 70–140 s, which would kill its runs; a wake-up every 30 s keeps it resident.
 */
export const HEARTBEAT_MS = 30_000;

/**
 * The one place that decides the alarm: the earliest of the next due idle, unpaused task (after
 * its initial wait) or of an `allow` task with room for another run, the earliest lease expiry
 * (concurrent runs' too) or `cancel-running` preemption, the moment a watched task becomes
 * stale, and a heartbeat while runs are in flight. Returns null when nothing
 * is pending, so an idle plugin costs nothing. Never in the past: an overdue task arms the alarm
 * for now, so it is never skipped.
 */
export function computeAlarmAt(rows: readonly TaskRow[], now: number, worker: WorkerContext): number | null {
  let earliest = worker.liveTickets.size > 0 ? now + HEARTBEAT_MS : Infinity;
  for (const row of rows) {
    let at = row.run ? Math.min(row.run.timesOutAt, computePreemptAt(row) ?? Infinity) : Infinity;
    for (const run of row.policyState?.concurrentRuns ?? []) at = Math.min(at, run.timesOutAt);
    // The next run, once there is room for it (an idle task, or `allow` under its cap).
    if (row.nextRunAt !== null && !row.isPaused && hasRoomForRun(row)) {
      at = Math.min(at, Math.max(row.nextRunAt, computeInitialWaitEnd(row.settings, worker.startedAt)));
    }
    // A watched task also wakes the engine when it becomes stale, to flag and alert even if nothing else happens.
    const staleAt = computeStaleAt(row) ?? Infinity;
    earliest = Math.min(earliest, at, staleAt);
  }
  return earliest === Infinity ? null : Math.max(earliest, now);
}
