import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../../src/core/errors.ts';
import { InProcessScheduler } from '../../src/embedded/in-process-scheduler.ts';
import { MAX_TIMER_DELAY_MS } from '../../src/core/timer.ts';
import { aControlledTask } from '../support/controlled-task.ts';
import { at, DAY_MS, MINUTE_MS } from '../support/instants.ts';
import { snapshotOf } from '../support/local-task-worker-harness.ts';
import { aRecordingLogger } from '../support/recording-logger.ts';
import { aTaskSettings } from '../support/task-row-builder.ts';
import { createTestClock } from '../support/test-clock.ts';
import { createTestTimer } from '../support/test-timer.ts';
import { rejectionOf } from '../support/catch-error.ts';

const START = at('2025-01-15T12:00:00Z');

/** A started scheduler whose plugin registered nothing at its start; the tests register their tasks after. */
async function anInProcessScheduler(options: { runHistoryLimit?: number } = {}) {
  const clock = createTestClock(START);
  const timer = createTestTimer(clock);
  const logger = aRecordingLogger();
  const scheduler = new InProcessScheduler({ clock, timer, logger, ...options });
  await scheduler.start('plugin', async () => {});
  return { scheduler, clock, timer, logger };
}

describe('the in-process scheduler of global tasks', () => {
  it('starts a duration task at once, by the timer that stands in for the alarm', async () => {
    const { scheduler, timer } = await anInProcessScheduler();
    const task = aControlledTask();
    await scheduler.registerTask('tick', aTaskSettings({ cadence: 'PT5M' }), task.fn);

    timer.advance(0);

    expect(await task.nthRun(1)).toBeDefined();
    expect((await snapshotOf(scheduler.api, 'tick')).taskState).toMatchObject({ status: 'running', startedAt: START });
  });

  it('runs a duration task at a fixed rate from its due time', async () => {
    const { scheduler, timer } = await anInProcessScheduler();
    const task = aControlledTask();
    await scheduler.registerTask('tick', aTaskSettings({ cadence: 'PT5M' }), task.fn);
    timer.advance(0);
    timer.advance(MINUTE_MS);

    (await task.nthRun(1)).finish();
    await scheduler.settled();
    timer.advance(4 * MINUTE_MS);

    expect((await snapshotOf(scheduler.api, 'tick')).taskState).toMatchObject({ status: 'running', startedAt: START + 5 * MINUTE_MS });
  });

  it('never starts a second run while the first holds the lease', async () => {
    const { scheduler, timer } = await anInProcessScheduler();
    const task = aControlledTask();
    await scheduler.registerTask('slow', aTaskSettings({ cadence: 'PT1M', timeoutAfterDuration: 'PT1H' }), task.fn);
    timer.advance(0);
    await task.nthRun(1);

    timer.advance(30 * MINUTE_MS);

    expect(task.runs).toHaveLength(1);
    expect((await snapshotOf(scheduler.api, 'slow')).taskState).toMatchObject({ status: 'running', startedAt: START });
  });

  it('aborts a run at its timeout and records a TimeoutError', async () => {
    const { scheduler, timer } = await anInProcessScheduler();
    const task = aControlledTask();
    await scheduler.registerTask('slow', aTaskSettings({ cadence: 'PT1H', timeoutAfterDuration: 'PT1M' }), task.fn);
    timer.advance(0);
    const run = await task.nthRun(1);

    timer.advance(MINUTE_MS);

    expect(run.signal.reason).toEqual(new Error('Task timed out after PT1M'));
    expect((await snapshotOf(scheduler.api, 'slow')).taskState).toMatchObject({
      status: 'idle',
      lastRunError: '{"name":"TimeoutError","message":"Task timed out after PT1M"}',
    });
  });

  it('waits out the initial delay of this process', async () => {
    const { scheduler, timer } = await anInProcessScheduler();
    const task = aControlledTask();
    await scheduler.registerTask('delayed', aTaskSettings({ cadence: 'PT1M', initialDelayDuration: 'PT10M' }), task.fn);

    timer.advance(10 * MINUTE_MS - 1);
    const during = await snapshotOf(scheduler.api, 'delayed');
    timer.advance(1);

    expect(during).toMatchObject({ taskState: { status: 'idle' }, workerState: { status: 'initial-wait' } });
    expect((await snapshotOf(scheduler.api, 'delayed')).taskState).toMatchObject({ status: 'running', startedAt: START + 10 * MINUTE_MS });
  });

  it('runs a 40-day cadence on its 40th day without overflowing the timer (backstage#23268)', async () => {
    const { scheduler, timer } = await anInProcessScheduler();
    const task = aControlledTask();
    await scheduler.registerTask('rare', aTaskSettings({ cadence: 'P40D', timeoutAfterDuration: 'PT1M' }), task.fn);
    timer.advance(0);
    (await task.nthRun(1)).finish();
    await scheduler.settled();

    timer.advance(40 * DAY_MS - 1);
    const dayBefore = (await snapshotOf(scheduler.api, 'rare')).taskState.status;
    timer.advance(1);

    expect(dayBefore).toBe('idle');
    expect((await snapshotOf(scheduler.api, 'rare')).taskState).toMatchObject({ status: 'running', startedAt: START + 40 * DAY_MS });
    expect(Math.max(...timer.requestedDelays)).toBeLessThanOrEqual(MAX_TIMER_DELAY_MS);
  });

  it('logs a failed run once and keeps it as lastRunError', async () => {
    const { scheduler, timer, logger } = await anInProcessScheduler();
    const task = aControlledTask();
    await scheduler.registerTask('flaky', aTaskSettings({ cadence: 'PT1H' }), task.fn);
    timer.advance(0);

    (await task.nthRun(1)).fail(new Error('boom'));
    await scheduler.settled();

    const errors = logger.messages.filter(({ level }) => level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ message: 'Task run failed', fields: { pluginId: 'plugin', taskId: 'flaky', runId: 'ticket-1', outcome: 'failed', error: 'Error: boom' } });
    expect((await snapshotOf(scheduler.api, 'flaky')).taskState).toMatchObject({ lastRunError: '{"name":"Error","message":"boom"}' });
  });
});

describe('triggerTask on the in-process scheduler', () => {
  it('starts the run inside the call', async () => {
    const { scheduler } = await anInProcessScheduler();
    const task = aControlledTask();
    await scheduler.registerTask('manual', aTaskSettings({ cadence: 'manual' }), task.fn);

    await scheduler.triggerTask('manual');

    expect((await snapshotOf(scheduler.api, 'manual')).taskState).toMatchObject({ status: 'running', startedAt: START });
    expect(await task.nthRun(1)).toBeDefined();
  });

  it('refuses with a ConflictError while the task runs', async () => {
    const { scheduler } = await anInProcessScheduler();
    await scheduler.registerTask('manual', aTaskSettings({ cadence: 'manual' }), aControlledTask().fn);
    await scheduler.triggerTask('manual');

    const error = await rejectionOf(scheduler.triggerTask('manual'));

    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe('Task manual is currently running');
  });

  it('refuses an unknown task with a NotFoundError', async () => {
    const { scheduler } = await anInProcessScheduler();

    expect(await rejectionOf(scheduler.triggerTask('nope'))).toBeInstanceOf(NotFoundError);
  });
});

describe('cancelTask on the in-process scheduler', () => {
  it('aborts the run and records the cancel, which the run ending later does not overwrite', async () => {
    const { scheduler } = await anInProcessScheduler();
    const task = aControlledTask();
    await scheduler.registerTask('manual', aTaskSettings({ cadence: 'manual' }), task.fn);
    await scheduler.triggerTask('manual');
    const run = await task.nthRun(1);

    await scheduler.cancelTask('manual');
    run.finish();
    await scheduler.settled();

    expect(run.signal.reason).toEqual(new Error('Task was cancelled'));
    expect((await snapshotOf(scheduler.api, 'manual')).taskState).toMatchObject({
      status: 'idle',
      lastRunError: '{"name":"Error","message":"Task was cancelled"}',
    });
  });

  it('refuses with a ConflictError when nothing runs', async () => {
    const { scheduler } = await anInProcessScheduler();
    await scheduler.registerTask('manual', aTaskSettings({ cadence: 'manual' }), aControlledTask().fn);

    const error = await rejectionOf(scheduler.cancelTask('manual'));

    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe('Task manual is not running');
  });
});

describe('unregisterTask on the in-process scheduler', () => {
  it('removes the task, aborts its run and records the run as cancelled', async () => {
    const { scheduler, logger } = await anInProcessScheduler();
    const task = aControlledTask();
    await scheduler.registerTask('manual', aTaskSettings({ cadence: 'manual' }), task.fn);
    await scheduler.triggerTask('manual');
    const run = await task.nthRun(1);

    await scheduler.unregisterTask('manual');

    expect(run.signal.reason).toEqual(new Error('Task was unregistered'));
    expect(scheduler.api.listTasks()).toEqual([]);
    expect(logger.messages.filter(({ message }) => message === 'Task run cancelled')).toMatchObject([
      { level: 'warn', fields: { taskId: 'manual', runId: 'ticket-1', outcome: 'cancelled', error: 'Error: Task was unregistered' } },
    ]);
  });
});

describe('the management calls of the in-process scheduler', () => {
  it('keeps each task run history, newest first, up to its limit', async () => {
    const { scheduler } = await anInProcessScheduler({ runHistoryLimit: 2 });
    const task = aControlledTask();
    await scheduler.registerTask('manual', aTaskSettings({ cadence: 'manual' }), task.fn);
    for (let count = 1; count <= 3; count++) {
      await scheduler.triggerTask('manual');
      (await task.nthRun(count)).finish();
      await scheduler.settled();
    }

    const runs = scheduler.api.listRuns('manual', 10);

    expect(runs.map((run) => run.ticket)).toEqual(['ticket-3', 'ticket-2']);
  });

  it('pauses a task, which then starts only when triggered', async () => {
    const { scheduler, timer } = await anInProcessScheduler();
    const task = aControlledTask();
    await scheduler.registerTask('tick', aTaskSettings({ cadence: 'PT1M' }), task.fn);

    await scheduler.api.pauseTask('tick');
    timer.advance(10 * MINUTE_MS);

    expect((await snapshotOf(scheduler.api, 'tick')).taskState).toMatchObject({ status: 'idle', paused: true });
  });

  it('refuses to delete a task defined in code', async () => {
    const { scheduler } = await anInProcessScheduler();
    await scheduler.registerTask('tick', aTaskSettings({ cadence: 'PT1M' }), aControlledTask().fn);

    expect(await rejectionOf(scheduler.api.deleteTask('tick'))).toBeInstanceOf(ConflictError);
  });

  it('previews the next due times', async () => {
    const { scheduler } = await anInProcessScheduler();
    await scheduler.registerTask('cron', aTaskSettings({ cadence: '0 * * * *' }), aControlledTask().fn);

    const preview = scheduler.api.previewRuns('cron', 2);

    expect(preview).toEqual({ times: [at('2025-01-15T13:00:00Z'), at('2025-01-15T14:00:00Z')], timeZone: 'UTC' });
  });
});
