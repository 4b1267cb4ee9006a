import { describe, expect, it } from 'vitest';
import { createTimerAlarm } from '../../../src/core/engine/timer-alarm.ts';
import { createTestClock } from '../../support/test-clock.ts';
import { createTestTimer } from '../../support/test-timer.ts';

describe('createTimerAlarm', () => {
  it('fires once at the time it was set for', () => {
    const clock = createTestClock(1_000);
    const timer = createTestTimer(clock);
    const fired: number[] = [];
    const alarm = createTimerAlarm(clock, timer, () => fired.push(clock.now()));

    alarm.set(5_000);
    timer.advance(10_000);

    expect(fired).toEqual([5_000]);
  });

  it('replaces the time it was set for, and disarms for null', () => {
    const clock = createTestClock(1_000);
    const timer = createTestTimer(clock);
    const fired: number[] = [];
    const alarm = createTimerAlarm(clock, timer, () => fired.push(clock.now()));

    alarm.set(5_000);
    alarm.set(3_000);
    timer.advance(2_500);
    alarm.set(9_000);
    alarm.set(null);
    timer.advance(10_000);

    expect(fired).toEqual([3_000]);
  });

  it('ignores every later set once stopped, so the process can exit', () => {
    const clock = createTestClock(1_000);
    const timer = createTestTimer(clock);
    const alarm = createTimerAlarm(clock, timer, () => {});
    alarm.set(5_000);

    alarm.stop();
    alarm.set(6_000);

    expect(timer.pendingCount()).toBe(0);
  });
});
