import type { Clock } from '../../src/core/clock.ts';

/**
 * The clock of every scheduler object in the integration tests. It follows the system clock
 * until a test file freezes it. Each test file has its own isolate, so freezing is per file.
 * Frozen time lies years ahead, so alarms armed from it never fire by themselves: the test
 * fires them with `runDurableObjectAlarm`.
 */
export interface SharedTestClock extends Clock {
  /** Freezes time at `at`; objects started afterwards use it too. */
  freeze(at: number): void;
  advance(ms: number): number;
}

let frozenAt: number | undefined;

export const sharedTestClock: SharedTestClock = {
  now: () => frozenAt ?? Date.now(),
  freeze: (at) => {
    frozenAt = at;
  },
  advance: (ms) => {
    if (frozenAt === undefined) throw new Error('Freeze the clock before advancing it');
    return (frozenAt += ms);
  },
};

/** A frozen instant well past any alarm the real clock could reach during a test run. */
export const FAR_FUTURE = Date.UTC(2036, 0, 5, 12, 0, 0);
