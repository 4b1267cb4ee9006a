import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../../../src/core/errors.ts';
import { cancelLocalRun, triggerLocalTask } from '../../../src/core/local/local-commands.ts';
import { catchError } from '../../support/catch-error.ts';
import { at } from '../../support/instants.ts';
import { aLocalRun, aLocalTask, aRunningLocalTask } from '../../support/local-task-builder.ts';

const NOON = at('2025-01-15T12:00:00Z');

describe('triggerLocalTask', () => {
  it('makes the task due now', () => {
    const task = triggerLocalTask(aLocalTask({ nextRunAt: NOON + 3_600_000 }), 'local-a', NOON);

    expect(task.nextRunAt).toBe(NOON);
  });

  it('cuts the initial wait short', () => {
    const task = triggerLocalTask(aLocalTask({ nextRunAt: NOON + 60_000, initialWaitEndsAt: NOON + 60_000 }), 'local-a', NOON);

    expect(task.initialWaitEndsAt).toBe(NOON);
  });

  it('makes a manual task due now', () => {
    expect(triggerLocalTask(aLocalTask({ nextRunAt: null }), 'local-a', NOON).nextRunAt).toBe(NOON);
  });

  it('refuses a task that is running, in Backstage words', () => {
    const error = catchError(() => triggerLocalTask(aRunningLocalTask(), 'local-a', NOON));

    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toBe('Task local-a is currently running');
  });

  it('refuses a task unknown here', () => {
    const error = catchError(() => triggerLocalTask(undefined, 'nope', NOON));

    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toBe('Task nope does not exist');
  });
});

describe('cancelLocalRun', () => {
  it('marks the run as cancelled and keeps it until its function settles', () => {
    const task = cancelLocalRun(aRunningLocalTask(), 'local-a', NOON + 5_000);

    expect(task.run).toEqual(aLocalRun({ cancelledAt: NOON + 5_000 }));
  });

  it('keeps the first cancel time when cancelled twice', () => {
    const task = cancelLocalRun(aRunningLocalTask({ run: aLocalRun({ cancelledAt: NOON + 1 }) }), 'local-a', NOON + 9);

    expect(task.run?.cancelledAt).toBe(NOON + 1);
  });

  it('refuses a task that is not running, in Backstage words', () => {
    const error = catchError(() => cancelLocalRun(aLocalTask(), 'local-a', NOON));

    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toBe('Task local-a is not running');
  });

  it('refuses a task unknown here', () => {
    expect(catchError(() => cancelLocalRun(undefined, 'nope', NOON))).toBeInstanceOf(NotFoundError);
  });
});
