import { durationToMs } from '../core/duration.ts';
import { InputError } from '../core/errors.ts';
import { describeScheduleSubject, toTaskSettings } from '../core/schedule-definition.ts';
import type { TaskSettings } from '../core/task-settings.ts';
import { MAX_API_TIMEOUT_MS, type TaskInput } from './schemas.ts';

/**
 * The settings of a task defined over the API: its schedule validated and normalised as the code
 * API does, with a timeout of at most 24 hours. `subject` opens each error's message.
 */
export function toApiTaskSettings(taskId: string, input: TaskInput, subject = describeScheduleSubject(taskId)): TaskSettings {
  const settings = toTaskSettings(taskId, input, subject);
  if (durationToMs(settings.timeoutAfterDuration) > MAX_API_TIMEOUT_MS) {
    throw new InputError(`${subject}: timeout must be at most 24 hours, got ${settings.timeoutAfterDuration}`);
  }
  return settings;
}
