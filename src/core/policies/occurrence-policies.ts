import { DateTime, IANAZone } from 'luxon';
import * as z from 'zod';
import { durationInputSchema, isoDurationSchema, positiveDurationInputSchema, positiveIsoDurationSchema } from './duration-input.ts';

/*
 * The policies that decide WHICH occurrences run: missed runs, jitter, and the window
 * (exclusions, bounds, a maximum number of runs). Stored form (as settings keep it and
 * `GET .../tasks` lists it) and input form (as `scheduleTask` and the PUT body take it).
 * Issue 13, items 1, 4 and 6; the logic is in occurrence-plan.ts and missed-runs.ts.
 */

/** The most catch-up runs `missedRuns.limit` may ask for, and the most dates or ranges a window lists. */
export const MAX_MISSED_RUNS_LIMIT = 1000;
export const MAX_WINDOW_ENTRIES = 1000;

/** An IANA zone name luxon knows. */
const timeZoneSchema = z.string().refine((zone) => IANAZone.isValidZone(zone), { message: 'must be an IANA time zone such as Europe/Berlin' });

/** An instant with its offset (`2026-12-05T10:00:00Z`, `2026-12-05T11:00:00+01:00`), stored as UTC (the pipe shows the OpenAPI document that form). */
const instantSchema = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString()).pipe(z.iso.datetime());

/** A calendar date, `YYYY-MM-DD`, read in the window's zone. */
const localDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date as YYYY-MM-DD' })
  .refine((value) => DateTime.fromISO(value, { zone: 'UTC' }).isValid, { message: 'must be a real calendar date' });

/** A date, or a wall time without offset (`YYYY-MM-DDTHH:mm[:ss]`), read in the window's zone. */
const localDateTimeSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$/, { message: 'must be YYYY-MM-DD or YYYY-MM-DDTHH:mm[:ss], without an offset' })
  .refine((value) => DateTime.fromISO(value, { zone: 'UTC' }).isValid, { message: 'must be a real date and time' });

/**
 * How occurrences missed while nothing could run them (an outage, a deploy, a late alarm) are
 * treated: `once` (the default) runs the latest one once, `skip` runs none older than the grace
 * period, `all` runs each one within the grace period, oldest first, at most `limit` of them.
 */
export const missedRunsSchema = z
  .object({
    policy: z.enum(['skip', 'once', 'all']),
    graceDuration: isoDurationSchema.optional(),
    limit: z.number().int().min(1).max(MAX_MISSED_RUNS_LIMIT).optional(),
  })
  .strict();

export type MissedRuns = z.infer<typeof missedRunsSchema>;

/**
 * When a task may run: from `startAt` to `endAt` (inclusive), at most `maxRuns` scheduled runs,
 * never on `skipDates` or within `skipRanges` (dates are whole days, a range's `to` date included;
 * wall times are read in `timeZone`, else the task's zone, else UTC).
 */
export const occurrenceWindowSchema = z
  .object({
    startAt: instantSchema.optional(),
    endAt: instantSchema.optional(),
    maxRuns: z.number().int().min(1).optional(),
    skipDates: z.array(localDateSchema).max(MAX_WINDOW_ENTRIES).optional(),
    skipRanges: z
      .array(z.object({ from: localDateTimeSchema, to: localDateTimeSchema }).strict())
      .max(MAX_WINDOW_ENTRIES)
      .optional(),
    timeZone: timeZoneSchema.optional(),
  })
  .strict();

export type OccurrenceWindow = z.infer<typeof occurrenceWindowSchema>;

/** The stored fields these policies add to a task's settings; all optional, absent means today's behaviour. */
export const occurrencePolicyShape = {
  missedRuns: missedRunsSchema.optional(),
  jitterDuration: positiveIsoDurationSchema.optional(),
  window: occurrenceWindowSchema.optional(),
} satisfies z.ZodRawShape;

/** The input fields of a schedule definition, transformed into `occurrencePolicyShape`'s stored form. */
export const occurrencePolicyInputShape = {
  missedRuns: z
    .object({
      policy: z.enum(['skip', 'once', 'all']),
      grace: durationInputSchema.optional(),
      limit: z.number().int().min(1).max(MAX_MISSED_RUNS_LIMIT).optional(),
    })
    .strict()
    .optional(),
  jitter: positiveDurationInputSchema.optional(),
  window: occurrenceWindowSchema.optional(),
} satisfies z.ZodRawShape;

/** Turns the parsed input fields into their stored form (`grace` → `graceDuration`, `jitter` → `jitterDuration`). */
export function toStoredOccurrencePolicies(input: {
  missedRuns?: { policy: MissedRuns['policy']; grace?: string; limit?: number } | undefined;
  jitter?: string | undefined;
  window?: OccurrenceWindow | undefined;
}): { missedRuns?: MissedRuns; jitterDuration?: string; window?: OccurrenceWindow } {
  const { missedRuns, jitter, window } = input;
  return {
    ...(missedRuns && {
      missedRuns: {
        policy: missedRuns.policy,
        ...(missedRuns.grace !== undefined && { graceDuration: missedRuns.grace }),
        ...(missedRuns.limit !== undefined && { limit: missedRuns.limit }),
      },
    }),
    ...(jitter !== undefined && { jitterDuration: jitter }),
    ...(window && { window }),
  };
}

/** The per-task state these policies keep between runs (stored in the row's `policyState`); absent fields mean none. */
export interface OccurrencePolicyState {
  /** The nominal occurrence the next run stands for, when its start (`nextRunAt`) differs by jitter. */
  occurrenceAt?: number;
  /** Runs the schedule has started, kept only while `window.maxRuns` is set. */
  scheduledRuns?: number;
}
