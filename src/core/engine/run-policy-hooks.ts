import { watchStaleness } from '../policies/staleness.ts';
import type { Change } from '../transitions/transition.ts';

/**
 * The changes about to be committed, each written row's staleness watch kept in step with its
 * settings (see `watchStaleness`). Done at the one write path so that every way a task gains or
 * loses `staleAfter` (registration, PUT, override) starts or drops the watch.
 */
export function watchStalenessOf(changes: readonly Change[], now: number): readonly Change[] {
  let watched: Change[] | undefined;
  changes.forEach((change, index) => {
    if (change.type === 'remove') return;
    const row = watchStaleness(change.row, now);
    if (row === change.row) return;
    watched ??= [...changes];
    watched[index] = { ...change, row };
  });
  return watched ?? changes;
}
