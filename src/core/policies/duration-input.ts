import { Duration } from 'luxon';
import * as z from 'zod';
import { durationToMs, humanDurationSchema, toIsoDuration } from '../duration.ts';

/** The JSON Schema of a zod schema's input, to describe in the OpenAPI document a schema that reads `unknown`. */
export function inputJsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io: 'input' });
  return json;
}

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
  .meta(inputJsonSchemaOf(z.union([z.string().meta({ description: 'ISO-8601, such as PT30S' }), humanDurationSchema])));

/** A duration input that must be longer than zero. */
export const positiveDurationInputSchema = durationInputSchema.refine((iso) => durationToMs(iso) > 0, {
  message: 'must be longer than zero',
});
