/**
 * Something a run policy wants known beyond the run history: a task that became stale or
 * recovered, was paused after failures, or failed an occurrence for good. The engine logs it,
 * counts it, and sends it to the task's alert webhook when the webhook asks for its event.
 */
export type RunPolicyNotice =
  | { event: 'failure'; ticket: string; error: string | null }
  | { event: 'stale'; lastSucceededAt: number | null; since: number }
  | { event: 'recovery'; ticket: string }
  | { event: 'paused'; consecutiveFailures: number };

/** The events an alert webhook can ask for. */
export const ALERT_EVENTS = ['failure', 'stale', 'recovery'] as const;

export type AlertEvent = (typeof ALERT_EVENTS)[number];
