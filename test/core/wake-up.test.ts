import { describe, expect, it } from 'vitest';
import { MAX_TIMER_DELAY_MS } from '../../src/core/timer.ts';
import { armWakeUp } from '../../src/core/wake-up.ts';
import { at, DAY_MS } from '../support/instants.ts';
import { createTestClock } from '../support/test-clock.ts';
import { createTestTimer } from '../support/test-timer.ts';

const NOON = at('2025-01-15T12:00:00Z');

describe('armWakeUp', () => {
  it('wakes when the clock reaches the instant', () => {
    const clock = createTestClock(NOON);
    const timer = createTestTimer(clock);
    const wakes: number[] = [];
    armWakeUp(clock, timer, NOON + 5_000, () => wakes.push(clock.now()));

    timer.advance(10_000);

    expect(wakes).toEqual([NOON + 5_000]);
  });

  it('does not wake before the instant', () => {
    const clock = createTestClock(NOON);
    const timer = createTestTimer(clock);
    const wakes: number[] = [];
    armWakeUp(clock, timer, NOON + 5_000, () => wakes.push(clock.now()));

    timer.advance(4_999);

    expect(wakes).toEqual([]);
  });

  it('wakes for an instant in the past through a timer, not inside the caller', () => {
    const clock = createTestClock(NOON);
    const timer = createTestTimer(clock);
    const wakes: number[] = [];

    armWakeUp(clock, timer, NOON - 1_000, () => wakes.push(clock.now()));
    const wakesBeforeTimer = wakes.length;
    timer.advance(0);

    expect(wakesBeforeTimer).toBe(0);
    expect(wakes).toEqual([NOON]);
  });

  it('splits a 40-day wait into timers no longer than MAX_TIMER_DELAY_MS (backstage#23268)', () => {
    const clock = createTestClock(NOON);
    const timer = createTestTimer(clock);
    const wakes: number[] = [];
    armWakeUp(clock, timer, NOON + 40 * DAY_MS, () => wakes.push(clock.now()));

    timer.advance(41 * DAY_MS);

    expect(wakes).toEqual([NOON + 40 * DAY_MS]);
    expect(Math.max(...timer.requestedDelays)).toBe(MAX_TIMER_DELAY_MS);
    expect(timer.requestedDelays).toHaveLength(Math.ceil((40 * DAY_MS) / MAX_TIMER_DELAY_MS));
  });

  it('does not wake once cancelled', () => {
    const clock = createTestClock(NOON);
    const timer = createTestTimer(clock);
    const wakes: number[] = [];
    const cancel = armWakeUp(clock, timer, NOON + 40 * DAY_MS, () => wakes.push(clock.now()));
    timer.advance(20 * DAY_MS);

    cancel();
    timer.advance(30 * DAY_MS);

    expect(wakes).toEqual([]);
    expect(timer.pendingCount()).toBe(0);
  });
});
