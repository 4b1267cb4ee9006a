import { describe, expect, it } from 'vitest';
import { describeTaskStatus, describeWorkerStatus } from '../../src/core/task-status.ts';
import { at } from '../support/instants.ts';
import { aRunLease, aRunningTaskRow, aTaskRow, aTaskSettings, aWorkerContext } from '../support/task-row-builder.ts';

describe('describeTaskStatus', () => {
  it('describes a running task by when it started and when it times out', () => {
    const row = aRunningTaskRow({
      run: aRunLease({ startedAt: at('2025-01-15T12:00:05Z'), timesOutAt: at('2025-01-15T12:01:05Z') }),
    });

    const status = describeTaskStatus(row);

    expect(status).toStrictEqual({
      status: 'running',
      startedAt: at('2025-01-15T12:00:05Z'),
      timesOutAt: at('2025-01-15T12:01:05Z'),
    });
  });

  it('describes an idle task by when it starts next', () => {
    const row = aTaskRow({ nextRunAt: at('2025-01-15T12:05:00Z') });

    const status = describeTaskStatus(row);

    expect(status).toStrictEqual({ status: 'idle', startsAt: at('2025-01-15T12:05:00Z') });
  });

  it('leaves startsAt out, rather than null, for a manual task', () => {
    const row = aTaskRow({ settings: aTaskSettings({ cadence: 'manual' }), nextRunAt: null });

    const status = describeTaskStatus(row);

    expect(status).toStrictEqual({ status: 'idle' });
  });

  it('adds when the last run ended and its error, once there was one', () => {
    const row = aTaskRow({
      nextRunAt: at('2025-01-15T12:05:00Z'),
      lastRunEndedAt: at('2025-01-15T12:00:30Z'),
      lastRunError: '{"name":"Error","message":"boom"}',
    });

    const status = describeTaskStatus(row);

    expect(status).toStrictEqual({
      status: 'idle',
      startsAt: at('2025-01-15T12:05:00Z'),
      lastRunEndedAt: at('2025-01-15T12:00:30Z'),
      lastRunError: '{"name":"Error","message":"boom"}',
    });
  });

  it('keeps the last run of a task that is running again', () => {
    const row = aRunningTaskRow({ lastRunEndedAt: at('2025-01-15T11:55:00Z'), lastRunError: null });

    const status = describeTaskStatus(row);

    expect(status).toStrictEqual({
      status: 'running',
      startedAt: at('2025-01-15T12:00:00Z'),
      timesOutAt: at('2025-01-15T12:01:00Z'),
      lastRunEndedAt: at('2025-01-15T11:55:00Z'),
    });
  });

  it('marks a paused idle task and leaves out startsAt, since it will not start then', () => {
    const row = aTaskRow({ isPaused: true, nextRunAt: at('2025-01-15T12:05:00Z') });

    const status = describeTaskStatus(row);

    expect(status).toStrictEqual({ status: 'idle', paused: true });
  });

  it('marks a paused running task and keeps its run times', () => {
    const row = aRunningTaskRow({ isPaused: true });

    const status = describeTaskStatus(row);

    expect(status).toStrictEqual({
      status: 'running',
      startedAt: at('2025-01-15T12:00:00Z'),
      timesOutAt: at('2025-01-15T12:01:00Z'),
      paused: true,
    });
  });
});

describe('describeWorkerStatus', () => {
  it('reports running when this worker executes the run', () => {
    const row = aRunningTaskRow({ run: aRunLease({ ticket: 'ticket-1' }) });

    const status = describeWorkerStatus(row, at('2025-01-15T12:00:30Z'), aWorkerContext({ liveTickets: ['ticket-1'] }));

    expect(status).toStrictEqual({ status: 'running' });
  });

  it('reports idle when the lease belongs to a run this worker does not execute', () => {
    const row = aRunningTaskRow({ run: aRunLease({ ticket: 'ticket-lost' }) });

    const status = describeWorkerStatus(row, at('2025-01-15T12:00:30Z'), aWorkerContext({ liveTickets: ['ticket-1'] }));

    expect(status).toStrictEqual({ status: 'idle' });
  });

  it('reports the initial wait while it lasts', () => {
    const row = aTaskRow({ settings: aTaskSettings({ initialDelayDuration: 'PT1M' }) });

    const status = describeWorkerStatus(row, at('2025-01-15T12:00:30Z'), aWorkerContext({ startedAt: at('2025-01-15T12:00:00Z') }));

    expect(status).toStrictEqual({ status: 'initial-wait' });
  });

  it('reports idle once the initial wait is over', () => {
    const row = aTaskRow({ settings: aTaskSettings({ initialDelayDuration: 'PT1M' }) });

    const status = describeWorkerStatus(row, at('2025-01-15T12:01:00Z'), aWorkerContext({ startedAt: at('2025-01-15T12:00:00Z') }));

    expect(status).toStrictEqual({ status: 'idle' });
  });
});
