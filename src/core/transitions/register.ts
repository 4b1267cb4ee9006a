import { computeFirstRun, computeNaturalNextRun } from '../next-run.ts';
import type { TaskRow } from '../task-row.ts';
import type { TaskSettings } from '../task-settings.ts';

/**
 * Registers a task, as every cold start and deploy does (an idempotent upsert). Settings are
 * overwritten. The next run becomes the earlier of the stored one and the one the new cadence
 * implies, so a shorter cadence applies at once and a restart does not run everything
 * (backstage#19792, #20239). A stored null (manual) adopts the new value (backstage#34702), and
 * a task switched to manual stops running on its own, where Backstage would run it once more.
 * Pause state and run state are kept. Returns `existing` itself when nothing changed, so the
 * caller can skip the write.
 */
export function registerTask(
  existing: TaskRow | undefined,
  taskId: string,
  settings: TaskSettings,
  now: number,
): TaskRow {
  if (!existing) {
    return {
      taskId,
      settings,
      nextRunAt: computeFirstRun(settings, now),
      run: null,
      lastRunEndedAt: null,
      lastRunError: null,
      source: 'code',
      handler: null,
      isPaused: false,
    };
  }
  const natural = computeNaturalNextRun(settings, now);
  const nextRunAt =
    natural === null ? null : existing.nextRunAt === null ? natural : Math.min(existing.nextRunAt, natural);
  const sameSettings = JSON.stringify(existing.settings) === JSON.stringify(settings);
  if (sameSettings && nextRunAt === existing.nextRunAt && existing.source === 'code') return existing;
  // Code is the source of truth: a task defined in code replaces an API task of the same id.
  return { ...existing, settings, nextRunAt, source: 'code', handler: null };
}
