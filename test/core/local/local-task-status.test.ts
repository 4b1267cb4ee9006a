import { describe, expect, it } from 'vitest';
import { describeLocalTask } from '../../../src/core/local/local-task-status.ts';
import { at } from '../../support/instants.ts';
import { aLocalTask, aRunningLocalTask } from '../../support/local-task-builder.ts';

const NOON = at('2025-01-15T12:00:00Z');

describe('describeLocalTask', () => {
  it('describes a running task with its start and timeout, and this worker running it', () => {
    const snapshot = describeLocalTask(aRunningLocalTask({ lastRunEndedAt: NOON - 1_000 }), NOON);

    expect(snapshot).toMatchObject({
      taskId: 'local-a',
      scope: 'local',
      taskState: { status: 'running', startedAt: NOON, timesOutAt: NOON + 60_000, lastRunEndedAt: NOON - 1_000 },
      workerState: { status: 'running' },
    });
  });

  it('describes an idle task with its next start and last error, leaving absent fields out', () => {
    const snapshot = describeLocalTask(aLocalTask({ nextRunAt: NOON + 1, lastRunError: '{"name":"Error","message":"x"}' }), NOON);

    expect(snapshot.taskState).toStrictEqual({ status: 'idle', startsAt: NOON + 1, lastRunError: '{"name":"Error","message":"x"}' });
    expect(snapshot.workerState).toEqual({ status: 'idle' });
  });

  it('describes a manual task without a start', () => {
    expect(describeLocalTask(aLocalTask({ nextRunAt: null }), NOON).taskState).toStrictEqual({ status: 'idle' });
  });

  it('reports the initial wait as the worker state until it ends', () => {
    const task = aLocalTask({ nextRunAt: NOON + 60_000, initialWaitEndsAt: NOON + 60_000 });

    expect(describeLocalTask(task, NOON).workerState).toEqual({ status: 'initial-wait' });
    expect(describeLocalTask(task, NOON + 60_000).workerState).toEqual({ status: 'idle' });
  });
});
