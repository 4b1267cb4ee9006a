import { type SchedulerErrorName, createSchedulerError, isSchedulerError } from './errors.ts';

/**
 * The result of a call across Workers RPC. Custom error classes do not survive RPC (only the
 * message of standard errors does), so rejections travel as data and are rebuilt by `unwrap`.
 */
export type Outcome<T> =
  | { ok: true; value: T }
  | { ok: false; error: { name: SchedulerErrorName; message: string } };

/** Runs `work`, turning a thrown scheduler error into a failed outcome; bugs still throw. */
export async function toOutcome<T>(work: () => T | Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (isSchedulerError(error)) {
      return { ok: false, error: { name: error.name, message: error.message } };
    }
    throw error;
  }
}

/** Returns an outcome's value, or throws the named scheduler error it carries. */
export function unwrap<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw createSchedulerError(outcome.error.name, outcome.error.message);
}
