/** A source of the current instant, in epoch milliseconds; injected so tests control time. */
export interface Clock {
  now(): number;
}
