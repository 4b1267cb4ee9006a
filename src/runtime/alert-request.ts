import type { AlertDelivery, AlertSender } from '../core/engine/policy-notices.ts';
import { assertAlertAllowed } from '../core/policies/alert-policy.ts';
import type { HandlerPolicy } from '../core/task-handler.ts';
import { createHandlerTask } from './handler-request.ts';

/** How long an alert request may take before it is given up. */
const ALERT_TIMEOUT_MS = 10_000;

/** What an alert sender needs from its runtime: as a handler run's context, less the run. */
export interface AlertSenderContext {
  policy: () => HandlerPolicy;
  env: Record<string, unknown>;
  signingSecret: string | undefined;
  now(): number;
}

/** The JSON body of an alert: the event, the task, when, and the event's details, instants in ISO-8601 UTC. */
export function describeAlertBody(delivery: AlertDelivery): string {
  const { notice } = delivery;
  const details =
    notice.event === 'stale'
      ? { lastSucceededAt: notice.lastSucceededAt === null ? null : new Date(notice.lastSucceededAt).toISOString(), since: new Date(notice.since).toISOString() }
      : notice.event === 'failure'
        ? { runId: notice.ticket, error: notice.error }
        : { runId: notice.ticket };
  return JSON.stringify({ event: notice.event, pluginId: delivery.pluginId, taskId: delivery.taskId, at: new Date(delivery.at).toISOString(), ...details });
}

/**
 * Sends alerts as handler requests are sent: a POST under the same outbound policy
 * (SCHEDULER_ALLOWED_HOSTS), signed with SCHEDULER_SIGNING_SECRET in the same headers, and
 * given up after ten seconds. A non-2xx answer rejects, and the engine logs it.
 */
export function createAlertSender(context: AlertSenderContext): AlertSender {
  return async (delivery) => {
    const notice = delivery.notice;
    // Checked here first so a refusal names alert.url; the handler request checks its URL again.
    assertAlertAllowed({ alert: { url: delivery.url, on: [notice.event] } }, context.policy());
    const send = createHandlerTask(
      { url: delivery.url, method: 'POST', headers: { 'Content-Type': 'application/json' }, body: describeAlertBody(delivery) },
      {
        pluginId: delivery.pluginId,
        taskId: delivery.taskId,
        ticket: notice.event === 'stale' ? '' : notice.ticket,
        scheduledFor: delivery.at,
        policy: context.policy(),
        env: context.env,
        signingSecret: context.signingSecret,
        now: () => context.now(),
      },
    );
    await send(AbortSignal.timeout(ALERT_TIMEOUT_MS));
  };
}
