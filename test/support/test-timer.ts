import type { Timer } from '../../src/core/timer.ts';
import type { TestClock } from './test-clock.ts';

/** A timer driven by a test clock: nothing fires until the test moves time with `advance`. */
export interface TestTimer extends Timer {
  /** Every delay asked for so far, oldest first. */
  readonly requestedDelays: number[];
  /** How many timers wait to fire. */
  pendingCount(): number;
  /** Moves the clock forward, firing each timer when its time comes, earliest first. */
  advance(ms: number): void;
}

/** Creates a timer that fires on `clock`'s time, which it moves. */
export function createTestTimer(clock: TestClock): TestTimer {
  const pending: Array<{ dueAt: number; callback: () => void }> = [];
  const requestedDelays: number[] = [];
  return {
    requestedDelays,
    pendingCount: () => pending.length,
    start(delayMs, callback) {
      requestedDelays.push(delayMs);
      const entry = { dueAt: clock.now() + delayMs, callback };
      pending.push(entry);
      return () => {
        const index = pending.indexOf(entry);
        if (index >= 0) pending.splice(index, 1);
      };
    },
    advance(ms) {
      const target = clock.now() + ms;
      for (;;) {
        const next = pending.filter((entry) => entry.dueAt <= target).sort((a, b) => a.dueAt - b.dueAt)[0];
        if (!next) break;
        pending.splice(pending.indexOf(next), 1);
        clock.set(Math.max(clock.now(), next.dueAt));
        next.callback();
      }
      clock.set(target);
    },
  };
}
