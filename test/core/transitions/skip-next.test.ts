import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../../../src/core/errors.ts';
import { skipNextRun } from '../../../src/core/transitions/skip-next.ts';
import { catchError } from '../../support/catch-error.ts';
import { at, HOUR_MS } from '../../support/instants.ts';
import { aRunLease, aTaskRow, aTaskSettings } from '../../support/task-row-builder.ts';

const NOW = at('2025-01-15T11:00:00Z');
const NEXT = at('2025-01-15T12:00:00Z');

describe('skipNextRun', () => {
  it('moves the task to the occurrence after its next one', () => {
    const row = aTaskRow({ settings: aTaskSettings({ cadence: 'PT1H' }), nextRunAt: NEXT });

    const { row: skipped } = skipNextRun(row, 'task-a', NOW);

    expect(skipped.nextRunAt).toBe(NEXT + HOUR_MS);
  });

  it('records the passed-over occurrence as skipped, in the same transition', () => {
    const row = aTaskRow({ settings: aTaskSettings({ cadence: '0 * * * *' }), nextRunAt: NEXT });

    const { skipped } = skipNextRun(row, 'task-a', NOW);

    expect(skipped).toMatchObject({ count: 1, records: [{ taskId: 'task-a', scheduledFor: NEXT, outcome: 'skipped', cause: 'schedule' }] });
  });

  it('refuses an unknown task with NotFoundError', () => {
    expect(catchError(() => skipNextRun(undefined, 'ghost', NOW))).toEqual(new NotFoundError('Task ghost does not exist'));
  });

  it.each([
    ['a manual task', aTaskRow({ settings: aTaskSettings({ cadence: 'manual' }), nextRunAt: null })],
    ['a paused task', aTaskRow({ isPaused: true })],
    ['a running task', aTaskRow({ run: aRunLease() })],
    ['a task whose window has closed', aTaskRow({ settings: aTaskSettings({ window: { maxRuns: 1 } }), nextRunAt: null, policyState: { scheduledRuns: 1 } })],
  ])('refuses %s with ConflictError', (_case, row) => {
    expect(catchError(() => skipNextRun(row, 'task-a', NOW))).toBeInstanceOf(ConflictError);
  });
});
