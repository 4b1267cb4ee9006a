import { zValidator } from '@hono/zod-validator';
import type { ZodError, ZodType } from 'zod';
import { InputError } from '../core/errors.ts';
import { mostRelevantIssue } from '../core/parse-at-boundary.ts';

type Target = 'param' | 'query' | 'json';

/** A route's own wording for a failure, given zod's issues and the raw value; undefined keeps the default. */
export type DescribeIssues = (issues: ZodError['issues'], value: unknown) => string | undefined;

/** Validates one part of a request with zod; a failure is an InputError naming the field, rendered as Backstage's body. */
export function validated<T extends ZodType, Where extends Target>(target: Where, schema: T, describe?: DescribeIssues) {
  return zValidator(target, schema, (result) => {
    if (!result.success) {
      const issue = mostRelevantIssue(result.error.issues);
      const field = issue?.path.join('.') || (target === 'json' ? 'body' : target);
      throw new InputError(describe?.(result.error.issues, result.data) ?? `Invalid ${field}: ${issue?.message ?? 'invalid value'}`);
    }
  });
}
