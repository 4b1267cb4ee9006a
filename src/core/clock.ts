/** A source of the current instant, in epoch milliseconds; injected so tests control time. */
export interface Clock {
  now(): number;
}

/** The clock of the machine the code runs on. */
export const systemClock: Clock = { now: () => Date.now() };
