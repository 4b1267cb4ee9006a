/** Issues predictable run tickets (`ticket-1`, `ticket-2`, …) where the adapter would use random ones. */
export function createTicketIssuer(prefix = 'ticket'): () => string {
  let issued = 0;
  return () => `${prefix}-${++issued}`;
}
