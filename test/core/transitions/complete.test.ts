import { describe, expect, it } from 'vitest';
import { completeRun } from '../../../src/core/transitions/complete.ts';
import { at } from '../../support/instants.ts';
import { aRunLease, aRunningTaskRow, aTaskRow, aTaskSettings } from '../../support/task-row-builder.ts';

describe('completeRun', () => {
  it('ignores a stale ticket, whose lease is gone or taken by a newer run', () => {
    const row = aRunningTaskRow({ run: aRunLease({ ticket: 'ticket-2' }) });

    const completed = completeRun(row, 'ticket-1', at('2025-01-15T12:00:30Z'), null);

    expect(completed).toBeUndefined();
  });

  it('ignores a task that is no longer running', () => {
    const row = aTaskRow({ run: null });

    const completed = completeRun(row, 'ticket-1', at('2025-01-15T12:00:30Z'), null);

    expect(completed).toBeUndefined();
  });

  it('ignores a task that no longer exists', () => {
    const completed = completeRun(undefined, 'ticket-1', at('2025-01-15T12:00:30Z'), null);

    expect(completed).toBeUndefined();
  });

  it('releases the lease and records when the run ended', () => {
    const row = aRunningTaskRow({ run: aRunLease({ ticket: 'ticket-1' }) });

    const completed = completeRun(row, 'ticket-1', at('2025-01-15T12:00:30Z'), null);

    expect(completed?.row).toMatchObject({ run: null, lastRunEndedAt: at('2025-01-15T12:00:30Z') });
  });

  it('clears the previous error after a successful run', () => {
    const row = aRunningTaskRow({ run: aRunLease({ ticket: 'ticket-1' }), lastRunError: '{"name":"Error","message":"boom"}' });

    const completed = completeRun(row, 'ticket-1', at('2025-01-15T12:00:30Z'), null);

    expect(completed?.row.lastRunError).toBeNull();
  });

  it('records the error of a failed run', () => {
    const row = aRunningTaskRow({ run: aRunLease({ ticket: 'ticket-1' }) });

    const completed = completeRun(row, 'ticket-1', at('2025-01-15T12:00:30Z'), '{"name":"TypeError","message":"boom"}');

    expect(completed?.row.lastRunError).toBe('{"name":"TypeError","message":"boom"}');
  });

  it('schedules a duration task one period after the due time the run served', () => {
    const row = aRunningTaskRow({
      settings: aTaskSettings({ cadence: 'PT5M' }),
      nextRunAt: at('2025-01-15T12:00:00Z'),
      run: aRunLease({ ticket: 'ticket-1' }),
    });

    const completed = completeRun(row, 'ticket-1', at('2025-01-15T12:00:30Z'), null);

    expect(completed?.row.nextRunAt).toBe(at('2025-01-15T12:05:00Z'));
  });

  it('schedules a cron task at its next fire', () => {
    const row = aRunningTaskRow({
      settings: aTaskSettings({ cadence: '0 * * * *' }),
      nextRunAt: at('2025-01-15T12:00:00Z'),
      run: aRunLease({ ticket: 'ticket-1' }),
    });

    const completed = completeRun(row, 'ticket-1', at('2025-01-15T12:00:30Z'), null);

    expect(completed?.row.nextRunAt).toBe(at('2025-01-15T13:00:00Z'));
  });

  it('leaves a manual task unscheduled after its run', () => {
    const row = aRunningTaskRow({
      settings: aTaskSettings({ cadence: 'manual' }),
      nextRunAt: at('2025-01-15T12:00:00Z'),
      run: aRunLease({ ticket: 'ticket-1' }),
    });

    const completed = completeRun(row, 'ticket-1', at('2025-01-15T12:00:30Z'), null);

    expect(completed?.row.nextRunAt).toBeNull();
  });

  it('records a successful run as succeeded, with its lease and when it ended', () => {
    const run = aRunLease({ ticket: 'ticket-1', cause: 'schedule', scheduledFor: at('2025-01-15T11:59:58Z'), startedAt: at('2025-01-15T12:00:00Z') });
    const row = aRunningTaskRow({ taskId: 'refresh', run });

    const completed = completeRun(row, 'ticket-1', at('2025-01-15T12:00:30Z'), null);

    expect(completed?.finishedRun).toStrictEqual({
      taskId: 'refresh',
      ticket: 'ticket-1',
      cause: 'schedule',
      scheduledFor: at('2025-01-15T11:59:58Z'),
      startedAt: at('2025-01-15T12:00:00Z'),
      endedAt: at('2025-01-15T12:00:30Z'),
      outcome: 'succeeded',
      error: null,
    });
  });

  it('records a failed run as failed, with its error', () => {
    const run = aRunLease({ ticket: 'ticket-1', cause: 'trigger', scheduledFor: at('2025-01-15T12:00:00Z'), startedAt: at('2025-01-15T12:00:00Z') });
    const row = aRunningTaskRow({ taskId: 'refresh', run });

    const completed = completeRun(row, 'ticket-1', at('2025-01-15T12:00:30Z'), '{"name":"TypeError","message":"boom"}');

    expect(completed?.finishedRun).toStrictEqual({
      taskId: 'refresh',
      ticket: 'ticket-1',
      cause: 'trigger',
      scheduledFor: at('2025-01-15T12:00:00Z'),
      startedAt: at('2025-01-15T12:00:00Z'),
      endedAt: at('2025-01-15T12:00:30Z'),
      outcome: 'failed',
      error: '{"name":"TypeError","message":"boom"}',
    });
  });
});
