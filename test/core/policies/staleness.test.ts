import { describe, expect, it } from 'vitest';
import { computeAlarmAt } from '../../../src/core/alarm-time.ts';
import type { StaleAfter } from '../../../src/core/policies/run-policies.ts';
import { computeStaleAt, flagStaleTasks, watchStaleness } from '../../../src/core/policies/staleness.ts';
import { describeTaskStatus } from '../../../src/core/task-status.ts';
import { completeRun } from '../../../src/core/transitions/complete.ts';
import { at, HOUR_MS, MINUTE_MS } from '../../support/instants.ts';
import { aRunLease, aRunningTaskRow, aTaskRow, aTaskSettings, aWorkerContext } from '../../support/task-row-builder.ts';

const NOON = at('2025-01-15T12:00:00Z');
const hourly = (staleAfter: StaleAfter) => aTaskSettings({ cadence: '0 * * * *', timeoutAfterDuration: 'PT5M', staleAfter });

describe('computeStaleAt', () => {
  it('is the window after the last success for a duration', () => {
    const row = aTaskRow({ settings: hourly({ afterDuration: 'PT2H' }), policyState: { lastSucceededAt: NOON } });

    expect(computeStaleAt(row)).toBe(NOON + 2 * HOUR_MS);
  });

  it('is the Nth occurrence after the last success plus the timeout for cadences', () => {
    const row = aTaskRow({ settings: hourly({ afterCadences: 3 }), policyState: { lastSucceededAt: NOON + MINUTE_MS } });

    expect(computeStaleAt(row)).toBe(at('2025-01-15T15:05:00Z'));
  });

  it('counts from when the task was first watched until it succeeds', () => {
    const row = aTaskRow({ settings: hourly({ afterDuration: 'PT1H' }), policyState: { watchedSince: NOON } });

    expect(computeStaleAt(row)).toBe(NOON + HOUR_MS);
  });

  it('watches nothing once stale, while paused, or for a manual task counted in cadences', () => {
    const stale = aTaskRow({ settings: hourly({ afterDuration: 'PT1H' }), policyState: { watchedSince: NOON, isStale: true } });
    const paused = aTaskRow({ settings: hourly({ afterDuration: 'PT1H' }), policyState: { watchedSince: NOON }, isPaused: true });
    const manual = aTaskRow({ settings: aTaskSettings({ cadence: 'manual', staleAfter: { afterCadences: 2 } }), policyState: { watchedSince: NOON } });

    expect([stale, paused, manual].map(computeStaleAt)).toEqual([undefined, undefined, undefined]);
  });
});

describe('watchStaleness', () => {
  it('starts watching a task that gains staleAfter', () => {
    expect(watchStaleness(aTaskRow({ settings: hourly({ afterDuration: 'PT1H' }) }), NOON).policyState).toEqual({ watchedSince: NOON });
  });

  it('drops the watch of a task that lost its policy', () => {
    const row = aTaskRow({ policyState: { lastSucceededAt: NOON, isStale: true, consecutiveFailures: 2 } });

    expect(watchStaleness(row, NOON).policyState).toEqual({ consecutiveFailures: 2 });
  });

  it('returns a row without the policy or its state as it is', () => {
    const row = aTaskRow();

    expect(watchStaleness(row, NOON)).toBe(row);
  });
});

describe('flagStaleTasks', () => {
  it('flags a task whose window has passed, once, with a stale notice', () => {
    const row = aTaskRow({ settings: hourly({ afterDuration: 'PT1H' }), nextRunAt: null, policyState: { lastSucceededAt: NOON } });

    const [flagged] = flagStaleTasks([], [row], NOON + HOUR_MS);
    const again = flagStaleTasks([], [flagged!.row], NOON + 2 * HOUR_MS);

    expect(flagged!.row.policyState).toEqual({ lastSucceededAt: NOON, isStale: true });
    expect(flagged!.effects).toEqual([{ type: 'notify', taskId: 'task-a', notice: { event: 'stale', lastSucceededAt: NOON, since: NOON } }]);
    expect(describeTaskStatus(flagged!.row)).toMatchObject({ stale: true });
    expect(again).toEqual([]);
  });

  it('leaves a task whose window has not passed', () => {
    const row = aTaskRow({ settings: hourly({ afterDuration: 'PT1H' }), policyState: { lastSucceededAt: NOON } });

    expect(flagStaleTasks([], [row], NOON + HOUR_MS - 1)).toEqual([]);
  });
});

describe('staleness in the alarm and at a run\'s end', () => {
  it('wakes the engine at the moment a task becomes stale', () => {
    const row = aTaskRow({ settings: hourly({ afterDuration: 'PT30M' }), nextRunAt: NOON + HOUR_MS, policyState: { lastSucceededAt: NOON } });

    expect(computeAlarmAt([row], NOON, aWorkerContext())).toBe(NOON + 30 * 60_000);
  });

  it('clears the flag at the next success, records it, and gives a recovery notice', () => {
    const row = aRunningTaskRow({
      settings: hourly({ afterDuration: 'PT1H' }),
      run: aRunLease({ ticket: 'ticket-1' }),
      policyState: { watchedSince: NOON - 2 * HOUR_MS, isStale: true },
    });

    const completed = completeRun(row, 'ticket-1', NOON + MINUTE_MS, null)!;

    expect(completed.row.policyState).toEqual({ lastSucceededAt: NOON + MINUTE_MS });
    expect(completed.effects).toEqual([{ type: 'notify', taskId: 'task-a', notice: { event: 'recovery', ticket: 'ticket-1' } }]);
  });

  it('keeps the flag after a failure', () => {
    const row = aRunningTaskRow({
      settings: hourly({ afterDuration: 'PT1H' }),
      run: aRunLease({ ticket: 'ticket-1' }),
      policyState: { watchedSince: NOON - 2 * HOUR_MS, isStale: true },
    });

    const completed = completeRun(row, 'ticket-1', NOON + MINUTE_MS, '{"name":"Error","message":"boom"}')!;

    expect(completed.row.policyState).toEqual({ watchedSince: NOON - 2 * HOUR_MS, isStale: true });
    expect(completed.effects).toEqual([]);
  });
});
