import * as z from 'zod';
import { describeCronProblem } from './cron.ts';
import { durationToMs, toIsoDuration } from './duration.ts';
import { isoDurationSchema } from './policies/duration-input.ts';
import { describePolicyProblem, taskPolicyShape } from './policies/task-policies.ts';

/** A cadence string is `manual`, an ISO-8601 duration (starts with P), or a cron expression. */
export type Cadence =
  | { type: 'manual' }
  | { type: 'duration'; ms: number }
  | { type: 'cron'; expression: string; timeZone: string | undefined };

/** Explains why a cadence is unusable, or returns undefined when it is fine. */
export function describeCadenceProblem(cadence: string, timeZone?: string): string | undefined {
  if (cadence === 'manual') return undefined;
  if (cadence.startsWith('P')) {
    try {
      toIsoDuration(cadence);
    } catch (error) {
      return (error as Error).message;
    }
    // A zero-length cadence would run back to back for ever.
    return durationToMs(cadence) > 0 ? undefined : `'${cadence}' must be longer than zero`;
  }
  return describeCronProblem(cadence, timeZone);
}

const taskSettingsObject = z.object({
  version: z.literal(2),
  cadence: z.string(),
  timeZone: z.string().optional(),
  initialDelayDuration: isoDurationSchema.optional(),
  timeoutAfterDuration: isoDurationSchema,
  ...taskPolicyShape,
});

/**
 * Backstage's TaskSettingsV2, as stored and as `GET .../tasks` shows it. `timeZone` and the
 * schedule policies are our additions: cron without a zone runs in UTC, and a task without a
 * policy behaves as Backstage's does.
 */
export const taskSettingsSchema = taskSettingsObject.superRefine((settings, ctx) => {
  const problem = describeCadenceProblem(settings.cadence, settings.timeZone);
  if (problem) ctx.addIssue({ code: 'custom', path: ['cadence'], message: problem });
  // A zone beside a duration or manual cadence would be kept and never used: a mistake to name.
  if (settings.timeZone !== undefined && (settings.cadence === 'manual' || settings.cadence.startsWith('P'))) {
    ctx.addIssue({ code: 'custom', path: ['timeZone'], message: `applies only to a cron cadence, not '${settings.cadence}'` });
  }
  const policyProblem = problem ? undefined : describePolicyProblem(settings);
  if (policyProblem) ctx.addIssue({ code: 'custom', path: policyProblem.storedPath, message: policyProblem.message });
  if (durationToMs(settings.timeoutAfterDuration) <= 0) {
    ctx.addIssue({ code: 'custom', path: ['timeoutAfterDuration'], message: 'must be longer than zero' });
  }
});

export type TaskSettings = z.infer<typeof taskSettingsSchema>;

/** Some of a task's settings, as an override of a code task replaces them (checked whole once laid over the code's). */
export const settingsOverrideSchema = taskSettingsObject
  .omit({ version: true })
  .partial()
  .strict()
  .refine((override) => Object.keys(override).length > 0, { message: 'must change at least one setting' });

/** Classifies a settings object's cadence the way Backstage does: manual, P…, else cron. */
export function parseCadence(settings: TaskSettings): Cadence {
  if (settings.cadence === 'manual') return { type: 'manual' };
  if (settings.cadence.startsWith('P')) return { type: 'duration', ms: durationToMs(settings.cadence) };
  return { type: 'cron', expression: settings.cadence, timeZone: settings.timeZone };
}
