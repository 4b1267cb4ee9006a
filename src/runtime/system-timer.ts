import type { Timer } from '../core/timer.ts';

/** The runtime's own timers: Node's, Deno's, or workerd's while an event is alive. */
export const systemTimer: Timer = {
  start: (delayMs, callback) => {
    const handle = setTimeout(callback, delayMs);
    return () => clearTimeout(handle);
  },
};
