import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../../../src/core/errors.ts';
import { triggerTask } from '../../../src/core/transitions/trigger.ts';
import { catchError } from '../../support/catch-error.ts';
import { at } from '../../support/instants.ts';
import { aRunningTaskRow, aTaskRow, aTaskSettings } from '../../support/task-row-builder.ts';

describe('triggerTask', () => {
  it('rejects an unknown task with NotFoundError', () => {
    const error = catchError(() => triggerTask(undefined, 'ghost', at('2025-01-15T12:00:00Z'), 'ticket-1'));

    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toHaveProperty('message', 'Task ghost does not exist');
  });

  it('rejects a running task with ConflictError', () => {
    const row = aRunningTaskRow({ taskId: 'refresh' });

    const error = catchError(() => triggerTask(row, 'refresh', at('2025-01-15T12:00:30Z'), 'ticket-1'));

    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toHaveProperty('message', 'Task refresh is currently running');
  });

  it('claims an idle task now, although its next run is later', () => {
    const row = aTaskRow({ nextRunAt: at('2025-01-15T13:00:00Z') });

    const { row: claimed } = triggerTask(row, 'task-a', at('2025-01-15T12:00:00Z'), 'ticket-1');

    expect(claimed).toMatchObject({
      nextRunAt: at('2025-01-15T12:00:00Z'),
      run: {
        ticket: 'ticket-1',
        scheduledFor: at('2025-01-15T12:00:00Z'),
        startedAt: at('2025-01-15T12:00:00Z'),
        timesOutAt: at('2025-01-15T12:01:00Z'),
      },
    });
  });

  it('claims a manual task', () => {
    const row = aTaskRow({ settings: aTaskSettings({ cadence: 'manual' }), nextRunAt: null });

    const { row: claimed } = triggerTask(row, 'task-a', at('2025-01-15T12:00:00Z'), 'ticket-1');

    expect(claimed.run?.ticket).toBe('ticket-1');
  });

  it('asks the adapter to start the run with its ticket', () => {
    const row = aTaskRow({ taskId: 'refresh' });

    const { effects } = triggerTask(row, 'refresh', at('2025-01-15T12:00:00Z'), 'ticket-1');

    expect(effects).toEqual([{ type: 'startRun', taskId: 'refresh', ticket: 'ticket-1' }]);
  });

  it('records the run as started by a trigger', () => {
    const row = aTaskRow();

    const { row: claimed } = triggerTask(row, 'task-a', at('2025-01-15T12:00:00Z'), 'ticket-1');

    expect(claimed.run?.cause).toBe('trigger');
  });

  it('runs a paused task, which stays paused', () => {
    const row = aTaskRow({ isPaused: true });

    const { row: claimed } = triggerTask(row, 'task-a', at('2025-01-15T12:00:00Z'), 'ticket-1');

    expect(claimed).toMatchObject({ isPaused: true, run: { ticket: 'ticket-1' } });
  });
});
