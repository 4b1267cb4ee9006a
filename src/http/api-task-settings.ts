import { assertCadenceAllowed, type ApiTaskLimits } from '../core/api-task-limits.ts';
import { durationToMs } from '../core/duration.ts';
import { InputError } from '../core/errors.ts';
import { describeScheduleSubject, toTaskSettings } from '../core/schedule-definition.ts';
import { nameInErrors } from '../core/task-batch.ts';
import type { TaskSettings } from '../core/task-settings.ts';
import { MAX_API_TIMEOUT_MS, type TaskInput } from './schemas.ts';

/**
 * The settings of a task defined over the API: its schedule validated and normalised as the code
 * API does, with a timeout of at most 24 hours and a cadence no shorter than the limits allow.
 * `subject` opens each error's message. The plugin's object checks again; checking here first
 * keeps a refused task from creating storage for a new plugin.
 */
export function toApiTaskSettings(
  taskId: string,
  input: TaskInput,
  limits: ApiTaskLimits,
  subject = describeScheduleSubject(taskId),
): TaskSettings {
  const settings = toTaskSettings(taskId, input, subject);
  if (durationToMs(settings.timeoutAfterDuration) > MAX_API_TIMEOUT_MS) {
    throw new InputError(`${subject}: timeout must be at most 24 hours, got ${settings.timeoutAfterDuration}`);
  }
  nameInErrors(subject, () => assertCadenceAllowed(settings, limits));
  return settings;
}
