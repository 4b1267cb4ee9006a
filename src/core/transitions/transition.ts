import type { RunPolicyNotice } from '../policies/run-policy-notice.ts';
import type { RunRecord, TaskRow } from '../task-row.ts';

/** Something core decided should happen; the adapter carries it out after writing the row. */
export type Effect =
  | { type: 'startRun'; taskId: string; ticket: string }
  | { type: 'abortRun'; taskId: string; ticket: string; reason: string }
  | { type: 'notify'; taskId: string; notice: RunPolicyNotice };

/** Occurrences a policy passed over: a few history records for them, and how many there were in all. */
export interface SkippedOccurrences {
  records: RunRecord[];
  count: number;
}

/** A transition's result: the row to write, the run it ended if any, and what to do once written. */
export interface Transition {
  type?: 'write';
  row: TaskRow;
  effects: Effect[];
  finishedRun?: RunRecord;
  /** Concurrent runs of an `overlap: 'allow'` task that ended in the same write (see `concurrent-runs.ts`). */
  endedConcurrentRuns?: RunRecord[];
  /** Occurrences passed over by the occurrence policies, recorded as `skipped` in the same write. */
  skipped?: SkippedOccurrences;
}

/**
 * A transition that removes a task's row: the run it ended if any, and what to do once removed.
 * `forgetsHistory` drops the task's finished runs with it; otherwise they stay, and the ended run
 * joins them.
 */
export interface Removal {
  type: 'remove';
  taskId: string;
  effects: Effect[];
  finishedRun?: RunRecord;
  endedConcurrentRuns?: RunRecord[];
  forgetsHistory: boolean;
}

/** Any change of one task's state: its row written, or removed. */
export type Change = Transition | Removal;
