/** The number of finished runs kept per task unless a scheduler is told otherwise. */
export const DEFAULT_RUN_HISTORY_LIMIT = 100;

/**
 * The run history limit a scheduler was given, checked: a whole number, 0 or more (0 keeps no
 * history). Checked where the scheduler is built, so a wrong value fails at startup rather than
 * in the first object that starts.
 */
export function checkRunHistoryLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_RUN_HISTORY_LIMIT;
  if (!Number.isSafeInteger(limit) || limit < 0) throw new Error(`runHistoryLimit must be a whole number, 0 or more: got ${limit}`);
  return limit;
}
