import { describe, expect, it } from 'vitest';
import { computeAlarmAt } from '../../../src/core/alarm-time.ts';
import { computePreemptAt } from '../../../src/core/policies/overlap-policy.ts';
import { preemptRuns } from '../../../src/core/policies/preempt-runs.ts';
import { toTaskSettings } from '../../../src/core/schedule-definition.ts';
import { completeRun } from '../../../src/core/transitions/complete.ts';
import { wakeUp } from '../../../src/core/transitions/wake.ts';
import { catchError } from '../../support/catch-error.ts';
import { at, MINUTE_MS } from '../../support/instants.ts';
import { aRunLease, aRunningTaskRow, aTaskSettings, aWorkerContext } from '../../support/task-row-builder.ts';
import { createTicketIssuer } from '../../support/ticket-issuer.ts';

const NOON = at('2025-01-15T12:00:00Z');

/** A task every five minutes with a ten-minute timeout and `overlap`, running the occurrence due at noon since noon. */
function aLongRun(overlap: 'skip' | 'buffer-one' | 'cancel-running', cadence = 'PT5M') {
  return aRunningTaskRow({
    settings: aTaskSettings({ cadence, timeoutAfterDuration: 'PT10M', overlap }),
    run: aRunLease({ ticket: 'ticket-1', timesOutAt: NOON + 10 * MINUTE_MS }),
  });
}

describe('overlap: skip (the default)', () => {
  it('runs the next occurrence after the long run as the cadence has it', () => {
    const ended = completeRun(aLongRun('skip', '*/5 * * * *'), 'ticket-1', NOON + 7 * MINUTE_MS, null)!.row;

    expect(ended.nextRunAt).toBe(NOON + 10 * MINUTE_MS);
  });
});

describe('overlap: buffer-one', () => {
  it('starts the occurrence that came due during the run as soon as it ends, once', () => {
    const ended = completeRun(aLongRun('buffer-one', '*/5 * * * *'), 'ticket-1', NOON + 7 * MINUTE_MS, null)!.row;

    expect(ended.nextRunAt).toBe(NOON + 7 * MINUTE_MS);
  });

  it('keeps the cadence when no occurrence came due during the run', () => {
    const ended = completeRun(aLongRun('buffer-one', '*/5 * * * *'), 'ticket-1', NOON + 4 * MINUTE_MS, null)!.row;

    expect(ended.nextRunAt).toBe(NOON + 5 * MINUTE_MS);
  });
});

describe('overlap: cancel-running', () => {
  it('wakes the engine when the next occurrence comes due during the run', () => {
    const row = aLongRun('cancel-running');

    expect(computePreemptAt(row)).toBe(NOON + 5 * MINUTE_MS);
    // Before its timeout: the run's own wake-up is what the alarm follows (no heartbeat without live runs here).
    expect(computeAlarmAt([row], NOON, aWorkerContext())).toBe(NOON + 5 * MINUTE_MS);
  });

  it('cancels the running run, records it cancelled, and starts the occurrence that came due', () => {
    const row = aLongRun('cancel-running');
    const now = NOON + 5 * MINUTE_MS;
    const worker = aWorkerContext({ liveTickets: ['ticket-1'] });

    const [transition] = wakeUp([row], now, worker, createTicketIssuer(), preemptRuns([row], now));

    expect(transition!.finishedRun).toMatchObject({ ticket: 'ticket-1', outcome: 'cancelled' });
    expect(transition!.effects.map((effect) => effect.type)).toEqual(['abortRun', 'startRun']);
    expect(transition!.row.run).toMatchObject({ cause: 'schedule', scheduledFor: NOON + 5 * MINUTE_MS, startedAt: now });
  });

  it('does not overlap a run that started late at once, but at the first occurrence after its start', () => {
    const late = aRunningTaskRow({
      settings: aTaskSettings({ cadence: 'PT5M', timeoutAfterDuration: 'PT10M', overlap: 'cancel-running' }),
      run: aRunLease({ ticket: 'ticket-1', scheduledFor: NOON, startedAt: NOON + 7 * MINUTE_MS, timesOutAt: NOON + 17 * MINUTE_MS }),
    });

    expect(computePreemptAt(late)).toBe(NOON + 12 * MINUTE_MS);
    expect(preemptRuns([late], NOON + 7 * MINUTE_MS)).toEqual([]);
  });

  it('leaves a manual task alone, which has no next occurrence', () => {
    expect(computePreemptAt(aLongRun('cancel-running', 'manual'))).toBeUndefined();
  });
});

describe('the overlap setting', () => {
  it('takes allow with its cap, and refuses allow without it, a cap without allow, or allow with retries', () => {
    const schedule = { frequency: { minutes: 5 }, timeout: { minutes: 1 } };
    const messageOf = (extra: object) => (catchError(() => toTaskSettings('nightly', { ...schedule, ...extra })) as Error).message;

    expect(toTaskSettings('nightly', { ...schedule, overlap: 'allow', maxConcurrentRuns: 3 })).toMatchObject({ overlap: 'allow', maxConcurrentRuns: 3 });
    expect(messageOf({ overlap: 'allow' })).toBe("Invalid schedule for task 'nightly': maxConcurrentRuns is required with overlap 'allow' (2 to 100 runs)");
    expect(messageOf({ maxConcurrentRuns: 3 })).toBe("Invalid schedule for task 'nightly': maxConcurrentRuns applies only to overlap 'allow'");
    expect(messageOf({ overlap: 'allow', maxConcurrentRuns: 1 })).toMatch(/maxConcurrentRuns must be between 2 and 100/);
    expect(messageOf({ overlap: 'allow', maxConcurrentRuns: 2, retry: { attempts: 2, delay: { seconds: 5 } } })).toBe(
      "Invalid schedule for task 'nightly': retry cannot be combined with overlap 'allow'",
    );
  });

  it('refuses an unknown policy naming the choices', () => {
    const error = catchError(() => toTaskSettings('nightly', { frequency: { minutes: 5 }, timeout: { minutes: 1 }, overlap: 'queue' })) as Error;

    expect(error.message).toMatch(/overlap must be one of 'skip', 'buffer-one', 'cancel-running', 'allow'/);
  });
});
