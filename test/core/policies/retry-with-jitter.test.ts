import { describe, expect, it } from 'vitest';
import { planFirstRun, withPlannedRun } from '../../../src/core/policies/occurrence-plan.ts';
import type { TaskRow } from '../../../src/core/task-row.ts';
import { claimTask } from '../../../src/core/transitions/claim.ts';
import { releaseRun } from '../../../src/core/transitions/release.ts';
import { at, HOUR_MS, MINUTE_MS } from '../../support/instants.ts';
import { aTaskRow, aTaskSettings } from '../../support/task-row-builder.ts';

/* Retries within an occurrence whose start jitter moved: the two policies agree on which occurrence a run stands for. */
const NOW = at('2026-01-15T12:00:00Z');
const settings = aTaskSettings({
  cadence: 'PT1H',
  jitterDuration: 'PT10M',
  retry: { attempts: 3, backoff: 'fixed', delayDuration: 'PT1M' },
});

function runOnce(row: TaskRow, ticket: string, outcome: 'failed' | 'succeeded'): { claimed: TaskRow; released: TaskRow } {
  const claimed = claimTask(row, row.nextRunAt!, ticket, 'schedule').row;
  const released = releaseRun(claimed, row.nextRunAt! + 1_000, outcome === 'failed' ? '{"name":"Error","message":"x"}' : null, outcome);
  return { claimed, released };
}

describe('retry with jitter', () => {
  it('retries a failed jittered occurrence, records the occurrence it retries, and goes on with the following one', () => {
    const first = withPlannedRun(aTaskRow({ settings }), planFirstRun('task-a', settings, NOW));
    // The jitter moves this task's first start (the delay is a hash of the task and the occurrence).
    expect(first.nextRunAt).toBeGreaterThan(NOW);

    const failed = runOnce(first, 'ticket-1', 'failed');
    // The occurrence is due at NOW; its start is jittered, its run records the nominal time.
    expect(failed.claimed.run?.scheduledFor).toBe(NOW);
    expect(failed.released.nextRunAt).toBe(first.nextRunAt! + 1_000 + MINUTE_MS);
    expect(failed.released.policyState?.retry).toMatchObject({ attempt: 2, occurrenceAt: NOW });

    const retried = runOnce(failed.released, 'ticket-2', 'succeeded');
    expect(retried.claimed.run?.cause).toBe('retry');
    expect(retried.claimed.run?.scheduledFor).toBe(failed.released.nextRunAt);
    // The cadence resumes from the retried occurrence: the next is NOW + 1 h, jittered, not skipped.
    const following = retried.released.policyState?.occurrenceAt ?? retried.released.nextRunAt;
    expect(following).toBe(NOW + HOUR_MS);
    expect(retried.released.nextRunAt).toBeGreaterThanOrEqual(NOW + HOUR_MS);
    expect(retried.released.nextRunAt).toBeLessThan(NOW + HOUR_MS + 10 * MINUTE_MS + 1);
    expect(retried.released.policyState?.retry).toBeUndefined();
  });
});
