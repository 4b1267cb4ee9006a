import { InputError } from '../errors.ts';
import { isHostAllowed, type HandlerPolicy } from '../task-handler.ts';
import type { TaskSettings } from '../task-settings.ts';

/**
 * Throws InputError unless the task's alert webhook may be called under the handlers' outbound
 * policy (SCHEDULER_ALLOWED_HOSTS). Checked when an API task is defined, and again at each
 * delivery, since the allowed hosts may change (and code tasks are checked only then).
 */
export function assertAlertAllowed(settings: Pick<TaskSettings, 'alert'>, policy: HandlerPolicy): void {
  if (!settings.alert) return;
  const host = new URL(settings.alert.url).hostname;
  if (!isHostAllowed(host, policy.allowedHosts)) throw new InputError(`alert.url host '${host}' is not in SCHEDULER_ALLOWED_HOSTS`);
}
