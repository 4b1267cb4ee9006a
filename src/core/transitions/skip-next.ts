import { ConflictError, NotFoundError } from '../errors.ts';
import { skippedRecord } from '../policies/missed-runs.ts';
import { occurrenceOf, planNextRun, withPlannedRun } from '../policies/occurrence-plan.ts';
import type { TaskRow } from '../task-row.ts';
import type { Transition } from './transition.ts';

/**
 * Passes over a task's next occurrence, once: it is recorded as `skipped`, and the task waits for
 * the occurrence after it, under its policies. 404 if unknown; 409 for a manual or paused task, a
 * task whose window has closed, or a running one (its next occurrence is not planned until the
 * run ends; under `overlap: 'allow'` it is, so runs going on do not stop a skip).
 */
export function skipNextRun(row: TaskRow | undefined, taskId: string, now: number): Transition {
  if (!row) throw new NotFoundError(`Task ${taskId} does not exist`);
  if (row.settings.cadence === 'manual') throw new ConflictError(`Task ${taskId} runs only when triggered, so it has no next occurrence to skip`);
  if (row.isPaused) throw new ConflictError(`Task ${taskId} is paused, so it has no next occurrence to skip`);
  if (row.run) throw new ConflictError(`Task ${taskId} is currently running`);
  const occurrenceAt = occurrenceOf(row);
  if (occurrenceAt === null) throw new ConflictError(`Task ${taskId} has no next occurrence to skip`);
  const record = skippedRecord(taskId, occurrenceAt, now, 'Occurrence skipped on request (skip-next)');
  return { row: withPlannedRun(row, planNextRun(row, now)), effects: [], skipped: { records: [record], count: 1 } };
}
