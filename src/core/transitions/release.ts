import { computeNextRun } from '../next-run.ts';
import { applyRunEndPolicies } from '../policies/run-end-policies.ts';
import { occurrenceDueAt } from '../policies/retry-policy.ts';
import type { RunOutcome, TaskRow } from '../task-row.ts';

/**
 * A row whose run has ended: the lease released, the end and error recorded, and the next run
 * following the cadence from the occurrence's due time, then the run policies (a retry, a pause
 * after failures) applied for `outcome`. Completion, cancellation and timeout all end a run this way.
 */
export function releaseRun(row: TaskRow, now: number, error: string | null, outcome: RunOutcome): TaskRow {
  const nextRunAt = computeNextRun(row.settings, occurrenceDueAt(row), now);
  return applyRunEndPolicies(row, { ...row, run: null, nextRunAt, lastRunEndedAt: now, lastRunError: error }, now, outcome);
}
