import * as z from 'zod';
import { durationToMs } from '../duration.ts';
import { durationInputSchema, isoDurationSchema, positiveDurationInputSchema, positiveIsoDurationSchema } from './duration-input.ts';

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

/** The stored fields these policies add to a task's settings; all optional, absent means today's behaviour. */
export const runPolicyShape = {
  retry: retryPolicySchema.optional(),
  /** Pauses the task (the pause flag) after this many consecutive failed occurrences. */
  pauseAfterFailures: pauseAfterFailuresSchema.optional(),
} satisfies z.ZodRawShape;

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
} satisfies z.ZodRawShape;

/** The per-task state these policies keep between runs (stored in the row's `policyState`); absent fields mean none. */
export interface RunPolicyState {
  /** A failed occurrence's retries: set while its next attempt is pending or running. */
  retry?: RetryState;
  /** Failed occurrences in a row since the last success or pause, for `pauseAfterFailures`. */
  consecutiveFailures?: number;
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
