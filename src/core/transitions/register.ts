import { computeFirstRun, computeNaturalNextRun } from '../next-run.ts';
import type { TaskRow } from '../task-row.ts';
import type { TaskSettings } from '../task-settings.ts';
import { applyOverride, type SettingsOverride } from './override.ts';

/**
 * Registers a task, as every cold start and deploy does (an idempotent upsert). Settings are
 * overwritten. The next run becomes the earlier of the stored one and the one the new cadence
 * implies, so a shorter cadence applies at once and a restart does not run everything
 * (backstage#19792, #20239). A stored null (manual) adopts the new value (backstage#34702), and
 * a task switched to manual stops running on its own, where Backstage would run it once more.
 * Pause state and run state are kept, and so is an override set at runtime, laid over the new
 * code settings. Returns `existing` itself when nothing changed, so the caller can skip the write.
 */
export function registerTask(
  existing: TaskRow | undefined,
  taskId: string,
  codeSettings: TaskSettings,
  now: number,
): TaskRow {
  if (!existing) {
    return {
      taskId,
      settings: codeSettings,
      nextRunAt: computeFirstRun(codeSettings, now),
      run: null,
      lastRunEndedAt: null,
      lastRunError: null,
      source: 'code',
      handler: null,
      isPaused: false,
    };
  }
  // An override set at runtime outlives deployments: it is laid over the code's settings again.
  const override = existing.source === 'code' && existing.override ? { ...existing.override, codeSettings } : undefined;
  const settings = override ? (overriddenSettings(codeSettings, override.settings) ?? codeSettings) : codeSettings;
  const natural = computeNaturalNextRun(settings, now);
  const nextRunAt =
    natural === null ? null : existing.nextRunAt === null ? natural : Math.min(existing.nextRunAt, natural);
  const sameSettings = JSON.stringify(existing.settings) === JSON.stringify(settings);
  const sameOverride = !override || JSON.stringify(existing.override?.codeSettings) === JSON.stringify(codeSettings);
  if (sameSettings && sameOverride && nextRunAt === existing.nextRunAt && existing.source === 'code') return existing;
  // Code is the source of truth: a task defined in code replaces an API task of the same id.
  const { override: _dropped, ...row } = existing;
  const keepsOverride = override !== undefined && settings !== codeSettings;
  return { ...row, settings, nextRunAt, source: 'code', handler: null, ...(keepsOverride && { override }) };
}

/** The override laid over new code settings, or undefined when the two no longer make valid settings (the override is then dropped). */
function overriddenSettings(codeSettings: TaskSettings, override: SettingsOverride): TaskSettings | undefined {
  try {
    return applyOverride(codeSettings, override);
  } catch {
    return undefined;
  }
}
