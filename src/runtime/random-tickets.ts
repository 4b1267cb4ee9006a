import type { TicketSource } from '../core/ticket-source.ts';

/** Run tickets from the runtime's `crypto.randomUUID`: unique across restarts and isolates, as stored leases need. */
export const randomTickets: TicketSource = { issue: () => crypto.randomUUID() };
