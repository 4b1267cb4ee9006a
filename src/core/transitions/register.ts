import { occurrenceOf, planFirstRun, planNaturalNextRun, planRun, withPlannedRun } from '../policies/occurrence-plan.ts';
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
    const first = planFirstRun(taskId, codeSettings, now);
    return {
      ...(first.policyState && { policyState: first.policyState }),
      taskId,
      settings: codeSettings,
      nextRunAt: first.nextRunAt,
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
  const natural = planNaturalNextRun(taskId, settings, now, existing.policyState);
  // The stored occurrence, under the new settings' window and jitter: a newly skipped date or end bound applies at once.
  const stored = existing.nextRunAt === null ? null : planRun(taskId, settings, existing.policyState, occurrenceOf(existing));
  // The stored next run stands unless the natural one is earlier (or the stored one is manual's null).
  const keepsStored = natural.nextRunAt !== null && stored?.nextRunAt != null && stored.nextRunAt <= natural.nextRunAt;
  const nextRunAt = keepsStored ? stored.nextRunAt : natural.nextRunAt;
  const sameSettings = JSON.stringify(existing.settings) === JSON.stringify(settings);
  const sameOverride = !override || JSON.stringify(existing.override?.codeSettings) === JSON.stringify(codeSettings);
  if (sameSettings && sameOverride && nextRunAt === existing.nextRunAt && existing.source === 'code') return existing;
  // Code is the source of truth: a task defined in code replaces an API task of the same id.
  const { override: _dropped, ...row } = existing;
  const keepsOverride = override !== undefined && settings !== codeSettings;
  const planned = withPlannedRun(row, keepsStored ? stored : natural);
  return { ...planned, settings, source: 'code', handler: null, ...(keepsOverride && { override }) };
}

/** The override laid over new code settings, or undefined when the two no longer make valid settings (the override is then dropped). */
function overriddenSettings(codeSettings: TaskSettings, override: SettingsOverride): TaskSettings | undefined {
  try {
    return applyOverride(codeSettings, override);
  } catch {
    return undefined;
  }
}
