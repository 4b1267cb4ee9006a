import { zValidator } from '@hono/zod-validator';
import type { ZodError, ZodType } from 'zod';
import { InputError } from '../core/errors.ts';
import { mostRelevantIssue } from '../core/parse-at-boundary.ts';

/** The part of a request a validator reads. */
export type ValidatedTarget = 'param' | 'query' | 'json';

/** A route's own wording for a failure, given zod's issues and the raw value; undefined keeps the default. */
export type DescribeIssues = (issues: ZodError['issues'], value: unknown) => string | undefined;

const VALIDATED_PART = Symbol('validated part');

/**
 * Validates one part of a request with zod; a failure is an InputError naming the field, rendered as
 * Backstage's body. The middleware carries its schema, so the OpenAPI document describes that part with it.
 */
export function validated<T extends ZodType, Where extends ValidatedTarget>(target: Where, schema: T, describe?: DescribeIssues) {
  const middleware = zValidator(target, schema, (result) => {
    if (!result.success) {
      const issue = mostRelevantIssue(result.error.issues);
      const field = issue?.path.join('.') || (target === 'json' ? 'body' : target);
      throw new InputError(describe?.(result.error.issues, result.data) ?? `Invalid ${field}: ${issue?.message ?? 'invalid value'}`);
    }
  });
  return Object.assign(middleware, { [VALIDATED_PART]: { target, schema } });
}

/** The part and schema a handler of the chain validates, if it is one from `validated`. */
export function validatedPartOf(handler: unknown): { target: ValidatedTarget; schema: ZodType } | undefined {
  return (handler as { [VALIDATED_PART]?: { target: ValidatedTarget; schema: ZodType } })[VALIDATED_PART];
}
