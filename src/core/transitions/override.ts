import type * as z from 'zod';
import { ConflictError, InputError, NotFoundError } from '../errors.ts';
import { occurrenceOf, planNaturalNextRun, planRun, withPlannedRun } from '../policies/occurrence-plan.ts';
import { parseAtBoundary } from '../parse-at-boundary.ts';
import type { TaskRow } from '../task-row.ts';
import type { taskOverrideSchema } from '../task-status.ts';
import { type settingsOverrideSchema, taskSettingsSchema, type TaskSettings } from '../task-settings.ts';

/** The settings an override replaces: any of them but the version. A cadence carries its zone with it. */
export type SettingsOverride = z.infer<typeof settingsOverrideSchema>;

/**
 * A runtime change to a task defined in code (backstage#32754): what it replaces, the code's own
 * settings beneath it, and when it was set. It survives deployments: each registration lays it
 * over the code's settings again.
 */
export type TaskOverride = z.infer<typeof taskOverrideSchema>;

/** The code's settings with an override laid over them; a cadence without a zone clears the code's zone. */
export function applyOverride(code: TaskSettings, override: SettingsOverride): TaskSettings {
  const merged: TaskSettings = { ...code, ...override, version: 2 };
  if (override.cadence !== undefined && override.timeZone === undefined) delete merged.timeZone;
  // Each field was valid alone; together they must still be (a policy may depend on the cadence).
  return parseAtBoundary(taskSettingsSchema, merged, 'override');
}

/**
 * Overrides a code task's settings at runtime: 404 if unknown, 409 for a task defined over the API
 * (PUT replaces those). A second override is laid over the first. The new cadence applies at once:
 * the next run becomes its next occurrence from now, unless the cadence is unchanged. A running run
 * and the pause state are kept.
 */
export function overrideTask(row: TaskRow | undefined, taskId: string, override: SettingsOverride, now: number): TaskRow {
  if (!row) throw new NotFoundError(`Task ${taskId} does not exist`);
  if (row.source !== 'code') throw new ConflictError(`Task ${taskId} is defined over the API; replace it with PUT instead`);
  const codeSettings = row.override?.codeSettings ?? row.settings;
  const combined = { ...row.override?.settings, ...override };
  if (override.cadence !== undefined && override.timeZone === undefined) delete combined.timeZone;
  const settings = applyOverride(codeSettings, combined);
  if (settings.overlap === 'allow') throw new InputError("override.overlap: 'allow' applies only to tasks defined over the API");
  return { ...withSettings(row, settings, now), override: { settings: combined, codeSettings, setAt: now } };
}

/** Returns a code task to its code's settings: 404 if unknown or without an override. */
export function clearOverride(row: TaskRow | undefined, taskId: string, now: number): TaskRow {
  if (!row) throw new NotFoundError(`Task ${taskId} does not exist`);
  if (!row.override) throw new NotFoundError(`Task ${taskId} has no override`);
  const { override: _cleared, ...rest } = withSettings(row, row.override.codeSettings, now);
  return rest;
}

/** A row under new settings; a changed cadence moves the next run to its next occurrence. */
function withSettings(row: TaskRow, settings: TaskSettings, now: number): TaskRow {
  const sameCadence = settings.cadence === row.settings.cadence && settings.timeZone === row.settings.timeZone;
  // Same cadence: the stored occurrence stands, under the new window and jitter (a new skipped date applies at once).
  if (sameCadence) {
    const changed = { ...row, settings };
    return row.run || row.nextRunAt === null ? changed : withPlannedRun(changed, planRun(row.taskId, settings, row.policyState, occurrenceOf(row)));
  }
  return withPlannedRun({ ...row, settings }, planNaturalNextRun(row.taskId, settings, now, row.policyState));
}
