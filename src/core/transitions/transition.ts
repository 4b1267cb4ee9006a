import type { RunRecord, TaskRow } from '../task-row.ts';

/** Something core decided should happen; the adapter carries it out after writing the row. */
export type Effect =
  | { type: 'startRun'; taskId: string; ticket: string }
  | { type: 'abortRun'; taskId: string; ticket: string; reason: string };

/** A transition's result: the row to write, the run it ended if any, and what to do once written. */
export interface Transition {
  row: TaskRow;
  effects: Effect[];
  finishedRun?: RunRecord;
}
