import * as z from 'zod';
import { durationToMs } from '../duration.ts';
import type { RunLease } from '../task-row.ts';
import { ALERT_EVENTS } from './run-policy-notice.ts';
import { DURATION_JSON_FORMS, durationInputSchema, isoDurationSchema, positiveDurationInputSchema, positiveIsoDurationSchema } from './duration-input.ts';

/*
 * The policies that decide what happens AROUND a run: overlap, retries, staleness, alert hooks
 * and pausing after consecutive failures. Stored form (as settings keep it and `GET .../tasks`
 * lists it) and input form (as `scheduleTask` and the PUT body take it).
 * Filled in by issue 13, items 2, 3, 5 and 7.
 */

/** The fewest and most attempts a retry policy may make per occurrence, the first included. */
export const RETRY_ATTEMPTS = { min: 2, max: 20 } as const;

/** The most consecutive failed occurrences `pauseAfterFailures` may wait for. */
export const MAX_PAUSE_AFTER_FAILURES = 1_000;

const attemptsSchema = z
  .number({ error: 'must be a number' })
  .int({ error: 'must be a whole number' })
  .min(RETRY_ATTEMPTS.min, { error: `must be between ${RETRY_ATTEMPTS.min} and ${RETRY_ATTEMPTS.max}` })
  .max(RETRY_ATTEMPTS.max, { error: `must be between ${RETRY_ATTEMPTS.min} and ${RETRY_ATTEMPTS.max}` });

const notNegative = { message: 'must be zero or longer' };

const backoffSchema = z.enum(['fixed', 'exponential'], { error: "must be 'fixed' or 'exponential'" });

/** A stored retry policy: `attempts` in all (the first run included), waiting `delayDuration` before the second, then fixed or doubling up to `maxDelayDuration`. */
export const retryPolicySchema = z
  .object({
    attempts: attemptsSchema,
    backoff: backoffSchema,
    delayDuration: isoDurationSchema.refine((iso) => durationToMs(iso) >= 0, notNegative),
    maxDelayDuration: positiveIsoDurationSchema.optional(),
  })
  .strict();

export type RetryPolicy = z.infer<typeof retryPolicySchema>;

const pauseAfterFailuresSchema = z
  .number({ error: 'must be a number' })
  .int({ error: 'must be a whole number' })
  .min(1, { error: `must be between 1 and ${MAX_PAUSE_AFTER_FAILURES}` })
  .max(MAX_PAUSE_AFTER_FAILURES, { error: `must be between 1 and ${MAX_PAUSE_AFTER_FAILURES}` });

/** The most cadences `staleAfter` may wait for. */
export const MAX_STALE_CADENCES = 100;

const cadencesSchema = z
  .number({ error: 'must be a number' })
  .int({ error: 'must be a whole number' })
  .min(1, { error: `must be between 1 and ${MAX_STALE_CADENCES}` })
  .max(MAX_STALE_CADENCES, { error: `must be between 1 and ${MAX_STALE_CADENCES}` });

/**
 * A stored staleness window: the task is stale once `afterDuration` has passed since its last
 * success, or once `afterCadences` occurrences have, each given its timeout to succeed.
 */
export const staleAfterSchema = z.union([
  z.object({ afterDuration: positiveIsoDurationSchema }).strict(),
  z.object({ afterCadences: cadencesSchema }).strict(),
]);

export type StaleAfter = z.infer<typeof staleAfterSchema>;

/**
 * An alert webhook: a signed POST to `url` (under the handlers' outbound policy) on the events
 * listed in `on`. Its delivery never affects the schedule.
 */
export const alertSchema = z
  .object({
    url: z.url({ protocol: /^https?$/, error: 'must be an http or https URL' }).max(2_048),
    on: z
      .array(z.enum(ALERT_EVENTS, { error: `must list events among ${ALERT_EVENTS.map((event) => `'${event}'`).join(', ')}` }))
      .min(1, { error: 'must list at least one event' })
      .refine((events) => new Set(events).size === events.length, { error: 'must not list an event twice' })
      .default([...ALERT_EVENTS]),
  })
  .strict();

export type Alert = z.infer<typeof alertSchema>;

/** What happens when an occurrence comes due while a run is still going; `skip` is today's behaviour. */
export const OVERLAP_POLICIES = ['skip', 'buffer-one', 'cancel-running', 'allow'] as const;

const overlapSchema = z.enum(OVERLAP_POLICIES, {
  error: `must be one of ${OVERLAP_POLICIES.map((policy) => `'${policy}'`).join(', ')}`,
});

/** The fewest and most runs `overlap: 'allow'` may let go on at once. */
export const CONCURRENT_RUNS = { min: 2, max: 100 } as const;

const maxConcurrentRunsSchema = z
  .number({ error: 'must be a number' })
  .int({ error: 'must be a whole number' })
  .min(CONCURRENT_RUNS.min, { error: `must be between ${CONCURRENT_RUNS.min} and ${CONCURRENT_RUNS.max}` })
  .max(CONCURRENT_RUNS.max, { error: `must be between ${CONCURRENT_RUNS.min} and ${CONCURRENT_RUNS.max}` });

/** The stored fields these policies add to a task's settings; all optional, absent means today's behaviour. */
export const runPolicyShape = {
  retry: retryPolicySchema.optional(),
  /** Pauses the task (the pause flag) after this many consecutive failed occurrences. */
  pauseAfterFailures: pauseAfterFailuresSchema.optional(),
  staleAfter: staleAfterSchema.optional(),
  alert: alertSchema.optional(),
  overlap: overlapSchema.optional(),
  /** With `overlap: 'allow'` only, and required by it: the most runs of the task going on at once. */
  maxConcurrentRuns: maxConcurrentRunsSchema.optional(),
} satisfies z.ZodRawShape;

const cadencesInputSchema = z.object({ cadences: cadencesSchema }).strict().transform(({ cadences }): StaleAfter => ({ afterCadences: cadences }));
const durationWindowSchema = positiveDurationInputSchema.transform((iso): StaleAfter => ({ afterDuration: iso }));

/**
 * A staleness window as callers write it: a duration, or `{ cadences: N }`; the stored form is
 * taken too. Dispatched on its shape rather than a union, so an error speaks of the form meant.
 */
const staleAfterInputSchema = z.unknown().transform((value, ctx): StaleAfter => {
  const isObject = typeof value === 'object' && value !== null;
  const schema = !isObject ? durationWindowSchema : 'cadences' in value ? cadencesInputSchema : 'afterDuration' in value || 'afterCadences' in value ? staleAfterSchema : durationWindowSchema;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) ctx.addIssue({ ...issue, code: 'custom', message: issue.message });
  return z.NEVER;
}).meta({
  anyOf: [
    DURATION_JSON_FORMS,
    { type: 'object', properties: { cadences: { type: 'integer', minimum: 1, maximum: MAX_STALE_CADENCES } }, required: ['cadences'], additionalProperties: false },
    { type: 'object', properties: { afterDuration: { type: 'string' } }, required: ['afterDuration'], additionalProperties: false },
    { type: 'object', properties: { afterCadences: { type: 'integer', minimum: 1, maximum: MAX_STALE_CADENCES } }, required: ['afterCadences'], additionalProperties: false },
  ],
});

/** A retry policy as callers write it: `{ attempts, backoff?, delay, maxDelay? }`, durations in any accepted form. */
const retryInputSchema = z
  .object({
    attempts: attemptsSchema,
    backoff: backoffSchema.default('fixed'),
    delay: durationInputSchema.refine((iso) => durationToMs(iso) >= 0, notNegative),
    maxDelay: positiveDurationInputSchema.optional(),
  })
  .strict()
  .transform(({ attempts, backoff, delay, maxDelay }): RetryPolicy => ({
    attempts,
    backoff,
    delayDuration: delay,
    ...(maxDelay !== undefined && { maxDelayDuration: maxDelay }),
  }));

/** The input fields of a schedule definition, transformed into `runPolicyShape`'s stored form. */
export const runPolicyInputShape = {
  // The stored form is accepted too, and kept: a PUT body is parsed once by its route and again
  // by toTaskSettings, and a task listed by `GET .../tasks` can be sent back as it is.
  retry: z.union([retryPolicySchema, retryInputSchema]).optional(),
  pauseAfterFailures: pauseAfterFailuresSchema.optional(),
  staleAfter: staleAfterInputSchema.optional(),
  alert: alertSchema.optional(),
  overlap: overlapSchema.optional(),
  maxConcurrentRuns: maxConcurrentRunsSchema.optional(),
} satisfies z.ZodRawShape;

/** The per-task state these policies keep between runs (stored in the row's `policyState`); absent fields mean none. */
export interface RunPolicyState {
  /** A failed occurrence's retries: set while its next attempt is pending or running. */
  retry?: RetryState;
  /** Failed occurrences in a row since the last success or pause, for `pauseAfterFailures`. */
  consecutiveFailures?: number;
  /** `staleAfter` only: when the task last succeeded, or, until it has, since when it is watched. */
  lastSucceededAt?: number;
  watchedSince?: number;
  /** `staleAfter` only: set when the task became stale, until its next success. */
  isStale?: true;
  /** `overlap: 'allow'` only: the leases of the runs going on, oldest first (`concurrent-runs.ts`). */
  concurrentRuns?: RunLease[];
}

/**
 * A failed occurrence waiting for its next attempt: which attempt that is (2 for the first
 * retry), when the occurrence was due, and when the attempt is due. It holds only while the
 * task's next run is still `at`; a trigger, a PUT or a resume that moves it ends the retries.
 */
export interface RetryState {
  attempt: number;
  occurrenceAt: number;
  at: number;
}
