import { computeNextRun } from './next-run.ts';
import type { TaskRow } from './task-row.ts';

/** The most due times one preview lists. */
export const MAX_PREVIEW_COUNT = 100;

/**
 * The task's next `count` due times as its schedule stands, earliest first. A manual task has
 * none. A running task's list starts after the current run, as if it ended now.
 */
export function previewNextRuns(row: TaskRow, now: number, count: number): number[] {
  const times: number[] = [];
  let next = row.run ? computeNextRun(row.settings, row.nextRunAt, now) : row.nextRunAt;
  while (next !== null && times.length < Math.min(count, MAX_PREVIEW_COUNT)) {
    times.push(next);
    // Each later occurrence follows the previous one as if that run ended the moment it started.
    next = computeNextRun(row.settings, next, next);
  }
  return times;
}
