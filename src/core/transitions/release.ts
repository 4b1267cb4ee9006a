import { planNextRun, withPlannedRun } from '../policies/occurrence-plan.ts';
import { applyRunEndPolicies } from '../policies/run-end-policies.ts';
import type { RunOutcome, TaskRow } from '../task-row.ts';

/**
 * A row whose run has ended: the lease released, the end and error recorded, and the next run
 * following the cadence and the occurrence policies from the occurrence's due time, then the run
 * policies (a retry, a pause after failures) applied for `outcome`. Completion, cancellation and
 * timeout all end a run this way.
 */
export function releaseRun(row: TaskRow, now: number, error: string | null, outcome: RunOutcome): TaskRow {
  const released = { ...withPlannedRun(row, planNextRun(row, now)), run: null, lastRunEndedAt: now, lastRunError: error };
  return applyRunEndPolicies(row, released, now, outcome);
}
