import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../../../src/core/errors.ts';
import { cancelRun } from '../../../src/core/transitions/cancel.ts';
import { catchError } from '../../support/catch-error.ts';
import { at } from '../../support/instants.ts';
import { aRunLease, aRunningTaskRow, aTaskRow, aTaskSettings } from '../../support/task-row-builder.ts';

describe('cancelRun', () => {
  it('rejects an unknown task with NotFoundError', () => {
    const error = catchError(() => cancelRun(undefined, 'ghost', at('2025-01-15T12:00:30Z')));

    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toHaveProperty('message', 'Task ghost does not exist');
  });

  it('rejects an idle task with ConflictError', () => {
    const row = aTaskRow({ taskId: 'refresh' });

    const error = catchError(() => cancelRun(row, 'refresh', at('2025-01-15T12:00:30Z')));

    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toHaveProperty('message', 'Task refresh is not running');
  });

  it('releases the lease and records when the run ended', () => {
    const row = aRunningTaskRow();

    const { row: cancelled } = cancelRun(row, 'task-a', at('2025-01-15T12:00:30Z'));

    expect(cancelled).toMatchObject({ run: null, lastRunEndedAt: at('2025-01-15T12:00:30Z') });
  });

  it('records the cancellation as the last error, as Backstage does', () => {
    const row = aRunningTaskRow();

    const { row: cancelled } = cancelRun(row, 'task-a', at('2025-01-15T12:00:30Z'));

    expect(cancelled.lastRunError).toBe('{"name":"Error","message":"Task was cancelled"}');
  });

  it('schedules the next run per the cadence, not now', () => {
    const row = aRunningTaskRow({ settings: aTaskSettings({ cadence: 'PT5M' }), nextRunAt: at('2025-01-15T12:00:00Z') });

    const { row: cancelled } = cancelRun(row, 'task-a', at('2025-01-15T12:00:30Z'));

    expect(cancelled.nextRunAt).toBe(at('2025-01-15T12:05:00Z'));
  });

  it('asks the adapter to abort the run that held the lease', () => {
    const row = aRunningTaskRow({ taskId: 'refresh', run: aRunLease({ ticket: 'ticket-9' }) });

    const { effects } = cancelRun(row, 'refresh', at('2025-01-15T12:00:30Z'));

    expect(effects).toEqual([{ type: 'abortRun', taskId: 'refresh', ticket: 'ticket-9', reason: 'Task was cancelled' }]);
  });

  it('records the cancelled run, with its lease and when it ended', () => {
    const run = aRunLease({ ticket: 'ticket-9', cause: 'trigger', scheduledFor: at('2025-01-15T11:59:00Z'), startedAt: at('2025-01-15T12:00:00Z') });
    const row = aRunningTaskRow({ taskId: 'refresh', run });

    const { finishedRun } = cancelRun(row, 'refresh', at('2025-01-15T12:00:30Z'));

    expect(finishedRun).toStrictEqual({
      taskId: 'refresh',
      ticket: 'ticket-9',
      cause: 'trigger',
      scheduledFor: at('2025-01-15T11:59:00Z'),
      startedAt: at('2025-01-15T12:00:00Z'),
      endedAt: at('2025-01-15T12:00:30Z'),
      outcome: 'cancelled',
      error: '{"name":"Error","message":"Task was cancelled"}',
    });
  });
});
