import { durationToMs } from '../duration.ts';

/**
 * A delay in [0, boundMs] drawn from a hash of the task id and the occurrence, so the same
 * occurrence always gets the same delay: a retried alarm, a restart or a re-registration keeps its
 * start, and no randomness enters core. FNV-1a over the UTF-16 units, scaled to the bound.
 */
export function computeJitterDelay(taskId: string, occurrenceAt: number, boundMs: number): number {
  if (boundMs <= 0) return 0;
  const key = `${taskId}@${occurrenceAt}`;
  let hash = 0x811c9dc5;
  for (let index = 0; index < key.length; index++) {
    hash ^= key.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return Math.floor((hash / 0x1_0000_0000) * (boundMs + 1));
}

/** The jitter bound of a task's settings in milliseconds, 0 without jitter. */
export function jitterBoundOf(jitterDuration: string | undefined): number {
  return jitterDuration === undefined ? 0 : durationToMs(jitterDuration);
}
