import type { ZodType } from 'zod';
import { InputError } from './errors.ts';

/** Parses a value that crossed a boundary (HTTP, RPC, storage), turning a failure into an InputError naming the field. */
export function parseAtBoundary<T>(schema: ZodType<T>, value: unknown, field: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = [field, ...(issue?.path ?? []).map(String)].filter(Boolean).join('.');
  throw new InputError(`${path}: ${issue?.message ?? 'invalid value'}`);
}
