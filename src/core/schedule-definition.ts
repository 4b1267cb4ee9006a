import { Duration } from 'luxon';
import type * as z from 'zod';
import { toIsoDuration } from './duration.ts';
import { InputError } from './errors.ts';
import { describePolicyProblem, toStoredTaskPolicies } from './policies/task-policies.ts';
import { taskScheduleDefinitionSchema } from './schedule-definition-schema.ts';
import { describeScheduleIssue } from './schedule-issue.ts';
import { describeCadenceProblem, taskSettingsSchema, type TaskSettings } from './task-settings.ts';

export type { DurationInput, TaskFrequency, TaskScheduleDefinition } from './schedule-definition-schema.ts';

/** The longest task id we accept; ids travel in URLs and log lines. */
export const MAX_TASK_ID_LENGTH = 200;

/** Throws InputError unless `id` is a usable task id: non-empty, printable, not too long. */
export function validateTaskId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || id.trim() === '') {
    throw new InputError(`${JSON.stringify(id)} is not a valid task id, expected a non-empty string`);
  }
  if (id.length > MAX_TASK_ID_LENGTH) {
    throw new InputError(
      `Task id ${JSON.stringify(`${id.slice(0, 40)}…`)} is ${id.length} characters long; at most ${MAX_TASK_ID_LENGTH} are allowed`,
    );
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(id)) {
    throw new InputError(`Task id ${JSON.stringify(id)} contains control characters`);
  }
}

/** How a schedule error opens unless its caller names the task otherwise: `Invalid schedule for task 'nightly'`. */
export function describeScheduleSubject(id: string): string {
  return `Invalid schedule for task '${id}'`;
}

function fieldError(subject: string, field: string, problem: string): InputError {
  return new InputError(`${subject}: ${field} ${problem}`);
}

type ParsedDefinition = z.output<typeof taskScheduleDefinitionSchema>;

function cadenceOf(subject: string, frequency: ParsedDefinition['frequency']): { cadence: string; timeZone?: string } {
  if (typeof frequency === 'object' && 'cron' in frequency) {
    const { cron, timeZone } = frequency;
    return timeZone === undefined ? { cadence: cron.trim() } : { cadence: cron.trim(), timeZone };
  }
  if (typeof frequency === 'object' && 'trigger' in frequency) return { cadence: 'manual' };
  try {
    return { cadence: toIsoDuration(frequency) };
  } catch (error) {
    throw fieldError(subject, 'frequency', (error as Error).message);
  }
}

function positiveIsoOf(subject: string, field: string, value: ParsedDefinition['timeout'], allowZero: boolean): string {
  let iso: string;
  try {
    iso = toIsoDuration(value);
  } catch (error) {
    throw fieldError(subject, field, (error as Error).message);
  }
  const ms = Duration.fromISO(iso).toMillis();
  if (ms < 0 || (!allowZero && ms === 0)) {
    throw fieldError(subject, field, `must be ${allowZero ? 'zero or more' : 'longer than zero'}, got ${iso}`);
  }
  return iso;
}

/**
 * Validates a task's schedule (`taskScheduleDefinitionSchema`, then the values) and normalises it into
 * Backstage's settings v2, the form that is stored and listed. Throws InputError naming the task and
 * the field at fault; `subjectOfErrors` opens the message (a batch names its item: `tasks[3] ('nightly')`).
 */
export function toTaskSettings(id: unknown, schedule: unknown, subjectOfErrors?: string): TaskSettings {
  validateTaskId(id);
  const subject = subjectOfErrors ?? describeScheduleSubject(id);
  const parsed = taskScheduleDefinitionSchema.safeParse(schedule);
  if (!parsed.success) throw new InputError(`${subject}: ${describeScheduleIssue(parsed.error.issues, schedule)}`);
  const { frequency, timeout, initialDelay, scope: _scope, ...policies } = parsed.data;
  const { cadence, timeZone } = cadenceOf(subject, frequency);
  const problem = describeCadenceProblem(cadence, timeZone);
  if (problem) throw fieldError(subject, timeZone !== undefined && problem.includes(timeZone) ? 'frequency.timeZone' : 'frequency', problem);
  const settings: TaskSettings = {
    version: 2,
    cadence,
    ...(timeZone !== undefined && { timeZone }),
    ...(initialDelay !== undefined && { initialDelayDuration: positiveIsoOf(subject, 'initialDelay', initialDelay, true) }),
    timeoutAfterDuration: positiveIsoOf(subject, 'timeout', timeout, false),
    ...toStoredTaskPolicies(policies),
  };
  const policyProblem = describePolicyProblem(settings);
  if (policyProblem) throw fieldError(subject, policyProblem.inputPath, policyProblem.message);
  // The settings' own rules (the policies' rules across fields among them) name their field too.
  const checked = taskSettingsSchema.safeParse(settings);
  if (!checked.success) {
    const [issue] = checked.error.issues;
    throw fieldError(subject, issue!.path.join('.') || 'schedule', issue!.message);
  }
  return checked.data;
}
