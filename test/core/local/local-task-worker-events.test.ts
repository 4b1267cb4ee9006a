import { describe, expect, it } from 'vitest';
import { aControlledTask } from '../../support/controlled-task.ts';
import { MINUTE_MS } from '../../support/instants.ts';
import { aLocalTaskWorker, HARNESS_START as START, snapshotOf } from '../../support/local-task-worker-harness.ts';
import { aTaskSettings } from '../../support/task-row-builder.ts';

// An event-driven worker, as in a Worker isolate: the cron trigger and requests call runDueTasks.

describe('a local task worker driven by events', () => {
  it('arms no timer of its own while nothing runs', async () => {
    const { worker, timer } = aLocalTaskWorker({ wakesItself: false });

    await worker.registerTask('tick', aTaskSettings({ cadence: 'PT1M' }), aControlledTask().fn);

    expect(timer.pendingCount()).toBe(0);
  });

  it('starts nothing between events, even when a task is due', async () => {
    const { worker, clock } = aLocalTaskWorker({ wakesItself: false });
    await worker.registerTask('tick', aTaskSettings({ cadence: 'PT1M' }), aControlledTask().fn);

    clock.advance(5 * MINUTE_MS);

    expect((await snapshotOf(worker, 'tick')).taskState).toEqual({ status: 'idle', startsAt: START });
  });

  it('starts every due task at an event', async () => {
    const { worker } = aLocalTaskWorker({ wakesItself: false });
    const first = aControlledTask();
    const second = aControlledTask();
    await worker.registerTask('first', aTaskSettings({ cadence: 'PT1M' }), first.fn);
    await worker.registerTask('second', aTaskSettings({ cadence: 'PT5M' }), second.fn);

    void worker.runDueTasks();

    expect(await first.nthRun(1)).toBeDefined();
    expect(await second.nthRun(1)).toBeDefined();
  });

  it("resolves an event's promise only once the runs it started have ended, for waitUntil", async () => {
    const { worker } = aLocalTaskWorker({ wakesItself: false });
    const task = aControlledTask();
    await worker.registerTask('tick', aTaskSettings({ cadence: 'PT1M' }), task.fn);
    const steps: string[] = [];
    const event = worker.runDueTasks().then(() => steps.push('event done'));
    const run = await task.nthRun(1);

    steps.push('run ends');
    run.finish();
    await event;

    expect(steps).toEqual(['run ends', 'event done']);
  });

  it('leaves a triggered run for the end of the event that triggered it', async () => {
    const { worker } = aLocalTaskWorker({ wakesItself: false });
    const task = aControlledTask();
    await worker.registerTask('manual', aTaskSettings({ cadence: 'manual' }), task.fn);

    await worker.triggerTask('manual');
    const afterTrigger = (await snapshotOf(worker, 'manual')).taskState;
    void worker.runDueTasks();

    expect(afterTrigger).toEqual({ status: 'idle', startsAt: START });
    expect(await task.nthRun(1)).toBeDefined();
  });

  it('aborts a run at its timeout through the timer its event armed', async () => {
    const { worker, timer } = aLocalTaskWorker({ wakesItself: false });
    const task = aControlledTask();
    await worker.registerTask('slow', aTaskSettings({ cadence: 'PT1H', timeoutAfterDuration: 'PT1M' }), task.fn);
    const event = worker.runDueTasks();
    const run = await task.nthRun(1);

    timer.advance(MINUTE_MS);
    await event;

    expect(run.signal.aborted).toBe(true);
  });

  it('ends a run past its timeout at the next event, even if its timer never fired', async () => {
    const { worker, clock } = aLocalTaskWorker({ wakesItself: false });
    const task = aControlledTask();
    await worker.registerTask('slow', aTaskSettings({ cadence: 'PT1H', timeoutAfterDuration: 'PT1M' }), task.fn);
    void worker.runDueTasks();
    const run = await task.nthRun(1);
    // The isolate's event ended under the run: its timer is gone, and only the clock moves.
    clock.advance(2 * MINUTE_MS);

    void worker.runDueTasks();

    expect(run.signal.aborted).toBe(true);
    expect((await snapshotOf(worker, 'slow')).taskState).toMatchObject({
      status: 'idle',
      lastRunError: '{"name":"TimeoutError","message":"Task timed out after PT1M"}',
    });
  });
});
