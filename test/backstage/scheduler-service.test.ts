import { Duration } from 'luxon';
import { describe, expect, it } from 'vitest';
import { createSchedulerService } from '../../src/backstage/scheduler-service.ts';
import { InputError } from '../../src/core/errors.ts';
import { aRecordingTaskHost } from '../support/recording-task-host.ts';
import { rejectionOf } from '../support/catch-error.ts';

const noop = async () => {};

describe('scheduleTask', () => {
  it('registers the task with Backstage settings v2', async () => {
    const host = aRecordingTaskHost();
    const scheduler = createSchedulerService(host);

    await scheduler.scheduleTask({ id: 'ping', frequency: { minutes: 10 }, timeout: { seconds: 30 }, fn: noop });

    expect(host.registered.get('ping')?.settings).toEqual({ version: 2, cadence: 'PT10M', timeoutAfterDuration: 'PT30S' });
  });

  it('accepts luxon Durations, as Backstage does', async () => {
    const host = aRecordingTaskHost();
    const scheduler = createSchedulerService(host);

    await scheduler.scheduleTask({ id: 'd', frequency: Duration.fromMillis(5000), timeout: Duration.fromObject({ minutes: 1 }), fn: noop });

    expect(host.registered.get('d')?.settings.cadence).toBe('PT5S');
  });

  it.each([
    [{ id: '', frequency: { minutes: 1 }, timeout: { minutes: 1 } }, /not a valid task id/],
    [{ id: 'bad-cron', frequency: { cron: '* * *' }, timeout: { minutes: 1 } }, /task 'bad-cron': frequency .*3 fields/],
    [{ id: 'bad-zone', frequency: { cron: '0 3 * * *', timeZone: 'Mars/Olympus' }, timeout: { minutes: 1 } }, /task 'bad-zone': frequency.timeZone/],
    [{ id: 'bad-duration', frequency: 'every minute', timeout: { minutes: 1 } }, /task 'bad-duration': frequency/],
    [{ id: 'zero-timeout', frequency: { minutes: 1 }, timeout: { seconds: 0 } }, /task 'zero-timeout': timeout must be longer than zero/],
    [{ id: 'negative-timeout', frequency: { minutes: 1 }, timeout: { seconds: -5 } }, /task 'negative-timeout': timeout/],
    [{ id: 'no-timeout', frequency: { minutes: 1 } }, /task 'no-timeout': timeout is required/],
  ])('refuses %o with an InputError naming the task and the field', async (definition, message) => {
    const host = aRecordingTaskHost();
    const scheduler = createSchedulerService(host);

    const error = await rejectionOf(scheduler.scheduleTask({ ...(definition as object), fn: noop } as never));

    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(message);
    expect(host.calls).toEqual([]);
  });

  it("refuses overlap 'allow' for a task defined in code, global or local, which expects never to overlap itself", async () => {
    const globalHost = aRecordingTaskHost();
    const localHost = aRecordingTaskHost();
    const scheduler = createSchedulerService(globalHost, localHost);
    const allow = { frequency: { minutes: 1 }, timeout: { minutes: 1 }, overlap: 'allow', maxConcurrentRuns: 2, fn: noop } as const;

    for (const scope of ['global', 'local'] as const) {
      const error = await rejectionOf(scheduler.scheduleTask({ id: `parallel-${scope}`, scope, ...allow }));

      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toBe(`Task 'parallel-${scope}': overlap 'allow' applies only to tasks defined over the API`);
    }
    expect([...globalHost.calls, ...localHost.calls]).toEqual([]);
  });

  it('refuses an invalid local definition exactly as it refuses a global one', async () => {
    const globalHost = aRecordingTaskHost();
    const localHost = aRecordingTaskHost();
    const scheduler = createSchedulerService(globalHost, localHost);

    const error = await rejectionOf(
      scheduler.scheduleTask({ id: 'bad-local', scope: 'local', frequency: { cron: '* * *' }, timeout: { minutes: 1 }, fn: noop }),
    );

    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/task 'bad-local': frequency .*3 fields/);
    expect([...globalHost.calls, ...localHost.calls]).toEqual([]);
  });

  it('registers a local task with the local host, not the global one', async () => {
    const globalHost = aRecordingTaskHost();
    const localHost = aRecordingTaskHost();
    const scheduler = createSchedulerService(globalHost, localHost);

    await scheduler.scheduleTask({ id: 'here', scope: 'local', frequency: { minutes: 1 }, timeout: { minutes: 1 }, fn: noop });

    expect(localHost.calls).toEqual(['register here']);
    expect(globalHost.calls).toEqual([]);
  });

  it('lists a local task it skipped, as the Durable Object does, without running it', async () => {
    const host = aRecordingTaskHost();
    const scheduler = createSchedulerService(host);

    await scheduler.scheduleTask({ id: 'elsewhere', scope: 'local', frequency: { minutes: 1 }, timeout: { minutes: 1 }, fn: noop });

    expect(host.calls).toEqual([]);
    expect(await scheduler.getScheduledTasks()).toMatchObject([{ id: 'elsewhere', scope: 'local' }]);
  });

  it('unregisters a local task from the local host when its signal aborts', async () => {
    const localHost = aRecordingTaskHost();
    const scheduler = createSchedulerService(aRecordingTaskHost(), localHost);
    const controller = new AbortController();
    await scheduler.scheduleTask({ id: 'here', scope: 'local', frequency: { minutes: 1 }, timeout: { minutes: 1 }, signal: controller.signal, fn: noop });

    controller.abort();

    expect(localHost.calls).toEqual(['register here', 'unregister here']);
  });

  it('stops the task in this worker when its signal aborts', async () => {
    const host = aRecordingTaskHost();
    const scheduler = createSchedulerService(host);
    const controller = new AbortController();
    await scheduler.scheduleTask({ id: 'stoppable', frequency: { minutes: 1 }, timeout: { minutes: 1 }, signal: controller.signal, fn: noop });

    controller.abort();

    expect(host.calls).toEqual(['register stoppable', 'unregister stoppable']);
    expect(await scheduler.getScheduledTasks()).toEqual([]);
  });

  it('does not register a task whose signal has already aborted', async () => {
    const host = aRecordingTaskHost();
    const scheduler = createSchedulerService(host);

    await scheduler.scheduleTask({ id: 'late', frequency: { minutes: 1 }, timeout: { minutes: 1 }, signal: AbortSignal.abort(), fn: noop });

    expect(host.calls).toEqual([]);
  });
});

describe('createScheduledTaskRunner', () => {
  it('schedules each task it runs with its schedule', async () => {
    const host = aRecordingTaskHost();
    const scheduler = createSchedulerService(host);
    const runner = scheduler.createScheduledTaskRunner({ frequency: { cron: '*/5 * * * *' }, timeout: { minutes: 3 } });

    await runner.run({ id: 'refresh', fn: noop });

    expect(host.registered.get('refresh')?.settings).toEqual({ version: 2, cadence: '*/5 * * * *', timeoutAfterDuration: 'PT3M' });
  });
});

describe('getScheduledTasks', () => {
  it('describes the tasks scheduled through this service', async () => {
    const scheduler = createSchedulerService(aRecordingTaskHost());
    await scheduler.scheduleTask({ id: 'a', frequency: { trigger: 'manual' }, timeout: 'PT1M', fn: noop });

    const tasks = await scheduler.getScheduledTasks();

    expect(tasks).toEqual([{ id: 'a', scope: 'global', settings: { version: 2, cadence: 'manual', timeoutAfterDuration: 'PT1M' } }]);
  });
});

describe('triggerTask and cancelTask', () => {
  it('send a local task to the local host', async () => {
    const globalHost = aRecordingTaskHost();
    const localHost = aRecordingTaskHost();
    const scheduler = createSchedulerService(globalHost, localHost);
    await scheduler.scheduleTask({ id: 'here', scope: 'local', frequency: { minutes: 1 }, timeout: { minutes: 1 }, fn: noop });

    await scheduler.triggerTask('here');
    await scheduler.cancelTask('here');

    expect(localHost.calls).toEqual(['register here', 'trigger here', 'cancel here']);
    expect(globalHost.calls).toEqual([]);
  });

  it('pass the task id to the host', async () => {
    const host = aRecordingTaskHost();
    const scheduler = createSchedulerService(host);

    await scheduler.triggerTask('x');
    await scheduler.cancelTask('y');

    expect(host.calls).toEqual(['trigger x', 'cancel y']);
  });
});
