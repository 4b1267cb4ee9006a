import { countScheduledRun, planNextRun, withPlannedRun, type PlannedRun } from './policies/occurrence-plan.ts';
import type { TaskRow } from './task-row.ts';

/** The most due times one preview lists. */
export const MAX_PREVIEW_COUNT = 100;

/**
 * The task's next `count` due times as its schedule stands, earliest first. A manual task has
 * none. A running task's list starts after the current run, as if it ended now. The occurrence
 * policies apply: jittered starts, and no time outside the window.
 */
export function previewNextRuns(row: TaskRow, now: number, count: number): number[] {
  const times: number[] = [];
  let next: PlannedRun = row.run ? planNextRun(row, now) : { nextRunAt: row.nextRunAt, policyState: row.policyState };
  while (next.nextRunAt !== null && times.length < Math.min(count, MAX_PREVIEW_COUNT)) {
    times.push(next.nextRunAt);
    // Each later occurrence follows the previous one as if that run ended the moment it started.
    next = planNextRun(countScheduledRun(withPlannedRun(row, next)), next.nextRunAt);
  }
  return times;
}
