/** Formats an epoch-millisecond instant as ISO-8601 UTC, the only form the API shows. */
export function toIsoTimestamp(at: number): string {
  return new Date(at).toISOString();
}
