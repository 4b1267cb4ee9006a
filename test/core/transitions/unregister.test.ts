import { describe, expect, it } from 'vitest';
import { unregisterTask } from '../../../src/core/transitions/unregister.ts';
import { at } from '../../support/instants.ts';
import { aRunLease, aRunningTaskRow, aTaskRow } from '../../support/task-row-builder.ts';

const NOW = at('2025-01-15T12:00:30Z');

describe('unregisterTask', () => {
  it('does nothing for a task with no row', () => {
    expect(unregisterTask(undefined, NOW)).toBeUndefined();
  });

  it('removes an idle task and keeps its history', () => {
    const removal = unregisterTask(aTaskRow({ taskId: 'a' }), NOW);

    expect(removal).toStrictEqual({ type: 'remove', taskId: 'a', effects: [], forgetsHistory: false });
  });

  it('aborts the running run and records it as cancelled', () => {
    const row = aRunningTaskRow({ taskId: 'a', run: aRunLease({ ticket: 'ticket-3' }) });

    const removal = unregisterTask(row, NOW)!;

    expect(removal.effects).toEqual([{ type: 'abortRun', taskId: 'a', ticket: 'ticket-3', reason: 'Task was unregistered' }]);
    expect(removal.finishedRun).toMatchObject({ ticket: 'ticket-3', endedAt: NOW, outcome: 'cancelled', error: '{"name":"Error","message":"Task was unregistered"}' });
  });
});
