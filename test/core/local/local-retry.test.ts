import { describe, expect, it } from 'vitest';
import { completeLocalRun, expireLocalRun, startLocalRun } from '../../../src/core/local/local-run.ts';
import { triggerLocalTask } from '../../../src/core/local/local-commands.ts';
import { at, MINUTE_MS, SECOND_MS } from '../../support/instants.ts';
import { aLocalRun, aRunningLocalTask } from '../../support/local-task-builder.ts';
import { aTaskSettings } from '../../support/task-row-builder.ts';

const NOON = at('2025-01-15T12:00:00Z');
const FAILURE = '{"name":"Error","message":"boom"}';
const withRetry = aTaskSettings({ cadence: 'PT10M', retry: { attempts: 3, backoff: 'exponential', delayDuration: 'PT10S' } });

describe('a local task with a retry policy', () => {
  it('makes the next run of a failed occurrence its retry, after the delay', () => {
    const task = aRunningLocalTask({ settings: withRetry, run: aLocalRun({ startedAt: NOON }) });

    const ended = completeLocalRun(task, 'run-1', NOON + SECOND_MS, FAILURE)!;

    expect(ended.nextRunAt).toBe(NOON + 11 * SECOND_MS);
    expect(ended.retry).toEqual({ attempt: 2, occurrenceStartedAt: NOON, at: NOON + 11 * SECOND_MS });
  });

  it('backs off, and once the attempts are spent returns to the cadence from the occurrence\'s first start', () => {
    const first = completeLocalRun(aRunningLocalTask({ settings: withRetry, run: aLocalRun({ startedAt: NOON }) }), 'run-1', NOON + SECOND_MS, FAILURE)!;
    const second = completeLocalRun(startLocalRun(first, NOON + 11 * SECOND_MS, 'run-2'), 'run-2', NOON + 12 * SECOND_MS, FAILURE)!;

    const last = completeLocalRun(startLocalRun(second, NOON + 32 * SECOND_MS, 'run-3'), 'run-3', NOON + 33 * SECOND_MS, FAILURE)!;

    expect(second.nextRunAt).toBe(NOON + 32 * SECOND_MS);
    expect(last.nextRunAt).toBe(NOON + 10 * MINUTE_MS);
    expect(last.retry).toBeUndefined();
  });

  it('retries a run that timed out', () => {
    const task = aRunningLocalTask({ settings: withRetry, run: aLocalRun({ startedAt: NOON, timesOutAt: NOON + MINUTE_MS }) });

    const expired = expireLocalRun(task, NOON + MINUTE_MS)!;

    expect(expired.task.nextRunAt).toBe(NOON + MINUTE_MS + 10 * SECOND_MS);
  });

  it('does not retry a cancelled run', () => {
    const task = aRunningLocalTask({ settings: withRetry, run: aLocalRun({ startedAt: NOON, cancelledAt: NOON + SECOND_MS }) });

    const ended = completeLocalRun(task, 'run-1', NOON + 2 * SECOND_MS, FAILURE)!;

    expect(ended.nextRunAt).toBe(NOON + 10 * MINUTE_MS);
    expect(ended.retry).toBeUndefined();
  });

  it('ends the retries when a trigger moves the next run', () => {
    const failed = completeLocalRun(aRunningLocalTask({ settings: withRetry, run: aLocalRun({ startedAt: NOON }) }), 'run-1', NOON + SECOND_MS, FAILURE)!;

    const started = startLocalRun(triggerLocalTask(failed, 'local-a', NOON + 5 * SECOND_MS), NOON + 5 * SECOND_MS, 'run-2');

    expect(started.retry).toBeUndefined();
  });
});
