import type { ZodError } from 'zod';
import { frequencyFormOf } from './schedule-definition-schema.ts';

type Issue = ZodError['issues'][number];

/** 0: the branch took the input's type and keys; 1: its type but not all its keys; 2: not even its type. */
function fitOf(branch: readonly Issue[]): number {
  const atRoot = branch.filter((issue) => issue.path.length === 0);
  if (atRoot.length === 0) return 0;
  const isOtherType = (issue: Issue): boolean =>
    issue.code === 'invalid_type' || (issue.code === 'invalid_union' && issue.errors.length > 0 && issue.errors.every((inner) => fitOf(inner) === 2));
  return atRoot.some(isOtherType) ? 2 : 1;
}

/**
 * Traces a union's failure to the form the input meant: the first form that took its type and keys,
 * else its type, with the fewest faults. When no form took its type, the union's own message says
 * what is expected. So `{ cron: 3 }` is a cron frequency whose `cron` must be a string.
 */
function traceIssue(issue: Issue): { path: PropertyKey[]; message: string } {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return { path: issue.path, message: issue.message };
  const ranked = issue.errors
    .map((branch) => ({ branch, fit: fitOf(branch) }))
    .filter(({ fit }) => fit < 2)
    .sort((a, b) => a.fit - b.fit || a.branch.length - b.branch.length);
  const first = ranked[0]?.branch[0];
  if (!first) return { path: issue.path, message: issue.message };
  const inner = traceIssue(first);
  return { path: [...issue.path, ...inner.path], message: inner.message };
}

/** The frequency's first fault, as the form it means finds it (zod's union may have kept another form's). */
function frequencyIssue(frequency: unknown, issue: Issue): Issue {
  const result = frequencyFormOf(frequency).safeParse(frequency);
  const [first] = result.error?.issues ?? [];
  return first ? { ...first, path: ['frequency', ...first.path] } : issue;
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((at, key) => (typeof at === 'object' && at !== null ? (at as Record<PropertyKey, unknown>)[key] : undefined), value);
}

/**
 * Describes the first fault zod found in a schedule definition as `<field> <problem>`
 * (`frequency.cron must be a string`, `timeout is required`), for `toTaskSettings` to name its task.
 */
export function describeScheduleIssue(issues: readonly Issue[], schedule: unknown): string {
  const issue = issues[0];
  if (!issue || (issue.path.length === 0 && issue.code === 'invalid_type')) return 'expected an object with frequency and timeout';
  const value = valueAt(schedule, issue.path);
  if ((value === undefined || value === null) && (issue.code === 'invalid_type' || issue.code === 'invalid_union')) {
    return `${issue.path.join('.')} is required`;
  }
  const { path, message } = traceIssue(issue.path[0] === 'frequency' ? frequencyIssue(valueAt(schedule, ['frequency']), issue) : issue);
  return path.length > 0 ? `${path.join('.')} ${message}` : message;
}
