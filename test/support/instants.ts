/** One second, minute, hour and day in milliseconds, so test arithmetic reads as time. */
export const SECOND_MS = 1_000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** The epoch milliseconds of a UTC instant written as ISO-8601, so expected times are readable. */
export function at(isoUtc: string): number {
  const instant = Date.parse(isoUtc);
  if (!isoUtc.endsWith('Z') || Number.isNaN(instant)) throw new Error(`'${isoUtc}' is not a UTC instant ending in Z`);
  return instant;
}
