import { Duration } from 'luxon';
import * as z from 'zod';
import { type HumanDuration, humanDurationSchema } from './duration.ts';
import { taskPolicyInputSchema } from './policies/task-policies.ts';

/*
 * The schedule definition, once: `scheduleTask` parses it (with `toTaskSettings`), and the PUT body
 * extends it with the handler. It checks the shape; `toTaskSettings` then checks the values (the
 * cron expression, the ISO text, the lengths) and turns them into settings. Messages are phrased to
 * follow the field's name: `frequency.cron must be a string`.
 */

/** A luxon `Duration` (from code) read as its ISO text; any other value passes as it is, for the schema after to check. */
function readLuxonDuration(value: unknown): unknown {
  return Duration.isDuration(value) ? (value.toISO() ?? 'PT0S') : value;
}

const jsonDurationSchema = z.union([z.string(), humanDurationSchema], {
  error: 'must be an ISO-8601 duration string or an object such as { "minutes": 5 }',
});

/**
 * A duration as a definition gives it: ISO-8601 (`'PT30S'`), a HumanDuration (`{ seconds: 30 }`),
 * or, from code, a luxon `Duration`, read as its ISO text. The ISO text is checked later.
 */
export const durationDefinitionSchema = z
  .transform((value: string | HumanDuration | Duration) => readLuxonDuration(value) as string | HumanDuration)
  .pipe(jsonDurationSchema);

/** A duration as plugins write it: ISO-8601 (`'PT30S'`), a HumanDuration, or a luxon `Duration`. */
export type DurationInput = z.input<typeof durationDefinitionSchema>;

/** Names the first key an object form does not have: `frequency has unknown property 'timezone'`. */
const refuseUnknownProperty = {
  error: (issue: z.core.$ZodRawIssue) => (issue.code === 'unrecognized_keys' ? `has unknown property '${issue.keys[0]}'` : undefined),
};

const cronFrequencySchema = z.strictObject(
  {
    cron: z.string({ error: 'must be a string' }),
    /** An IANA zone; without one the expression runs in UTC. */
    timeZone: z.string({ error: 'must be a string' }).optional(),
  },
  refuseUnknownProperty,
);

const manualFrequencySchema = z.strictObject({ trigger: z.literal('manual', { error: "must be 'manual'" }) }, refuseUnknownProperty);

type CronFrequency = z.input<typeof cronFrequencySchema>;
type ManualFrequency = z.input<typeof manualFrequencySchema>;

// The luxon reading comes first, on the whole field: a transform inside the union would make the
// JSON Schema emitter call the field optional.
/** How often a task runs: cron (UTC unless `timeZone`), only when triggered, or a duration (as `durationDefinitionSchema`). */
export const taskFrequencySchema = z
  .transform((value: CronFrequency | ManualFrequency | DurationInput) => readLuxonDuration(value) as CronFrequency | ManualFrequency | string | HumanDuration)
  .pipe(
    z.union([cronFrequencySchema, manualFrequencySchema, z.string(), humanDurationSchema], {
      error: 'must be { "cron": "..." }, { "trigger": "manual" }, an ISO-8601 duration or a HumanDuration object',
    }),
  );

export type TaskFrequency = z.input<typeof taskFrequencySchema>;

/**
 * The form a frequency means, told apart as Backstage does: by a `cron` key, by a `trigger` key,
 * else a duration. A union cannot say which form a faulty frequency meant; this can.
 */
export function frequencyFormOf(frequency: unknown): z.ZodType {
  if (typeof frequency === 'object' && frequency !== null && 'cron' in frequency) return cronFrequencySchema;
  if (typeof frequency === 'object' && frequency !== null && 'trigger' in frequency) return manualFrequencySchema;
  return durationDefinitionSchema;
}

/** Where a task runs: `global` on one worker at a time, `local` in every isolate. */
export const taskScopeSchema = z.enum(['global', 'local'], {
  error: (issue) => `must be 'global' or 'local', got ${JSON.stringify(issue.input)}`,
});

export type TaskScope = z.infer<typeof taskScopeSchema>;

/**
 * The schedule half of Backstage's `scheduleTask` argument, with this scheduler's policies. Keys it
 * does not know (the invocation's `id`, `fn`, `signal`) pass unread; the PUT body is strict.
 */
export const taskScheduleDefinitionSchema = z.object({
  frequency: taskFrequencySchema,
  timeout: durationDefinitionSchema,
  initialDelay: durationDefinitionSchema.optional(),
  /** `global` (the default) runs on one worker at a time; `local` runs in every isolate. */
  scope: taskScopeSchema.optional(),
  // The schedule policies, as plugins write them; their transforms give the settings' stored form.
  ...taskPolicyInputSchema.shape,
});

export type TaskScheduleDefinition = z.input<typeof taskScheduleDefinitionSchema>;
