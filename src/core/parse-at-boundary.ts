import type { ZodError, ZodType } from 'zod';
import { InputError } from './errors.ts';

type Issue = ZodError['issues'][number];

/**
 * The issue worth reporting, with its full path. When no branch of a union matched, zod reports
 * only "Invalid input"; the branch with the fewest issues is the one the caller meant, so its
 * first issue is reported instead (`handler.url: expected string`, not `handler: Invalid input`).
 */
export function mostRelevantIssue(issues: readonly Issue[]): { path: string[]; message: string } | undefined {
  const issue = issues[0];
  if (!issue) return undefined;
  // A union given its own message keeps it; only zod's generic one is replaced.
  if (issue.code === 'invalid_union' && issue.message === 'Invalid input' && issue.errors.length > 0) {
    const branch = [...issue.errors].sort((a, b) => a.length - b.length)[0]!;
    const inner = mostRelevantIssue(branch);
    if (inner) return { path: [...issue.path.map(String), ...inner.path], message: inner.message };
  }
  return { path: issue.path.map(String), message: issue.message };
}

/** Parses a value that crossed a boundary (HTTP, RPC, storage), turning a failure into an InputError naming the field. */
export function parseAtBoundary<T>(schema: ZodType<T>, value: unknown, field: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = mostRelevantIssue(result.error.issues);
  const path = [field, ...(issue?.path ?? [])].filter(Boolean).join('.');
  throw new InputError(`${path}: ${issue?.message ?? 'invalid value'}`);
}
