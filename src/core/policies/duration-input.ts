import { Duration } from 'luxon';
import * as z from 'zod';
import { durationToMs, HUMAN_DURATION_UNITS, toIsoDuration } from '../duration.ts';

/**
 * The JSON forms of a duration, for the OpenAPI document, which cannot read them from a schema
 * that takes `unknown`. Written out rather than generated, so that no isolate pays for it at start.
 */
export const DURATION_JSON_FORMS = {
  anyOf: [
    { type: 'string', description: 'ISO-8601, such as PT30S' },
    { type: 'object', properties: Object.fromEntries(HUMAN_DURATION_UNITS.map((unit) => [unit, { type: 'number' }])), additionalProperties: false },
  ],
};

/** A stored ISO-8601 duration, as settings keep it. */
export const isoDurationSchema = z.string().superRefine((value, ctx) => {
  try {
    toIsoDuration(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
  }
});

/** A stored ISO-8601 duration longer than zero. */
export const positiveIsoDurationSchema = isoDurationSchema.refine((value) => durationToMs(value) > 0, {
  message: 'must be longer than zero',
});

/**
 * A duration as callers write it (ISO-8601 `'PT30S'`, a HumanDuration `{ seconds: 30 }`, or a
 * luxon `Duration`), turned into the ISO form settings store. Errors say what is wrong.
 */
export const durationInputSchema = z
  .unknown()
  .transform((value, ctx) => {
    try {
      return toIsoDuration(Duration.isDuration(value) ? (value.toISO() ?? 'PT0S') : value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  })
  // Read as `unknown` so that toIsoDuration's messages reach the caller; the document shows the forms JSON can carry.
  .meta(DURATION_JSON_FORMS);

/** A duration input that must be longer than zero. */
export const positiveDurationInputSchema = durationInputSchema.refine((iso) => durationToMs(iso) > 0, {
  message: 'must be longer than zero',
});
