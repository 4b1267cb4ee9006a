import { describe, expect, it } from 'vitest';
import { computeAlarmAt, HEARTBEAT_MS } from '../../src/core/alarm-time.ts';
import { at } from '../support/instants.ts';
import { aRunLease, aRunningTaskRow, aTaskRow, aTaskSettings, aWorkerContext } from '../support/task-row-builder.ts';

const NOW = at('2025-01-15T12:00:00Z');

describe('computeAlarmAt', () => {
  it('returns null when there are no tasks', () => {
    const alarmAt = computeAlarmAt([], NOW, aWorkerContext());

    expect(alarmAt).toBeNull();
  });

  it('returns null when only idle manual tasks exist', () => {
    const row = aTaskRow({ settings: aTaskSettings({ cadence: 'manual' }), nextRunAt: null });

    const alarmAt = computeAlarmAt([row], NOW, aWorkerContext());

    expect(alarmAt).toBeNull();
  });

  it('returns the earliest due time of the idle tasks', () => {
    const rows = [
      aTaskRow({ taskId: 'later', nextRunAt: at('2025-01-15T12:30:00Z') }),
      aTaskRow({ taskId: 'sooner', nextRunAt: at('2025-01-15T12:10:00Z') }),
    ];

    const alarmAt = computeAlarmAt(rows, NOW, aWorkerContext());

    expect(alarmAt).toBe(at('2025-01-15T12:10:00Z'));
  });

  it('returns the lease expiry of a running task, not its past due time', () => {
    const row = aRunningTaskRow({
      nextRunAt: at('2025-01-15T11:59:00Z'),
      run: aRunLease({ ticket: 'ticket-lost', timesOutAt: at('2025-01-15T12:05:00Z') }),
    });

    const alarmAt = computeAlarmAt([row], NOW, aWorkerContext());

    expect(alarmAt).toBe(at('2025-01-15T12:05:00Z'));
  });

  it('pushes a due task to the end of its initial wait', () => {
    const row = aTaskRow({ settings: aTaskSettings({ initialDelayDuration: 'PT2M' }), nextRunAt: at('2025-01-15T11:00:00Z') });

    const alarmAt = computeAlarmAt([row], NOW, aWorkerContext({ startedAt: NOW }));

    expect(alarmAt).toBe(at('2025-01-15T12:02:00Z'));
  });

  it('wakes for a heartbeat while a run is in flight in this worker', () => {
    const row = aRunningTaskRow({ run: aRunLease({ ticket: 'ticket-1', timesOutAt: at('2025-01-15T13:00:00Z') }) });

    const alarmAt = computeAlarmAt([row], NOW, aWorkerContext({ liveTickets: ['ticket-1'] }));

    expect(alarmAt).toBe(NOW + HEARTBEAT_MS);
  });

  it('wakes at a lease expiry that comes before the heartbeat', () => {
    const row = aRunningTaskRow({ run: aRunLease({ ticket: 'ticket-1', timesOutAt: NOW + HEARTBEAT_MS - 1 }) });

    const alarmAt = computeAlarmAt([row], NOW, aWorkerContext({ liveTickets: ['ticket-1'] }));

    expect(alarmAt).toBe(NOW + HEARTBEAT_MS - 1);
  });

  it('arms an overdue task for now rather than in the past', () => {
    const row = aTaskRow({ nextRunAt: at('2025-01-15T09:00:00Z') });

    const alarmAt = computeAlarmAt([row], NOW, aWorkerContext());

    expect(alarmAt).toBe(NOW);
  });

  it('arms an expired lease for now rather than in the past', () => {
    const row = aRunningTaskRow({ run: aRunLease({ timesOutAt: at('2025-01-15T11:00:00Z') }) });

    const alarmAt = computeAlarmAt([row], NOW, aWorkerContext());

    expect(alarmAt).toBe(NOW);
  });

  it('ignores a paused idle task, which will not start on its own', () => {
    const rows = [
      aTaskRow({ taskId: 'paused', isPaused: true, nextRunAt: at('2025-01-15T12:05:00Z') }),
      aTaskRow({ taskId: 'active', nextRunAt: at('2025-01-15T12:30:00Z') }),
    ];

    const alarmAt = computeAlarmAt(rows, NOW, aWorkerContext());

    expect(alarmAt).toBe(at('2025-01-15T12:30:00Z'));
  });

  it('returns null when the only scheduled task is paused', () => {
    const row = aTaskRow({ isPaused: true, nextRunAt: at('2025-01-15T09:00:00Z') });

    const alarmAt = computeAlarmAt([row], NOW, aWorkerContext());

    expect(alarmAt).toBeNull();
  });

  it('still wakes at the lease expiry of a paused task that is running', () => {
    const row = aRunningTaskRow({ isPaused: true, run: aRunLease({ ticket: 'ticket-lost', timesOutAt: at('2025-01-15T12:05:00Z') }) });

    const alarmAt = computeAlarmAt([row], NOW, aWorkerContext());

    expect(alarmAt).toBe(at('2025-01-15T12:05:00Z'));
  });
});
