import { describe, expect, it } from 'vitest';
import { SchedulerError } from '../../../src/core/errors.ts';
import { claimDueTasks, claimTask, isDue } from '../../../src/core/transitions/claim.ts';
import { catchError } from '../../support/catch-error.ts';
import { at } from '../../support/instants.ts';
import { aRunLease, aRunningTaskRow, aTaskRow, aTaskSettings, aWorkerContext } from '../../support/task-row-builder.ts';
import { createTicketIssuer } from '../../support/ticket-issuer.ts';

describe('isDue', () => {
  it('holds for an idle task whose next run has come', () => {
    const row = aTaskRow({ nextRunAt: at('2025-01-15T12:00:00Z') });

    const due = isDue(row, at('2025-01-15T12:00:00Z'), aWorkerContext());

    expect(due).toBe(true);
  });

  it('does not hold a millisecond before the next run', () => {
    const row = aTaskRow({ nextRunAt: at('2025-01-15T12:00:00Z') });

    const due = isDue(row, at('2025-01-15T11:59:59.999Z'), aWorkerContext());

    expect(due).toBe(false);
  });

  it('does not hold for a running task', () => {
    const row = aRunningTaskRow({ nextRunAt: at('2025-01-15T12:00:00Z') });

    const due = isDue(row, at('2025-01-15T12:00:30Z'), aWorkerContext());

    expect(due).toBe(false);
  });

  it('does not hold until the initial wait is over', () => {
    const row = aTaskRow({ settings: aTaskSettings({ initialDelayDuration: 'PT1M' }), nextRunAt: at('2025-01-15T12:00:00Z') });

    const due = isDue(row, at('2025-01-15T12:00:30Z'), aWorkerContext({ startedAt: at('2025-01-15T12:00:00Z') }));

    expect(due).toBe(false);
  });

  it('does not hold for a paused task, however overdue', () => {
    const row = aTaskRow({ isPaused: true, nextRunAt: at('2025-01-15T11:00:00Z') });

    const due = isDue(row, at('2025-01-15T12:00:00Z'), aWorkerContext());

    expect(due).toBe(false);
  });
});

describe('claimDueTasks', () => {
  it('claims a task that is due', () => {
    const row = aTaskRow({ taskId: 'refresh', nextRunAt: at('2025-01-15T12:00:00Z') });

    const transitions = claimDueTasks([row], at('2025-01-15T12:00:05Z'), aWorkerContext(), createTicketIssuer());

    expect(transitions.map((transition) => transition.row.taskId)).toEqual(['refresh']);
  });

  it('skips a task that is running', () => {
    const row = aRunningTaskRow({ nextRunAt: at('2025-01-15T11:00:00Z') });

    const transitions = claimDueTasks([row], at('2025-01-15T12:00:05Z'), aWorkerContext(), createTicketIssuer());

    expect(transitions).toEqual([]);
  });

  it('skips a task whose next run is in the future', () => {
    const row = aTaskRow({ nextRunAt: at('2025-01-15T12:05:00Z') });

    const transitions = claimDueTasks([row], at('2025-01-15T12:00:05Z'), aWorkerContext(), createTicketIssuer());

    expect(transitions).toEqual([]);
  });

  it('skips a manual task, which has no next run', () => {
    const row = aTaskRow({ settings: aTaskSettings({ cadence: 'manual' }), nextRunAt: null });

    const transitions = claimDueTasks([row], at('2025-01-15T12:00:05Z'), aWorkerContext(), createTicketIssuer());

    expect(transitions).toEqual([]);
  });

  it('skips a due task still in its initial wait in this worker', () => {
    const row = aTaskRow({ settings: aTaskSettings({ initialDelayDuration: 'PT1M' }), nextRunAt: at('2025-01-15T11:00:00Z') });
    const worker = aWorkerContext({ startedAt: at('2025-01-15T12:00:00Z') });

    const transitions = claimDueTasks([row], at('2025-01-15T12:00:59Z'), worker, createTicketIssuer());

    expect(transitions).toEqual([]);
  });

  it('claims a due task once its initial wait is over', () => {
    const row = aTaskRow({ settings: aTaskSettings({ initialDelayDuration: 'PT1M' }), nextRunAt: at('2025-01-15T11:00:00Z') });
    const worker = aWorkerContext({ startedAt: at('2025-01-15T12:00:00Z') });

    const transitions = claimDueTasks([row], at('2025-01-15T12:01:00Z'), worker, createTicketIssuer());

    expect(transitions).toHaveLength(1);
  });

  it('gives each claim its own ticket, and starts each run with it', () => {
    const rows = [aTaskRow({ taskId: 'first' }), aTaskRow({ taskId: 'second' })];

    const transitions = claimDueTasks(rows, at('2025-01-15T12:00:05Z'), aWorkerContext(), createTicketIssuer());

    expect(transitions).toEqual([
      { row: expect.objectContaining({ run: expect.objectContaining({ ticket: 'ticket-1' }) }), effects: [{ type: 'startRun', taskId: 'first', ticket: 'ticket-1' }] },
      { row: expect.objectContaining({ run: expect.objectContaining({ ticket: 'ticket-2' }) }), effects: [{ type: 'startRun', taskId: 'second', ticket: 'ticket-2' }] },
    ]);
  });

  it('records the due time the run serves, when it started and when it times out', () => {
    const row = aTaskRow({ settings: aTaskSettings({ timeoutAfterDuration: 'PT10M' }), nextRunAt: at('2025-01-15T12:00:00Z') });

    const [transition] = claimDueTasks([row], at('2025-01-15T12:00:05Z'), aWorkerContext(), createTicketIssuer());

    expect(transition?.row.run).toStrictEqual({
      ticket: 'ticket-1',
      cause: 'schedule',
      scheduledFor: at('2025-01-15T12:00:00Z'),
      startedAt: at('2025-01-15T12:00:05Z'),
      timesOutAt: at('2025-01-15T12:10:05Z'),
    });
  });

  it('keeps the due time as the next run, so the one after is computed from it', () => {
    const row = aTaskRow({ nextRunAt: at('2025-01-15T12:00:00Z') });

    const [transition] = claimDueTasks([row], at('2025-01-15T12:00:05Z'), aWorkerContext(), createTicketIssuer());

    expect(transition?.row.nextRunAt).toBe(at('2025-01-15T12:00:00Z'));
  });

  it('skips a paused task that is due', () => {
    const row = aTaskRow({ isPaused: true, nextRunAt: at('2025-01-15T12:00:00Z') });

    const transitions = claimDueTasks([row], at('2025-01-15T12:00:05Z'), aWorkerContext(), createTicketIssuer());

    expect(transitions).toEqual([]);
  });
});

describe('claimTask', () => {
  it('refuses a task that is already claimed with a plain Error, because that is a bug', () => {
    const row = aTaskRow({ run: aRunLease() });

    const error = catchError(() => claimTask(row, at('2025-01-15T12:00:05Z'), 'ticket-2', 'schedule'));

    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(SchedulerError);
  });
});
