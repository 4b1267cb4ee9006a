import { ConflictError } from '../errors.ts';
import { planFirstRun, withOccurrenceState, withPlannedRun } from '../policies/occurrence-plan.ts';
import type { TaskHandler } from '../task-handler.ts';
import type { TaskRow } from '../task-row.ts';
import type { TaskSettings } from '../task-settings.ts';

/**
 * Creates or replaces a task defined over the API. An update takes effect at once: the next run
 * is computed from now, as for a new task. A running run, the pause state and the last run are
 * kept. A task defined in code cannot be replaced: it would come back at the next deployment.
 */
export function putApiTask(
  existing: TaskRow | undefined,
  taskId: string,
  settings: TaskSettings,
  handler: TaskHandler,
  now: number,
): { row: TaskRow; isNew: boolean } {
  if (existing?.source === 'code') {
    throw new ConflictError(`Task ${taskId} is defined in code and cannot be replaced over the API`);
  }
  // A replaced schedule starts afresh, so the occurrence policies' state (its count of runs too) does.
  const kept = withOccurrenceState(existing?.policyState, { occurrenceAt: undefined, scheduledRuns: undefined });
  const planned = planFirstRun(taskId, settings, now, kept);
  if (existing) return { row: withPlannedRun({ ...existing, settings, handler }, planned), isNew: false };
  return {
    row: {
      taskId,
      settings,
      nextRunAt: planned.nextRunAt,
      ...(planned.policyState && { policyState: planned.policyState }),
      run: null,
      lastRunEndedAt: null,
      lastRunError: null,
      source: 'api',
      handler,
      isPaused: false,
    },
    isNew: true,
  };
}
