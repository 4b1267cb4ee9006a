import { Duration } from 'luxon';
import { type HumanDuration, toIsoDuration } from './duration.ts';
import { InputError } from './errors.ts';
import type { OccurrenceWindow } from './policies/occurrence-policies.ts';
import { describeOccurrencePolicyProblem } from './policies/occurrence-policy-problems.ts';
import { taskPolicyInputSchema, toStoredTaskPolicies } from './policies/task-policies.ts';
import { describeCadenceProblem, taskSettingsSchema, type TaskSettings } from './task-settings.ts';

/** A duration as plugins write it: ISO-8601 (`'PT30S'`), a HumanDuration, or a luxon `Duration`. */
export type DurationInput = string | HumanDuration | Duration;

/** How often a task runs: cron (UTC unless `timeZone`), a duration, or only when triggered. */
export type TaskFrequency = { cron: string; timeZone?: string } | { trigger: 'manual' } | DurationInput;

/** The schedule half of Backstage's `scheduleTask` argument. */
export interface TaskScheduleDefinition {
  frequency: TaskFrequency;
  timeout: DurationInput;
  initialDelay?: DurationInput;
  /** `global` (the default) runs on one worker at a time; `local` runs in every isolate. */
  scope?: 'global' | 'local';
  /** Occurrence policies (issue 13): what happens to missed occurrences, a random delay, and when the task may run. */
  missedRuns?: { policy: 'skip' | 'once' | 'all'; grace?: DurationInput; limit?: number };
  jitter?: DurationInput;
  window?: OccurrenceWindow;
}

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

function isoOf(value: unknown): string {
  return toIsoDuration(Duration.isDuration(value) ? (value.toISO() ?? 'PT0S') : value);
}

/** How a schedule error opens unless its caller names the task otherwise: `Invalid schedule for task 'nightly'`. */
export function describeScheduleSubject(id: string): string {
  return `Invalid schedule for task '${id}'`;
}

function fieldError(subject: string, field: string, problem: string): InputError {
  return new InputError(`${subject}: ${field} ${problem}`);
}

function cadenceOf(subject: string, frequency: unknown): { cadence: string; timeZone?: string } {
  if (typeof frequency === 'object' && frequency !== null && 'cron' in frequency) {
    const { cron, timeZone } = frequency as { cron: unknown; timeZone?: unknown };
    if (typeof cron !== 'string') throw fieldError(subject, 'frequency.cron', 'must be a string');
    if (timeZone !== undefined && typeof timeZone !== 'string') {
      throw fieldError(subject, 'frequency.timeZone', 'must be a string');
    }
    const extra = Object.keys(frequency).filter((key) => key !== 'cron' && key !== 'timeZone');
    if (extra.length > 0) throw fieldError(subject, 'frequency', `has unknown property '${extra[0]}'`);
    return timeZone === undefined ? { cadence: cron.trim() } : { cadence: cron.trim(), timeZone };
  }
  if (typeof frequency === 'object' && frequency !== null && 'trigger' in frequency) {
    const { trigger } = frequency as { trigger: unknown };
    if (trigger !== 'manual') throw fieldError(subject, 'frequency.trigger', "must be 'manual'");
    return { cadence: 'manual' };
  }
  try {
    return { cadence: isoOf(frequency) };
  } catch (error) {
    throw fieldError(subject, 'frequency', (error as Error).message);
  }
}

function positiveIsoOf(subject: string, field: string, value: unknown, allowZero: boolean): string {
  let iso: string;
  try {
    iso = isoOf(value);
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
 * Validates a task's schedule and normalises it into Backstage's settings v2, the form that is
 * stored and listed. Throws InputError naming the task and the field at fault; `subjectOfErrors` opens
 * the message (a batch names its item: `tasks[3] ('nightly')`).
 */
export function toTaskSettings(id: unknown, schedule: unknown, subjectOfErrors?: string): TaskSettings {
  validateTaskId(id);
  const subject = subjectOfErrors ?? describeScheduleSubject(id);
  if (typeof schedule !== 'object' || schedule === null) {
    throw new InputError(`${subject}: expected an object with frequency and timeout`);
  }
  const { frequency, timeout, initialDelay, scope } = schedule as Record<string, unknown>;
  if (frequency === undefined || frequency === null) throw fieldError(subject, 'frequency', 'is required');
  if (timeout === undefined || timeout === null) throw fieldError(subject, 'timeout', 'is required');
  if (scope !== undefined && scope !== 'global' && scope !== 'local') {
    throw fieldError(subject, 'scope', `must be 'global' or 'local', got ${JSON.stringify(scope)}`);
  }
  const { cadence, timeZone } = cadenceOf(subject, frequency);
  const problem = describeCadenceProblem(cadence, timeZone);
  if (problem) throw fieldError(subject, timeZone !== undefined && problem.includes(timeZone) ? 'frequency.timeZone' : 'frequency', problem);
  const policies = taskPolicyInputSchema.safeParse(schedule);
  if (!policies.success) {
    const [issue] = policies.error.issues;
    throw fieldError(subject, issue!.path.join('.'), issue!.message);
  }
  const settings: TaskSettings = {
    version: 2,
    cadence,
    ...(timeZone !== undefined && { timeZone }),
    ...(initialDelay !== undefined && {
      initialDelayDuration: positiveIsoOf(subject, 'initialDelay', initialDelay, true),
    }),
    timeoutAfterDuration: positiveIsoOf(subject, 'timeout', timeout, false),
    ...toStoredTaskPolicies(policies.data),
  };
  const policyProblem = describeOccurrencePolicyProblem(settings);
  if (policyProblem) throw fieldError(subject, policyProblem.inputPath, policyProblem.message);
  return taskSettingsSchema.parse(settings);
}
