/** Cancels a timer that has not fired yet; calling it after the timer fired does nothing. */
export type CancelTimer = () => void;

/** A source of one-shot timers, injected beside the Clock so tests decide when time passes. */
export interface Timer {
  /** Calls `callback` once, `delayMs` from now; `delayMs` is never above MAX_TIMER_DELAY_MS. */
  start(delayMs: number, callback: () => void): CancelTimer;
}

/**
 * The longest single wait asked of a Timer. The runtimes' timers overflow above 2^31 - 1 ms
 * (24.8 days) and then fire at once (backstage#23268); longer waits are chained from shorter
 * ones, as Backstage's `sleep` does with the same cap.
 */
export const MAX_TIMER_DELAY_MS = 2 ** 30;
