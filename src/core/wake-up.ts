import type { Clock } from './clock.ts';
import { MAX_TIMER_DELAY_MS, type CancelTimer, type Timer } from './timer.ts';

/**
 * Calls `onWake` once the clock reaches `at`, however far away that is, and never inside the
 * caller. A wait longer than MAX_TIMER_DELAY_MS is split: each timer that fires checks the clock
 * and waits again for the rest, so a 40-day cadence neither overflows nor fires early
 * (backstage#23268). The returned function cancels whichever timer is pending.
 */
export function armWakeUp(clock: Clock, timer: Timer, at: number, onWake: () => void): CancelTimer {
  let isCancelled = false;
  let cancelPending: CancelTimer = () => {};
  const wait = () => {
    const remainingMs = Math.max(0, at - clock.now());
    cancelPending = timer.start(Math.min(remainingMs, MAX_TIMER_DELAY_MS), () => {
      if (isCancelled) return;
      if (clock.now() >= at) onWake();
      else wait();
    });
  };
  wait();
  return () => {
    isCancelled = true;
    cancelPending();
  };
}
