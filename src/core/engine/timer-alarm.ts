import type { Clock } from '../clock.ts';
import type { CancelTimer, Timer } from '../timer.ts';
import { armWakeUp } from '../wake-up.ts';
import type { Alarm } from './engine-ports.ts';

/** An alarm made of timers, for a process, and how to stop it for good. */
export interface TimerAlarm extends Alarm {
  /** Disarms the alarm and ignores every later `set`, so the process can exit. */
  stop(): void;
}

/**
 * The Durable Object's alarm in a process: one timer at a time, long waits split so they neither
 * overflow nor fire early (backstage#23268), and `onFire` called outside the caller.
 */
export function createTimerAlarm(clock: Clock, timer: Timer, onFire: () => void): TimerAlarm {
  let cancel: CancelTimer | undefined;
  let isStopped = false;
  return {
    set(at) {
      cancel?.();
      cancel = undefined;
      if (at === null || isStopped) return;
      cancel = armWakeUp(clock, timer, at, () => {
        cancel = undefined;
        onFire();
      });
    },
    stop() {
      isStopped = true;
      cancel?.();
      cancel = undefined;
    },
  };
}
