import { describe, expect, it } from 'vitest';
import { isDue } from '../../../src/core/transitions/claim.ts';
import { expireRuns, releaseOrphanedRuns } from '../../../src/core/transitions/expire.ts';
import { wakeUp } from '../../../src/core/transitions/wake.ts';
import { at } from '../../support/instants.ts';
import { aRunLease, aRunningTaskRow, aTaskRow, aTaskSettings, aWorkerContext } from '../../support/task-row-builder.ts';

// The running row's lease: claimed at noon by `ticket-running`, timing out at 12:01.
const AFTER_TIMEOUT = at('2025-01-15T12:01:00Z');

describe('expireRuns', () => {
  it('records a TimeoutError for a run this worker is executing', () => {
    const row = aRunningTaskRow({ settings: aTaskSettings({ timeoutAfterDuration: 'PT1M' }) });

    const [transition] = expireRuns([row], AFTER_TIMEOUT, aWorkerContext({ liveTickets: ['ticket-running'] }));

    expect(transition?.row).toMatchObject({
      run: null,
      lastRunEndedAt: AFTER_TIMEOUT,
      lastRunError: '{"name":"TimeoutError","message":"Task timed out after PT1M"}',
    });
  });

  it('schedules the next run of a timed-out task per the cadence', () => {
    const row = aRunningTaskRow({ settings: aTaskSettings({ cadence: 'PT5M' }), nextRunAt: at('2025-01-15T12:00:00Z') });

    const [transition] = expireRuns([row], AFTER_TIMEOUT, aWorkerContext({ liveTickets: ['ticket-running'] }));

    expect(transition?.row.nextRunAt).toBe(at('2025-01-15T12:05:00Z'));
  });

  it('asks the adapter to abort a timed-out run', () => {
    const row = aRunningTaskRow({ taskId: 'refresh' });

    const [transition] = expireRuns([row], AFTER_TIMEOUT, aWorkerContext({ liveTickets: ['ticket-running'] }));

    expect(transition?.effects).toEqual([
      { type: 'abortRun', taskId: 'refresh', ticket: 'ticket-running', reason: 'Task timed out after PT1M' },
    ]);
  });

  it('releases the lease of a run this worker does not know, which was lost', () => {
    const row = aRunningTaskRow();

    const [transition] = expireRuns([row], AFTER_TIMEOUT, aWorkerContext({ liveTickets: [] }));

    expect(transition?.row).toMatchObject({
      run: null,
      lastRunEndedAt: AFTER_TIMEOUT,
      lastRunError: expect.stringContaining('"name":"Error"'),
    });
  });

  it('leaves the task of a lost run due again at once (backstage#32641)', () => {
    const row = aRunningTaskRow({ nextRunAt: at('2025-01-15T12:00:00Z') });
    const worker = aWorkerContext({ liveTickets: [] });

    const [transition] = expireRuns([row], AFTER_TIMEOUT, worker);

    expect(transition && isDue(transition.row, AFTER_TIMEOUT, worker)).toBe(true);
  });

  it('has no effect for a lost run, which nothing here is executing', () => {
    const row = aRunningTaskRow();

    const [transition] = expireRuns([row], AFTER_TIMEOUT, aWorkerContext({ liveTickets: ['ticket-other'] }));

    expect(transition?.effects).toEqual([]);
  });

  it('expires a lease exactly at its timeout', () => {
    const row = aRunningTaskRow({ run: aRunLease({ timesOutAt: at('2025-01-15T12:01:00Z') }) });

    const transitions = expireRuns([row], at('2025-01-15T12:01:00Z'), aWorkerContext());

    expect(transitions).toHaveLength(1);
  });

  it('leaves a lease that has not timed out untouched', () => {
    const row = aRunningTaskRow({ run: aRunLease({ timesOutAt: at('2025-01-15T12:01:00Z') }) });

    const transitions = expireRuns([row], at('2025-01-15T12:00:59.999Z'), aWorkerContext());

    expect(transitions).toEqual([]);
  });

  it('leaves idle tasks untouched', () => {
    const row = aTaskRow({ nextRunAt: at('2025-01-15T11:00:00Z') });

    const transitions = expireRuns([row], AFTER_TIMEOUT, aWorkerContext());

    expect(transitions).toEqual([]);
  });

  it('records a run that timed out in this worker as timed-out', () => {
    const run = aRunLease({ ticket: 'ticket-running', cause: 'schedule', scheduledFor: at('2025-01-15T11:59:50Z'), startedAt: at('2025-01-15T12:00:00Z') });
    const row = aRunningTaskRow({ taskId: 'refresh', settings: aTaskSettings({ timeoutAfterDuration: 'PT1M' }), run });

    const [transition] = expireRuns([row], AFTER_TIMEOUT, aWorkerContext({ liveTickets: ['ticket-running'] }));

    expect(transition?.finishedRun).toStrictEqual({
      taskId: 'refresh',
      ticket: 'ticket-running',
      cause: 'schedule',
      scheduledFor: at('2025-01-15T11:59:50Z'),
      startedAt: at('2025-01-15T12:00:00Z'),
      endedAt: AFTER_TIMEOUT,
      outcome: 'timed-out',
      error: '{"name":"TimeoutError","message":"Task timed out after PT1M"}',
    });
  });

  it('records a run this worker does not know as lost', () => {
    const run = aRunLease({ ticket: 'ticket-running', cause: 'trigger', scheduledFor: at('2025-01-15T12:00:00Z'), startedAt: at('2025-01-15T12:00:00Z') });
    const row = aRunningTaskRow({ taskId: 'refresh', run });

    const [transition] = expireRuns([row], AFTER_TIMEOUT, aWorkerContext({ liveTickets: [] }));

    expect(transition?.finishedRun).toStrictEqual({
      taskId: 'refresh',
      ticket: 'ticket-running',
      cause: 'trigger',
      scheduledFor: at('2025-01-15T12:00:00Z'),
      startedAt: at('2025-01-15T12:00:00Z'),
      endedAt: AFTER_TIMEOUT,
      outcome: 'lost',
      error: '{"name":"Error","message":"Task run was lost before it finished (its worker stopped); released at its timeout"}',
    });
  });
});

describe('releaseOrphanedRuns', () => {
  const BEFORE_TIMEOUT = at('2025-01-15T12:00:10Z');

  it('releases every lease this worker is not executing as lost, before its timeout, keeping the due time', () => {
    const orphan = aRunningTaskRow({ taskId: 'orphan', nextRunAt: at('2025-01-15T12:00:00Z') });
    const idle = aTaskRow({ taskId: 'idle' });

    const transitions = releaseOrphanedRuns([orphan, idle], BEFORE_TIMEOUT, aWorkerContext());

    expect(transitions).toHaveLength(1);
    expect(transitions[0]?.row).toMatchObject({ taskId: 'orphan', run: null, nextRunAt: at('2025-01-15T12:00:00Z'), lastRunEndedAt: BEFORE_TIMEOUT });
    expect(transitions[0]?.finishedRun).toMatchObject({ ticket: 'ticket-running', outcome: 'lost', endedAt: BEFORE_TIMEOUT });
    expect(JSON.parse(transitions[0]!.row.lastRunError!).message).toMatch(/released when its object started again/);
    expect(transitions[0]?.effects).toEqual([]);
  });

  it('leaves a run this worker is executing alone, however long it has gone without answering', () => {
    const live = aRunningTaskRow({ run: aRunLease({ ticket: 'live', timesOutAt: at('2025-01-15T12:01:00Z') }) });

    expect(releaseOrphanedRuns([live], at('2025-01-15T12:00:59Z'), aWorkerContext({ liveTickets: ['live'] }))).toEqual([]);
  });

  it('lets an alarm claim the released task again for recovery', () => {
    const orphan = aRunningTaskRow({ taskId: 'orphan', nextRunAt: at('2025-01-15T12:00:00Z') });
    const worker = aWorkerContext();

    const [transition] = wakeUp([orphan], BEFORE_TIMEOUT, worker, () => 'ticket-new', releaseOrphanedRuns([orphan], BEFORE_TIMEOUT, worker));

    expect(transition?.finishedRun?.outcome).toBe('lost');
    expect(transition?.row.run).toMatchObject({ ticket: 'ticket-new', cause: 'recovery', scheduledFor: at('2025-01-15T12:00:00Z') });
    expect(transition?.effects).toEqual([{ type: 'startRun', taskId: 'orphan', ticket: 'ticket-new' }]);
  });
});
