import { planNextRun, withPlannedRun } from '../policies/occurrence-plan.ts';
import type { TaskRow } from '../task-row.ts';

/**
 * A row whose run has ended: the lease released, the end and error recorded, and the next run
 * following the cadence and the occurrence policies. Completion, cancellation and timeout all end
 * a run this way.
 */
export function releaseRun(row: TaskRow, now: number, error: string | null): TaskRow {
  return { ...withPlannedRun(row, planNextRun(row, now)), run: null, lastRunEndedAt: now, lastRunError: error };
}
