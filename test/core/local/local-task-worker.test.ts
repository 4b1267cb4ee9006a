import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../../../src/core/errors.ts';
import { MAX_TIMER_DELAY_MS } from '../../../src/core/timer.ts';
import { aControlledTask } from '../../support/controlled-task.ts';
import { DAY_MS, MINUTE_MS, SECOND_MS } from '../../support/instants.ts';
import { aLocalTaskWorker, HARNESS_START as START, snapshotOf } from '../../support/local-task-worker-harness.ts';
import { aTaskSettings } from '../../support/task-row-builder.ts';
import { rejectionOf } from '../../support/catch-error.ts';

// A self-waking worker, as in Node and Deno: the injected timer stands in for setTimeout.

describe('a local task worker on timers', () => {
  it('runs a duration task at once, then at a fixed rate from each run start', async () => {
    const { worker, timer } = aLocalTaskWorker();
    const task = aControlledTask();
    await worker.registerTask('tick', aTaskSettings({ cadence: 'PT10M', timeoutAfterDuration: 'PT5M' }), task.fn);
    timer.advance(0);
    (await task.nthRun(1)).finish();
    timer.advance(3 * MINUTE_MS);
    await worker.settled();

    timer.advance(7 * MINUTE_MS - 1);
    const beforeCadence = (await snapshotOf(worker, 'tick')).taskState;
    timer.advance(1);

    expect(beforeCadence).toEqual({ status: 'idle', startsAt: START + 10 * MINUTE_MS, lastRunEndedAt: START + 3 * MINUTE_MS });
    expect((await snapshotOf(worker, 'tick')).taskState).toMatchObject({ status: 'running', startedAt: START + 10 * MINUTE_MS });
  });

  it('never starts a task again while its run is going', async () => {
    const { worker, timer } = aLocalTaskWorker();
    const task = aControlledTask();
    await worker.registerTask('slow', aTaskSettings({ cadence: 'PT1M', timeoutAfterDuration: 'PT1H' }), task.fn);
    timer.advance(0);
    await task.nthRun(1);

    timer.advance(10 * MINUTE_MS);

    expect(task.runs).toHaveLength(1);
    expect((await snapshotOf(worker, 'slow')).taskState).toMatchObject({ status: 'running', startedAt: START });
  });

  it('starts the next run at once when a run outlasted the cadence', async () => {
    const { worker, timer } = aLocalTaskWorker();
    const task = aControlledTask();
    await worker.registerTask('slow', aTaskSettings({ cadence: 'PT1M', timeoutAfterDuration: 'PT1H' }), task.fn);
    timer.advance(0);
    timer.advance(3 * MINUTE_MS);

    (await task.nthRun(1)).finish();
    await worker.settled();
    timer.advance(0);

    expect((await snapshotOf(worker, 'slow')).taskState).toMatchObject({ status: 'running', startedAt: START + 3 * MINUTE_MS });
  });

  it('runs a cron task at its next fire, and then at the fire after its run ended', async () => {
    const { worker, timer } = aLocalTaskWorker();
    const task = aControlledTask();
    await worker.registerTask('cron', aTaskSettings({ cadence: '*/5 * * * *' }), task.fn);
    timer.advance(5 * MINUTE_MS);
    timer.advance(7 * MINUTE_MS);

    (await task.nthRun(1)).finish();
    await worker.settled();

    expect((await snapshotOf(worker, 'cron')).taskState).toMatchObject({ status: 'idle', startsAt: START + 15 * MINUTE_MS });
  });

  it('never runs a manual task on its own (backstage#30980)', async () => {
    const { worker, timer } = aLocalTaskWorker();
    const task = aControlledTask();
    await worker.registerTask('manual', aTaskSettings({ cadence: 'manual' }), task.fn);

    timer.advance(30 * DAY_MS);

    expect((await snapshotOf(worker, 'manual')).taskState).toEqual({ status: 'idle' });
    expect(timer.pendingCount()).toBe(0);
  });

  it('waits out the initial delay, reporting initial-wait meanwhile', async () => {
    const { worker, timer } = aLocalTaskWorker();
    const task = aControlledTask();
    await worker.registerTask('delayed', aTaskSettings({ cadence: 'PT1H', initialDelayDuration: 'PT2M' }), task.fn);

    timer.advance(2 * MINUTE_MS - 1);
    const during = await snapshotOf(worker, 'delayed');
    timer.advance(1);

    expect(during.workerState).toEqual({ status: 'initial-wait' });
    expect((await snapshotOf(worker, 'delayed')).workerState).toEqual({ status: 'running' });
  });

  it('runs a 40-day cadence on its 40th day, never asking the timer for more than it can hold (backstage#23268)', async () => {
    const { worker, timer } = aLocalTaskWorker();
    const task = aControlledTask();
    await worker.registerTask('rare', aTaskSettings({ cadence: 'P40D', timeoutAfterDuration: 'PT1M' }), task.fn);
    timer.advance(0);
    (await task.nthRun(1)).finish();
    await worker.settled();

    timer.advance(40 * DAY_MS - 1);
    const dayBefore = (await snapshotOf(worker, 'rare')).taskState.status;
    timer.advance(1);

    expect(dayBefore).toBe('idle');
    expect((await snapshotOf(worker, 'rare')).taskState).toMatchObject({ status: 'running', startedAt: START + 40 * DAY_MS });
    expect(Math.max(...timer.requestedDelays)).toBeLessThanOrEqual(MAX_TIMER_DELAY_MS);
  });

  it('aborts a run that lasts 40 days at its 40-day timeout, and not before', async () => {
    const { worker, timer } = aLocalTaskWorker();
    const task = aControlledTask();
    await worker.registerTask('long', aTaskSettings({ cadence: 'manual', timeoutAfterDuration: 'P40D' }), task.fn);
    await worker.triggerTask('long');
    const run = await task.nthRun(1);

    timer.advance(40 * DAY_MS - 1);
    const abortedEarly = run.signal.aborted;
    timer.advance(1);

    expect(abortedEarly).toBe(false);
    expect(run.signal.aborted).toBe(true);
    expect(Math.max(...timer.requestedDelays)).toBeLessThanOrEqual(MAX_TIMER_DELAY_MS);
  });
});

describe('triggerTask on a local task', () => {
  it('starts the run at once, cutting the wait short', async () => {
    const { worker, timer } = aLocalTaskWorker();
    const task = aControlledTask();
    await worker.registerTask('hourly', aTaskSettings({ cadence: '0 * * * *' }), task.fn);
    timer.advance(MINUTE_MS);

    await worker.triggerTask('hourly');

    expect((await snapshotOf(worker, 'hourly')).taskState).toMatchObject({ status: 'running', startedAt: START + MINUTE_MS });
    expect(await task.nthRun(1)).toBeDefined();
  });

  it('cuts the initial wait short', async () => {
    const { worker } = aLocalTaskWorker();
    const task = aControlledTask();
    await worker.registerTask('delayed', aTaskSettings({ cadence: 'manual', initialDelayDuration: 'PT1H' }), task.fn);

    await worker.triggerTask('delayed');

    expect((await snapshotOf(worker, 'delayed')).workerState).toEqual({ status: 'running' });
  });

  it('refuses with a ConflictError while a run is going', async () => {
    const { worker } = aLocalTaskWorker();
    await worker.registerTask('manual', aTaskSettings({ cadence: 'manual' }), aControlledTask().fn);
    await worker.triggerTask('manual');

    const error = await rejectionOf(worker.triggerTask('manual'));

    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe('Task manual is currently running');
  });

  it('refuses an unknown task with a NotFoundError', async () => {
    const { worker } = aLocalTaskWorker();

    expect(await rejectionOf(worker.triggerTask('nope'))).toBeInstanceOf(NotFoundError);
  });

  it('schedules the next duration run from the triggered run start', async () => {
    const { worker, timer } = aLocalTaskWorker();
    const task = aControlledTask();
    await worker.registerTask('hourly', aTaskSettings({ cadence: 'PT1H', initialDelayDuration: 'PT1H' }), task.fn);
    timer.advance(10 * MINUTE_MS);
    await worker.triggerTask('hourly');

    (await task.nthRun(1)).finish();
    await worker.settled();

    expect((await snapshotOf(worker, 'hourly')).taskState).toMatchObject({ startsAt: START + 70 * MINUTE_MS });
  });
});

describe('cancelTask on a local task', () => {
  it("aborts the run's signal and records the cancel once the function settles", async () => {
    const { worker } = aLocalTaskWorker();
    const task = aControlledTask();
    await worker.registerTask('manual', aTaskSettings({ cadence: 'manual' }), task.fn);
    await worker.triggerTask('manual');
    const run = await task.nthRun(1);

    await worker.cancelTask('manual');
    run.fail(run.signal.reason as Error);
    await worker.settled();

    expect(run.signal.reason).toEqual(new Error('Task was cancelled'));
    expect((await snapshotOf(worker, 'manual')).taskState).toEqual({
      status: 'idle',
      lastRunEndedAt: START,
      lastRunError: '{"name":"Error","message":"Task was cancelled"}',
    });
  });

  it('keeps a cancelled run that ignores its signal until its timeout, so runs never overlap', async () => {
    const { worker, timer } = aLocalTaskWorker();
    const task = aControlledTask();
    await worker.registerTask('stubborn', aTaskSettings({ cadence: 'PT1M', timeoutAfterDuration: 'PT5M' }), task.fn);
    timer.advance(0);
    await worker.cancelTask('stubborn');

    timer.advance(5 * MINUTE_MS - 1);
    const beforeTimeout = (await snapshotOf(worker, 'stubborn')).taskState.status;
    timer.advance(1);

    expect(beforeTimeout).toBe('running');
    expect(task.runs).toHaveLength(1);
    expect((await snapshotOf(worker, 'stubborn')).taskState).toMatchObject({ status: 'running', startedAt: START + 5 * MINUTE_MS });
  });

  it('refuses with a ConflictError when nothing runs', async () => {
    const { worker } = aLocalTaskWorker();
    await worker.registerTask('manual', aTaskSettings({ cadence: 'manual' }), aControlledTask().fn);

    const error = await rejectionOf(worker.cancelTask('manual'));

    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe('Task manual is not running');
  });

  it('refuses an unknown task with a NotFoundError', async () => {
    const { worker } = aLocalTaskWorker();

    expect(await rejectionOf(worker.cancelTask('nope'))).toBeInstanceOf(NotFoundError);
  });
});

describe('a local run that times out', () => {
  it('has its signal aborted at the timeout and a TimeoutError recorded', async () => {
    const { worker, timer } = aLocalTaskWorker();
    const task = aControlledTask();
    await worker.registerTask('slow', aTaskSettings({ cadence: 'PT1H', timeoutAfterDuration: 'PT30S' }), task.fn);
    timer.advance(0);
    const run = await task.nthRun(1);

    timer.advance(30 * SECOND_MS);

    expect(run.signal.reason).toEqual(new Error('Task timed out after PT30S'));
    expect((await snapshotOf(worker, 'slow')).taskState).toEqual({
      status: 'idle',
      startsAt: START + 60 * MINUTE_MS,
      lastRunEndedAt: START + 30 * SECOND_MS,
      lastRunError: '{"name":"TimeoutError","message":"Task timed out after PT30S"}',
    });
  });

  it('is logged once', async () => {
    const { worker, timer, logger } = aLocalTaskWorker();
    const task = aControlledTask();
    await worker.registerTask('slow', aTaskSettings({ cadence: 'PT1H', timeoutAfterDuration: 'PT30S' }), task.fn);
    timer.advance(0);
    const run = await task.nthRun(1);
    timer.advance(30 * SECOND_MS);

    run.fail(run.signal.reason as Error);
    await Promise.resolve();

    expect(logger.messages.filter(({ level }) => level === 'error')).toEqual([
      { level: 'error', message: 'Task run timed out', fields: { taskId: 'slow', runId: 'run-1', error: 'Task timed out after PT30S' } },
    ]);
  });
});

describe('a local run that fails', () => {
  it('keeps the error as lastRunError in the same JSON as a global task', async () => {
    const { worker, timer } = aLocalTaskWorker();
    const task = aControlledTask();
    await worker.registerTask('flaky', aTaskSettings({ cadence: 'PT1H' }), task.fn);
    timer.advance(0);

    (await task.nthRun(1)).fail(new TypeError('boom'));
    await worker.settled();

    expect((await snapshotOf(worker, 'flaky')).taskState).toMatchObject({ lastRunError: '{"name":"TypeError","message":"boom"}' });
  });

  it('is logged, which Backstage does not do for local tasks', async () => {
    const { worker, timer, logger } = aLocalTaskWorker();
    const task = aControlledTask();
    await worker.registerTask('flaky', aTaskSettings({ cadence: 'PT1H' }), task.fn);
    timer.advance(0);

    (await task.nthRun(1)).fail(new TypeError('boom'));
    await worker.settled();

    expect(logger.messages).toContainEqual({ level: 'error', message: 'Task run failed', fields: { taskId: 'flaky', runId: 'run-1', error: 'boom' } });
  });

  it('runs again at its next time, not at once', async () => {
    const { worker, timer } = aLocalTaskWorker();
    const task = aControlledTask();
    await worker.registerTask('flaky', aTaskSettings({ cadence: 'PT1H' }), task.fn);
    timer.advance(0);

    (await task.nthRun(1)).fail(new Error('boom'));
    await worker.settled();

    expect((await snapshotOf(worker, 'flaky')).taskState).toMatchObject({ status: 'idle', startsAt: START + 60 * MINUTE_MS });
  });
});

describe('unregisterTask on a local task', () => {
  it('aborts its run and forgets it', async () => {
    const { worker, timer } = aLocalTaskWorker();
    const task = aControlledTask();
    await worker.registerTask('gone', aTaskSettings({ cadence: 'PT1M' }), task.fn);
    timer.advance(0);
    const run = await task.nthRun(1);

    await worker.unregisterTask('gone');

    expect(run.signal.aborted).toBe(true);
    expect(await worker.listTasks()).toEqual([]);
    expect(timer.pendingCount()).toBe(0);
  });
});
