import { describe, expect, it } from 'vitest';
import { CANCELLED_RUN_ERROR, completeLocalRun, expireLocalRun, startLocalRun } from '../../../src/core/local/local-run.ts';
import { at } from '../../support/instants.ts';
import { aLocalRun, aLocalTask, aRunningLocalTask } from '../../support/local-task-builder.ts';
import { aTaskSettings } from '../../support/task-row-builder.ts';

const NOON = at('2025-01-15T12:00:00Z');

describe('startLocalRun', () => {
  it('starts a run that times out after the task timeout', () => {
    const task = startLocalRun(aLocalTask({ settings: aTaskSettings({ timeoutAfterDuration: 'PT30S' }) }), NOON, 'run-7');

    expect(task).toMatchObject({ nextRunAt: null, run: { runId: 'run-7', startedAt: NOON, timesOutAt: NOON + 30_000, cancelledAt: null } });
  });

  it('refuses to start a second run of a running task', () => {
    expect(() => startLocalRun(aRunningLocalTask(), NOON, 'run-2')).toThrow('already running');
  });
});

describe('completeLocalRun', () => {
  it("schedules a duration task at a fixed rate from the run's start", () => {
    const task = aRunningLocalTask({ settings: aTaskSettings({ cadence: 'PT10M' }), run: aLocalRun({ startedAt: NOON }) });

    const ended = completeLocalRun(task, 'run-1', at('2025-01-15T12:03:00Z'), null);

    expect(ended?.nextRunAt).toBe(at('2025-01-15T12:10:00Z'));
  });

  it('makes a duration task due at once when its run took longer than the cadence', () => {
    const task = aRunningLocalTask({ settings: aTaskSettings({ cadence: 'PT1M', timeoutAfterDuration: 'PT1H' }) });

    const ended = completeLocalRun(task, 'run-1', at('2025-01-15T12:04:00Z'), null);

    expect(ended?.nextRunAt).toBe(at('2025-01-15T12:04:00Z'));
  });

  it('schedules a cron task at its next fire after the run ended', () => {
    const task = aRunningLocalTask({ settings: aTaskSettings({ cadence: '*/5 * * * *' }) });

    const ended = completeLocalRun(task, 'run-1', at('2025-01-15T12:07:00Z'), null);

    expect(ended?.nextRunAt).toBe(at('2025-01-15T12:10:00Z'));
  });

  it('leaves a manual task without a next run', () => {
    const task = aRunningLocalTask({ settings: aTaskSettings({ cadence: 'manual' }) });

    expect(completeLocalRun(task, 'run-1', NOON + 1_000, null)?.nextRunAt).toBeNull();
  });

  it('records the end and the serialised failure', () => {
    const ended = completeLocalRun(aRunningLocalTask(), 'run-1', NOON + 1_000, '{"name":"Error","message":"boom"}');

    expect(ended).toMatchObject({ run: null, lastRunEndedAt: NOON + 1_000, lastRunError: '{"name":"Error","message":"boom"}' });
  });

  it('clears the last failure after a successful run', () => {
    const ended = completeLocalRun(aRunningLocalTask({ lastRunError: '{"name":"Error","message":"old"}' }), 'run-1', NOON + 1, null);

    expect(ended?.lastRunError).toBeNull();
  });

  it('records a cancelled run as cancelled, whatever its function did', () => {
    const task = aRunningLocalTask({ run: aLocalRun({ cancelledAt: NOON + 500 }) });

    const ended = completeLocalRun(task, 'run-1', NOON + 1_000, null);

    expect(ended?.lastRunError).toBe(CANCELLED_RUN_ERROR);
  });

  it('ignores the end of a run that already ended', () => {
    expect(completeLocalRun(aRunningLocalTask(), 'run-0', NOON + 1_000, null)).toBeUndefined();
  });

  it('ignores the end of a run whose task is gone', () => {
    expect(completeLocalRun(undefined, 'run-1', NOON + 1_000, null)).toBeUndefined();
  });
});

describe('expireLocalRun', () => {
  it('leaves a run that has time left', () => {
    expect(expireLocalRun(aRunningLocalTask(), NOON + 59_999)).toBeUndefined();
  });

  it('ends a run at its timeout with a TimeoutError, and schedules the next from its start', () => {
    const task = aRunningLocalTask({ settings: aTaskSettings({ cadence: 'PT5M', timeoutAfterDuration: 'PT1M' }) });

    const expired = expireLocalRun(task, NOON + 60_000);

    expect(expired).toEqual({
      runId: 'run-1',
      reason: 'Task timed out after PT1M',
      task: {
        ...task,
        run: null,
        nextRunAt: at('2025-01-15T12:05:00Z'),
        lastRunEndedAt: NOON + 60_000,
        lastRunError: '{"name":"TimeoutError","message":"Task timed out after PT1M"}',
      },
    });
  });

  it('records a cancelled run that outlived its timeout as cancelled', () => {
    const expired = expireLocalRun(aRunningLocalTask({ run: aLocalRun({ cancelledAt: NOON + 1 }) }), NOON + 60_000);

    expect(expired?.task.lastRunError).toBe(CANCELLED_RUN_ERROR);
  });
});
