/**
 * Errors the scheduler throws on purpose. Names match `@backstage/errors`, because clients
 * (Backstage's DevTools among them) read `error.name` from the response body. Each name is a
 * literal, not the class name, so a minifier that renames classes cannot change it.
 */
export abstract class SchedulerError extends Error {
  abstract override readonly name: SchedulerErrorName;
}

/** The caller sent something invalid (HTTP 400). */
export class InputError extends SchedulerError {
  override readonly name = 'InputError';
}

/** The caller is not authenticated (HTTP 401). */
export class AuthenticationError extends SchedulerError {
  override readonly name = 'AuthenticationError';
}

/** The task, or what the request names, does not exist (HTTP 404). */
export class NotFoundError extends SchedulerError {
  override readonly name = 'NotFoundError';
}

/** The request conflicts with the task's current state (HTTP 409). */
export class ConflictError extends SchedulerError {
  override readonly name = 'ConflictError';
}

/** The names of the errors above; anything else is a bug. */
export const SCHEDULER_ERROR_NAMES = [
  'InputError',
  'AuthenticationError',
  'NotFoundError',
  'ConflictError',
] as const;

export type SchedulerErrorName = (typeof SCHEDULER_ERROR_NAMES)[number];

const ERROR_CLASSES: Record<SchedulerErrorName, new (message: string) => SchedulerError> = {
  InputError,
  AuthenticationError,
  NotFoundError,
  ConflictError,
};

/** Rebuilds a named scheduler error, for example after it crossed an RPC boundary as plain data. */
export function createSchedulerError(name: SchedulerErrorName, message: string): SchedulerError {
  return new ERROR_CLASSES[name](message);
}

/** Tells whether a value is one of the scheduler's own errors. */
export function isSchedulerError(error: unknown): error is SchedulerError {
  return error instanceof SchedulerError;
}
