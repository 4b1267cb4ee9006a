import { assertNever } from '../assert-never.ts';
import type { Logger } from '../logger.ts';
import type { AlertEvent, RunPolicyNotice } from '../policies/run-policy-notice.ts';
import type { TaskRow } from '../task-row.ts';

/** Our metric: tasks that became stale, labelled like Backstage's run counters. */
export const STALE_COUNT_METRIC = 'backend_tasks.task.stale.count';

/** One alert to deliver: where, and what happened to which task when. */
export interface AlertDelivery {
  url: string;
  pluginId: string;
  taskId: string;
  /** When the notice was given, epoch milliseconds. */
  at: number;
  notice: RunPolicyNotice & { event: AlertEvent };
}

/** Sends one alert; rejects when it could not be delivered. */
export type AlertSender = (delivery: AlertDelivery) => Promise<void>;

/**
 * Carries out a run policy's notice: one log line (a stale task counted in `STALE_COUNT_METRIC`),
 * and the task's alert webhook when it asks for the event. Delivery runs in the background and a
 * failure is only logged: an alert never affects the schedule.
 */
export function carryOutNotice(
  row: TaskRow | undefined,
  notice: RunPolicyNotice,
  context: { pluginId: string; taskId: string; now: number; logger: Logger; sendAlert: AlertSender | undefined },
): Promise<void> | undefined {
  const logger = context.logger.child({ taskId: context.taskId });
  switch (notice.event) {
    case 'stale':
      logger.warn('Task is stale: no successful run within its staleAfter window', {
        lastSucceededAt: notice.lastSucceededAt,
        metrics: { [STALE_COUNT_METRIC]: 1 },
      });
      break;
    case 'recovery':
      logger.info('Task recovered: a run succeeded after failures or staleness', { runId: notice.ticket });
      break;
    case 'paused':
      logger.warn(`Task paused after ${notice.consecutiveFailures} consecutive failed runs (pauseAfterFailures)`);
      return undefined;
    case 'failure':
      break;
    default:
      return assertNever(notice);
  }
  const alert = row?.settings.alert;
  if (!alert?.on.includes(notice.event)) return undefined;
  if (!context.sendAlert) {
    logger.warn('Alert not sent: this runtime has no alert sender', { event: notice.event });
    return undefined;
  }
  const delivery: AlertDelivery = { url: alert.url, pluginId: context.pluginId, taskId: context.taskId, at: context.now, notice };
  return context.sendAlert(delivery).catch((error: unknown) => {
    logger.warn('Alert webhook could not be delivered; the schedule is unaffected', { event: notice.event, error: String(error) });
  });
}

/** Alert deliveries under way, so shutdown and tests can wait for them. */
export class PendingDeliveries {
  readonly #pending = new Set<Promise<void>>();

  /** Keeps a delivery until it ends; undefined (nothing sent) is ignored. */
  track(delivery: Promise<void> | undefined): void {
    if (!delivery) return;
    this.#pending.add(delivery);
    void delivery.finally(() => this.#pending.delete(delivery));
  }

  /** Resolves once every delivery tracked so far has ended. */
  async settled(): Promise<void> {
    await Promise.all(this.#pending);
  }
}
