import { describe, expect, it } from 'vitest';
import { computeLocalWakeAt, isLocalTaskDue, registerLocalTask } from '../../../src/core/local/local-task.ts';
import { at } from '../../support/instants.ts';
import { aLocalRun, aLocalTask, aRunningLocalTask } from '../../support/local-task-builder.ts';
import { aTaskSettings } from '../../support/task-row-builder.ts';

const NOON = at('2025-01-15T12:00:00Z');

describe('registerLocalTask', () => {
  it('makes a duration task due at once', () => {
    const task = registerLocalTask(undefined, 'local-a', aTaskSettings({ cadence: 'PT5M' }), NOON);

    expect(task.nextRunAt).toBe(NOON);
  });

  it("makes a cron task due at its next fire, where Backstage runs it at once", () => {
    const task = registerLocalTask(undefined, 'local-a', aTaskSettings({ cadence: '0 3 * * *' }), NOON);

    expect(task.nextRunAt).toBe(at('2025-01-16T03:00:00Z'));
  });

  it('never makes a manual task due, where Backstage runs it every second (backstage#30980)', () => {
    const task = registerLocalTask(undefined, 'local-a', aTaskSettings({ cadence: 'manual' }), NOON);

    expect(task.nextRunAt).toBeNull();
  });

  it('makes a task with an initial delay due when the delay ends, and remembers that end', () => {
    const task = registerLocalTask(undefined, 'local-a', aTaskSettings({ cadence: 'PT5M', initialDelayDuration: 'PT2M' }), NOON);

    expect(task).toMatchObject({ nextRunAt: at('2025-01-15T12:02:00Z'), initialWaitEndsAt: at('2025-01-15T12:02:00Z') });
  });

  it('keeps the run going and the last result when the task registers again', () => {
    const existing = aRunningLocalTask({ lastRunError: '{"name":"Error","message":"boom"}' });

    const task = registerLocalTask(existing, 'local-a', aTaskSettings({ cadence: 'PT1M' }), NOON);

    expect(task).toMatchObject({ run: existing.run, nextRunAt: null, lastRunError: existing.lastRunError, settings: { cadence: 'PT1M' } });
  });
});

describe('isLocalTaskDue', () => {
  it('is true for an idle task whose time has come', () => {
    expect(isLocalTaskDue(aLocalTask({ nextRunAt: NOON }), NOON)).toBe(true);
  });

  it('is false before the task is due', () => {
    expect(isLocalTaskDue(aLocalTask({ nextRunAt: NOON + 1 }), NOON)).toBe(false);
  });

  it('is false while a run is going, so a task never overlaps itself', () => {
    expect(isLocalTaskDue(aLocalTask({ nextRunAt: NOON - 1, run: aLocalRun() }), NOON)).toBe(false);
  });

  it('is false for a manual task', () => {
    expect(isLocalTaskDue(aLocalTask({ nextRunAt: null }), NOON)).toBe(false);
  });
});

describe('computeLocalWakeAt', () => {
  it('is the earliest due time of the idle tasks', () => {
    const tasks = [aLocalTask({ nextRunAt: NOON + 5_000 }), aLocalTask({ nextRunAt: NOON + 2_000 }), aRunningLocalTask()];

    expect(computeLocalWakeAt(tasks, NOON)).toBe(NOON + 2_000);
  });

  it('is now for an overdue task, never the past', () => {
    expect(computeLocalWakeAt([aLocalTask({ nextRunAt: NOON - 60_000 })], NOON)).toBe(NOON);
  });

  it('is null when nothing will start on its own', () => {
    expect(computeLocalWakeAt([aLocalTask({ nextRunAt: null }), aRunningLocalTask()], NOON)).toBeNull();
  });
});
