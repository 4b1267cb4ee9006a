import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../src/core/errors.ts';
import { pauseTask, resumeTask } from '../../../src/core/transitions/pause.ts';
import { catchError } from '../../support/catch-error.ts';
import { at } from '../../support/instants.ts';
import { aRunningTaskRow, aTaskRow, aTaskSettings } from '../../support/task-row-builder.ts';

describe('pauseTask', () => {
  it('rejects an unknown task with NotFoundError', () => {
    const error = catchError(() => pauseTask(undefined, 'x'));

    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toHaveProperty('message', 'Task x does not exist');
  });

  it('marks the task paused and leaves the rest of the row as it was', () => {
    const row = aTaskRow({ isPaused: false, nextRunAt: at('2025-01-15T12:05:00Z') });

    const paused = pauseTask(row, 'task-a');

    expect(paused).toStrictEqual({ ...row, isPaused: true });
  });

  it('pauses a running task without touching its run', () => {
    const row = aRunningTaskRow({ isPaused: false });

    const paused = pauseTask(row, 'task-a');

    expect(paused).toMatchObject({ isPaused: true, run: row.run });
  });

  it('returns the same row when the task is already paused, so there is nothing to write', () => {
    const row = aTaskRow({ isPaused: true });

    const paused = pauseTask(row, 'task-a');

    expect(paused).toBe(row);
  });
});

describe('resumeTask', () => {
  it('rejects an unknown task with NotFoundError', () => {
    const error = catchError(() => resumeTask(undefined, 'x', at('2025-01-15T12:00:00Z')));

    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toHaveProperty('message', 'Task x does not exist');
  });

  it('clears the pause', () => {
    const row = aTaskRow({ isPaused: true, nextRunAt: at('2025-01-15T12:05:00Z') });

    const resumed = resumeTask(row, 'task-a', at('2025-01-15T12:00:00Z'));

    expect(resumed.isPaused).toBe(false);
  });

  it('returns the same row when the task is not paused, so there is nothing to write', () => {
    const row = aTaskRow({ isPaused: false, nextRunAt: at('2025-01-15T11:00:00Z') });

    const resumed = resumeTask(row, 'task-a', at('2025-01-15T12:00:00Z'));

    expect(resumed).toBe(row);
  });

  it('moves an overdue cron run to the next fire after now, without making up the missed fires', () => {
    const row = aTaskRow({ settings: aTaskSettings({ cadence: '0 * * * *' }), isPaused: true, nextRunAt: at('2025-01-15T09:00:00Z') });

    const resumed = resumeTask(row, 'task-a', at('2025-01-15T12:20:00Z'));

    expect(resumed.nextRunAt).toBe(at('2025-01-15T13:00:00Z'));
  });

  it('moves an overdue duration run to now when one period after it has also passed', () => {
    const row = aTaskRow({ settings: aTaskSettings({ cadence: 'PT5M' }), isPaused: true, nextRunAt: at('2025-01-15T09:00:00Z') });

    const resumed = resumeTask(row, 'task-a', at('2025-01-15T12:20:00Z'));

    expect(resumed.nextRunAt).toBe(at('2025-01-15T12:20:00Z'));
  });

  it('moves an overdue duration run one period on when that is still ahead of now', () => {
    const row = aTaskRow({ settings: aTaskSettings({ cadence: 'PT5M' }), isPaused: true, nextRunAt: at('2025-01-15T12:00:00Z') });

    const resumed = resumeTask(row, 'task-a', at('2025-01-15T12:02:00Z'));

    expect(resumed.nextRunAt).toBe(at('2025-01-15T12:05:00Z'));
  });

  it('keeps a next run that is still in the future', () => {
    const row = aTaskRow({ settings: aTaskSettings({ cadence: '0 * * * *' }), isPaused: true, nextRunAt: at('2025-01-15T13:00:00Z') });

    const resumed = resumeTask(row, 'task-a', at('2025-01-15T12:20:00Z'));

    expect(resumed.nextRunAt).toBe(at('2025-01-15T13:00:00Z'));
  });

  it('keeps a next run that is due exactly now', () => {
    const row = aTaskRow({ isPaused: true, nextRunAt: at('2025-01-15T12:00:00Z') });

    const resumed = resumeTask(row, 'task-a', at('2025-01-15T12:00:00Z'));

    expect(resumed.nextRunAt).toBe(at('2025-01-15T12:00:00Z'));
  });

  it('keeps the due time of a running task, which its run was claimed for', () => {
    const row = aRunningTaskRow({ isPaused: true, nextRunAt: at('2025-01-15T09:00:00Z') });

    const resumed = resumeTask(row, 'task-a', at('2025-01-15T12:20:00Z'));

    expect(resumed).toMatchObject({ isPaused: false, nextRunAt: at('2025-01-15T09:00:00Z'), run: row.run });
  });

  it('leaves a paused manual task unscheduled', () => {
    const row = aTaskRow({ settings: aTaskSettings({ cadence: 'manual' }), isPaused: true, nextRunAt: null });

    const resumed = resumeTask(row, 'task-a', at('2025-01-15T12:20:00Z'));

    expect(resumed).toMatchObject({ isPaused: false, nextRunAt: null });
  });
});
