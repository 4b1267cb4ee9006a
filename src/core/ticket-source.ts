/** Where run tickets come from; injected, since core uses no randomness. A ticket must never repeat for one plugin's tasks. */
export interface TicketSource {
  issue(): string;
}

/** Tickets numbered from 1 with a prefix: unique for as long as the store they lease in lives, like an in-memory one. */
export function createCountingTickets(prefix = 'ticket'): TicketSource {
  let count = 0;
  return { issue: () => `${prefix}-${++count}` };
}
