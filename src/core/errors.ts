/**
 * Errors the scheduler throws on purpose. Names match `@backstage/errors`, because clients
 * (Backstage's DevTools among them) read `error.name` from the response body.
 */
export class SchedulerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The caller sent something invalid (HTTP 400). */
export class InputError extends SchedulerError {}

/** The caller is not authenticated (HTTP 401). */
export class AuthenticationError extends SchedulerError {}

/** The task, or what the request names, does not exist (HTTP 404). */
export class NotFoundError extends SchedulerError {}

/** The request conflicts with the task's current state (HTTP 409). */
export class ConflictError extends SchedulerError {}

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
