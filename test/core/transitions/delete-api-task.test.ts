import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../../../src/core/errors.ts';
import { deleteApiTask } from '../../../src/core/transitions/delete-api-task.ts';
import { catchError } from '../../support/catch-error.ts';
import { at } from '../../support/instants.ts';
import { anHttpHandler } from '../../support/task-handler-builder.ts';
import { aRunLease, aRunningTaskRow, aTaskRow } from '../../support/task-row-builder.ts';

const NOW = at('2025-01-15T12:00:30Z');

describe('deleteApiTask', () => {
  it('rejects an unknown task with NotFoundError', () => {
    const error = catchError(() => deleteApiTask(undefined, 'x', NOW));

    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toHaveProperty('message', 'Task x does not exist');
  });

  it('refuses a task defined in code with ConflictError, since the next deployment would bring it back', () => {
    const row = aTaskRow({ taskId: 'x', source: 'code' });

    const error = catchError(() => deleteApiTask(row, 'x', NOW));

    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toHaveProperty('message', 'Task x is defined in code and cannot be deleted over the API');
  });

  it('removes an idle API task with its history, with no effects and no finished run', () => {
    const row = aTaskRow({ taskId: 'x', source: 'api', handler: anHttpHandler() });

    const deletion = deleteApiTask(row, 'x', NOW);

    expect(deletion).toStrictEqual({ type: 'remove', taskId: 'x', effects: [], forgetsHistory: true });
  });

  it('asks the adapter to abort the run of a running API task', () => {
    const row = aRunningTaskRow({ taskId: 'x', source: 'api', handler: anHttpHandler(), run: aRunLease({ ticket: 'ticket-9' }) });

    const { effects } = deleteApiTask(row, 'x', NOW);

    expect(effects).toEqual([{ type: 'abortRun', taskId: 'x', ticket: 'ticket-9', reason: 'Task was deleted' }]);
  });

  it('records the run of a running API task as cancelled', () => {
    const run = aRunLease({ ticket: 'ticket-9', cause: 'trigger', scheduledFor: at('2025-01-15T11:59:00Z'), startedAt: at('2025-01-15T12:00:00Z') });
    const row = aRunningTaskRow({ taskId: 'x', source: 'api', handler: anHttpHandler(), run });

    const { finishedRun } = deleteApiTask(row, 'x', NOW);

    expect(finishedRun).toStrictEqual({
      taskId: 'x',
      ticket: 'ticket-9',
      cause: 'trigger',
      scheduledFor: at('2025-01-15T11:59:00Z'),
      startedAt: at('2025-01-15T12:00:00Z'),
      endedAt: NOW,
      outcome: 'cancelled',
      error: '{"name":"Error","message":"Task was deleted"}',
    });
  });
});
