import type { Clock } from '../core/clock.ts';

/** The clock of the machine the code runs on: the one port core never builds itself. */
export const systemClock: Clock = { now: () => Date.now() };
