import type { ZodError } from 'zod';
import { mostRelevantIssue } from './parse-at-boundary.ts';
import { frequencyFormOf, taskScheduleDefinitionSchema } from './schedule-definition-schema.ts';

type Issue = ZodError['issues'][number];

/**
 * Traces a union's failure to the form the input meant: the first whose type it has (an object for
 * a HumanDuration, say). When it has none of their types, the union's own message says what is expected.
 */
function traceIssue(issue: Issue): { path: PropertyKey[]; message: string } {
  const branch = issue.code === 'invalid_union' ? issue.errors.find((issues) => !issues.some((inner) => inner.path.length === 0 && inner.code === 'invalid_type')) : undefined;
  if (!branch?.[0]) return { path: issue.path, message: issue.message };
  const inner = traceIssue(branch[0]);
  return { path: [...issue.path, ...inner.path], message: inner.message };
}

/** The frequency's first fault, as the form it means finds it (zod's union may have kept another form's). */
function frequencyIssue(frequency: unknown, issue: Issue): Issue {
  const result = frequencyFormOf(frequency).safeParse(frequency);
  const [first] = result.error?.issues ?? [];
  return first ? { ...first, path: ['frequency', ...first.path] } : issue;
}

/** Whether the definition's field at `path` may be left out, so a null there is a wrong value rather than a missing one. */
function mayBeAbsent(path: readonly PropertyKey[]): boolean {
  const field = (taskScheduleDefinitionSchema.shape as Record<PropertyKey, { safeParse(value: unknown): { success: boolean } }>)[path[0]!];
  return path.length === 1 && field !== undefined && field.safeParse(undefined).success;
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((at, key) => (typeof at === 'object' && at !== null ? (at as Record<PropertyKey, unknown>)[key] : undefined), value);
}

/** The fields of Backstage's own schedule definition; the others are the policies'. */
const SCHEDULE_FIELDS = ['frequency', 'timeout', 'initialDelay', 'scope'];

/**
 * Describes the first fault zod found in a schedule definition as `<field> <problem>`
 * (`frequency.cron must be a string`, `timeout is required`), for `toTaskSettings` to name its task.
 */
export function describeScheduleIssue(issues: readonly Issue[], schedule: unknown): string {
  const issue = issues[0];
  if (!issue || (issue.path.length === 0 && issue.code === 'invalid_type')) return 'expected an object with frequency and timeout';
  const value = valueAt(schedule, issue.path);
  if ((value === undefined || value === null) && !mayBeAbsent(issue.path) && (issue.code === 'invalid_type' || issue.code === 'invalid_union')) {
    return `${issue.path.join('.')} is required`;
  }
  // A policy's field reads as the PUT body's validator reads it; Backstage's own fields are traced to the form meant.
  const { path, message } = !SCHEDULE_FIELDS.includes(String(issue.path[0]))
    ? mostRelevantIssue([issue])!
    : traceIssue(issue.path[0] === 'frequency' ? frequencyIssue(valueAt(schedule, ['frequency']), issue) : issue);
  return path.length > 0 ? `${path.join('.')} ${message}` : message;
}
