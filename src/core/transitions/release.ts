import { computeNextRun } from '../next-run.ts';
import type { TaskRow } from '../task-row.ts';

/**
 * A row whose run has ended: the lease released, the end and error recorded, and the next run
 * following the cadence. Completion, cancellation and timeout all end a run this way.
 */
export function releaseRun(row: TaskRow, now: number, error: string | null): TaskRow {
  return { ...row, run: null, nextRunAt: computeNextRun(row.settings, row.nextRunAt, now), lastRunEndedAt: now, lastRunError: error };
}
