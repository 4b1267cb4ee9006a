import { describe, expect, it } from 'vitest';
import { pruneTasks } from '../../../src/core/transitions/prune.ts';
import { at } from '../../support/instants.ts';
import { anHttpHandler } from '../../support/task-handler-builder.ts';
import { aRunLease, aRunningTaskRow, aTaskRow } from '../../support/task-row-builder.ts';

const NOW = at('2025-01-15T12:00:30Z');

describe('pruneTasks', () => {
  it('removes code tasks the code no longer defines, and keeps their history', () => {
    const rows = [aTaskRow({ taskId: 'kept' }), aTaskRow({ taskId: 'gone' })];

    const removals = pruneTasks(rows, (taskId) => taskId === 'kept', NOW);

    expect(removals).toStrictEqual([{ type: 'remove', taskId: 'gone', effects: [], forgetsHistory: false }]);
  });

  it('keeps tasks defined over the API', () => {
    const rows = [aTaskRow({ taskId: 'x', source: 'api', handler: anHttpHandler() })];

    expect(pruneTasks(rows, () => false, NOW)).toEqual([]);
  });

  it('records the run of a removed running task as cancelled', () => {
    const rows = [aRunningTaskRow({ taskId: 'gone', run: aRunLease({ ticket: 'ticket-5' }) })];

    const [removal] = pruneTasks(rows, () => false, NOW);

    expect(removal!.finishedRun).toMatchObject({ ticket: 'ticket-5', outcome: 'cancelled', error: '{"name":"Error","message":"Task is no longer defined in code"}' });
  });
});
