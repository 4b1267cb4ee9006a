import { describe, expect, it } from 'vitest';
import { wakeUp } from '../../../src/core/transitions/wake.ts';
import { at } from '../../support/instants.ts';
import { aRunLease, aRunningTaskRow, aTaskRow, aTaskSettings, aWorkerContext } from '../../support/task-row-builder.ts';
import { createTicketIssuer } from '../../support/ticket-issuer.ts';

describe('wakeUp', () => {
  it('claims a task that is due', () => {
    const row = aTaskRow({ taskId: 'refresh', nextRunAt: at('2025-01-15T12:00:00Z') });

    const transitions = wakeUp([row], at('2025-01-15T12:00:00Z'), aWorkerContext(), createTicketIssuer());

    expect(transitions).toEqual([
      { row: expect.objectContaining({ run: expect.objectContaining({ ticket: 'ticket-1' }) }), effects: [{ type: 'startRun', taskId: 'refresh', ticket: 'ticket-1' }] },
    ]);
  });

  it('releases a lost run, records it, and claims its task again for recovery with a new ticket', () => {
    const row = aRunningTaskRow({ taskId: 'refresh', run: aRunLease({ ticket: 'ticket-lost' }) });

    const transitions = wakeUp([row], at('2025-01-15T12:01:00Z'), aWorkerContext(), createTicketIssuer());

    expect(transitions).toEqual([
      {
        row: expect.objectContaining({
          run: expect.objectContaining({ ticket: 'ticket-1', cause: 'recovery', startedAt: at('2025-01-15T12:01:00Z') }),
          lastRunError: expect.stringContaining('lost'),
        }),
        effects: [{ type: 'startRun', taskId: 'refresh', ticket: 'ticket-1' }],
        finishedRun: expect.objectContaining({ ticket: 'ticket-lost', outcome: 'lost' }),
      },
    ]);
  });

  it('aborts a timed-out run and claims its task again when the next run is already due', () => {
    const row = aRunningTaskRow({
      taskId: 'refresh',
      settings: aTaskSettings({ cadence: 'PT1M', timeoutAfterDuration: 'PT10M' }),
      nextRunAt: at('2025-01-15T12:00:00Z'),
      run: aRunLease({ ticket: 'ticket-slow', timesOutAt: at('2025-01-15T12:10:00Z') }),
    });

    const transitions = wakeUp([row], at('2025-01-15T12:10:00Z'), aWorkerContext({ liveTickets: ['ticket-slow'] }), createTicketIssuer());

    expect(transitions.map((transition) => transition.effects)).toEqual([
      [
        { type: 'abortRun', taskId: 'refresh', ticket: 'ticket-slow', reason: 'Task timed out after PT10M' },
        { type: 'startRun', taskId: 'refresh', ticket: 'ticket-1' },
      ],
    ]);
  });

  it('aborts a timed-out run without claiming its task when the next run is later', () => {
    const row = aRunningTaskRow({
      settings: aTaskSettings({ cadence: '0 * * * *' }),
      run: aRunLease({ ticket: 'ticket-slow' }),
    });

    const transitions = wakeUp([row], at('2025-01-15T12:01:00Z'), aWorkerContext({ liveTickets: ['ticket-slow'] }), createTicketIssuer());

    expect(transitions).toEqual([
      {
        row: expect.objectContaining({ run: null, nextRunAt: at('2025-01-15T13:00:00Z') }),
        effects: [expect.objectContaining({ type: 'abortRun', ticket: 'ticket-slow' })],
        finishedRun: expect.objectContaining({ ticket: 'ticket-slow', outcome: 'timed-out' }),
      },
    ]);
  });

  it('returns one transition per changed task and none for the others', () => {
    const rows = [
      aTaskRow({ taskId: 'due', nextRunAt: at('2025-01-15T12:00:00Z') }),
      aTaskRow({ taskId: 'later', nextRunAt: at('2025-01-15T13:00:00Z') }),
      aRunningTaskRow({ taskId: 'lost', run: aRunLease({ ticket: 'ticket-lost', timesOutAt: at('2025-01-15T12:00:00Z') }) }),
    ];

    const transitions = wakeUp(rows, at('2025-01-15T12:00:00Z'), aWorkerContext(), createTicketIssuer());

    expect(transitions.map((transition) => transition.row.taskId).sort()).toEqual(['due', 'lost']);
  });

  it('returns nothing when nothing is due or expired', () => {
    const rows = [aTaskRow({ nextRunAt: at('2025-01-15T13:00:00Z') }), aRunningTaskRow({ taskId: 'busy' })];

    const transitions = wakeUp(rows, at('2025-01-15T12:00:30Z'), aWorkerContext({ liveTickets: ['ticket-running'] }), createTicketIssuer());

    expect(transitions).toEqual([]);
  });

  it('claims a task that is due for its schedule', () => {
    const row = aTaskRow({ nextRunAt: at('2025-01-15T12:00:00Z') });

    const [transition] = wakeUp([row], at('2025-01-15T12:00:00Z'), aWorkerContext(), createTicketIssuer());

    expect(transition?.row.run?.cause).toBe('schedule');
  });

  it('claims the task of a timed-out run for its schedule, not for recovery', () => {
    const row = aRunningTaskRow({
      settings: aTaskSettings({ cadence: 'PT1M', timeoutAfterDuration: 'PT10M' }),
      nextRunAt: at('2025-01-15T12:00:00Z'),
      run: aRunLease({ ticket: 'ticket-slow', timesOutAt: at('2025-01-15T12:10:00Z') }),
    });

    const [transition] = wakeUp([row], at('2025-01-15T12:10:00Z'), aWorkerContext({ liveTickets: ['ticket-slow'] }), createTicketIssuer());

    expect(transition?.row.run?.cause).toBe('schedule');
  });

  it('releases a lost run of a paused task without claiming it again', () => {
    const row = aRunningTaskRow({ isPaused: true, run: aRunLease({ ticket: 'ticket-lost' }) });

    const [transition] = wakeUp([row], at('2025-01-15T12:01:00Z'), aWorkerContext(), createTicketIssuer());

    expect(transition).toMatchObject({ row: { run: null, isPaused: true }, effects: [], finishedRun: { outcome: 'lost' } });
  });
});
