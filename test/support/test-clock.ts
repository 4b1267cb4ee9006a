import type { Clock } from '../../src/core/clock.ts';

/** A clock that stands still until the test moves it. */
export interface TestClock extends Clock {
  advance(ms: number): number;
  set(at: number): void;
}

/** Creates a test clock starting at `start` (epoch milliseconds). */
export function createTestClock(start: number): TestClock {
  let current = start;
  return {
    now: () => current,
    advance: (ms) => (current += ms),
    set: (at) => {
      current = at;
    },
  };
}
