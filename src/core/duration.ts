import { Duration } from 'luxon';
import * as z from 'zod';

/** The units of Backstage's HumanDuration, longest first. */
export const HUMAN_DURATION_UNITS = ['years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds', 'milliseconds'] as const;

const humanDurationUnitSchemas = Object.fromEntries(
  HUMAN_DURATION_UNITS.map((unit) => [unit, z.number({ error: 'must be a finite number' }).optional()]),
) as Record<(typeof HUMAN_DURATION_UNITS)[number], z.ZodOptional<z.ZodNumber>>;

/** Backstage's HumanDuration: any mix of the units, each a finite number; another key is refused by name. */
export const humanDurationSchema = z.strictObject(humanDurationUnitSchemas, {
  error: (issue) =>
    issue.code === 'unrecognized_keys'
      ? `unknown unit '${issue.keys[0]}'; expected one or more of ${HUMAN_DURATION_UNITS.join(', ')}`
      : undefined,
});

export type HumanDuration = z.infer<typeof humanDurationSchema>;

/**
 * The longest duration accepted. Longer ones put due times past what a `Date` can hold
 * (year 275760), and the API could no longer show the task.
 */
export const MAX_DURATION_MS = 100 * 365 * 24 * 60 * 60 * 1000;

/**
 * Turns an ISO-8601 string or a HumanDuration into its ISO form (`{ seconds: 5 }` → `PT5S`).
 * Throws a plain Error whose message says what is wrong; callers add the task and field.
 */
export function toIsoDuration(input: unknown): string {
  if (typeof input === 'string') {
    const parsed = Duration.fromISO(input);
    // luxon also accepts `P`, `PT` and a dangling `T` (`P1DT`), which ISO-8601 forbids: it needs a last component.
    if (!parsed.isValid || !/\d[YMWDHS]$/.test(input)) throw new Error(`'${input}' is not an ISO-8601 duration such as PT30S`);
    if (Math.abs(parsed.toMillis()) > MAX_DURATION_MS) throw new Error(`'${input}' is longer than 100 years`);
    return input;
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new Error('expected an ISO-8601 string or an object such as { minutes: 5 }');
  }
  const entries = Object.entries(input);
  const unknown = entries.filter(([key]) => !(HUMAN_DURATION_UNITS as readonly string[]).includes(key));
  if (unknown.length > 0) {
    throw new Error(
      `unknown unit '${unknown[0]![0]}'; expected one or more of ${HUMAN_DURATION_UNITS.join(', ')}`,
    );
  }
  if (entries.length === 0) {
    throw new Error(`needs one or more of ${HUMAN_DURATION_UNITS.join(', ')}`);
  }
  for (const [key, value] of entries) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new Error(`'${key}' must be a finite number`);
    }
  }
  const duration = Duration.fromObject(input as HumanDuration);
  if (!duration.isValid) throw new Error(duration.invalidExplanation ?? 'invalid duration');
  // Checked as a string too: luxon writes huge numbers in exponent notation (`PT1e+21S`), which no parser reads back.
  return toIsoDuration(duration.toISO() ?? 'PT0S');
}

/**
 * The length of an ISO-8601 duration in milliseconds. Months and years use luxon's casual
 * conversion (30 and 365 days), as Backstage does.
 */
export function durationToMs(iso: string): number {
  // Every run's next time needs its cadence in milliseconds; luxon's parse is the costly part.
  let ms = durationsMs.get(iso);
  if (ms === undefined) {
    if (durationsMs.size >= 1_000) durationsMs.clear();
    durationsMs.set(iso, (ms = Duration.fromISO(iso).toMillis()));
  }
  return ms;
}

/** Milliseconds per ISO duration: a pure function of the text, so kept. */
const durationsMs = new Map<string, number>();
