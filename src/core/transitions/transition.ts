import type { TaskRow } from '../task-row.ts';

/** Something core decided should happen; the adapter carries it out after writing the row. */
export type Effect =
  | { type: 'startRun'; taskId: string; ticket: string }
  | { type: 'abortRun'; taskId: string; ticket: string; reason: string };

/** A transition's result: the row to write, and what to do once it is written. */
export interface Transition {
  row: TaskRow;
  effects: Effect[];
}
