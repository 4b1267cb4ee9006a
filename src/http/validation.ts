import { zValidator } from '@hono/zod-validator';
import type { ZodType } from 'zod';
import { InputError } from '../core/errors.ts';
import { mostRelevantIssue } from '../core/parse-at-boundary.ts';

type Target = 'param' | 'query' | 'json';

/** Validates one part of a request with zod; a failure is an InputError naming the field, rendered as Backstage's body. */
export function validated<T extends ZodType, Where extends Target>(target: Where, schema: T) {
  return zValidator(target, schema, (result) => {
    if (!result.success) {
      const issue = mostRelevantIssue(result.error.issues);
      const field = issue?.path.join('.') || (target === 'json' ? 'body' : target);
      throw new InputError(`Invalid ${field}: ${issue?.message ?? 'invalid value'}`);
    }
  });
}
