import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeNextRun } from '../../../src/core/next-run.ts';
import { computeRetryDelayMs, pendingRetryOf } from '../../../src/core/policies/retry-policy.ts';
import { play, scenario, type Step } from '../../support/object-interleavings.ts';
import { checkInvariants } from '../../support/scheduler-invariants.ts';

/**
 * The run policies (retries, pausing after failures, staleness, alerts) under the random interleavings of the
 * engine's property test, which draws them among its settings: the engine's invariants still
 * hold (scheduling-engine.property.test.ts), and so do the policies' own, checked here after
 * every step.
 */

/** Throws with the given details unless `condition` holds. */
function require(condition: boolean, details: () => unknown): void {
  if (!condition) throw new Error(JSON.stringify(details()));
}

function checkRunPolicies({ after, writes }: Step): void {
  for (const row of after.rows.values()) {
    const retry = pendingRetryOf(row);
    if (!retry || row.run) continue;
    const policy = row.settings.retry;
    const isWithinPolicy = policy !== undefined && retry.attempt >= 2 && retry.attempt <= policy.attempts;
    require(isWithinPolicy, () => ({ retry, settings: row.settings }));
    // The next occurrence as the cadence gave it when the failed attempt ended, its delay before the retry.
    const failedAt = retry.at - computeRetryDelayMs(policy!, retry.attempt);
    const nextOccurrenceAt = computeNextRun(row.settings, retry.occurrenceAt, failedAt);
    require(nextOccurrenceAt === null || retry.at < nextOccurrenceAt, () => ({ retry, failedAt, nextOccurrenceAt, settings: row.settings }));
  }
  for (const { before, after: written } of writes) {
    if (!before || !written || before.isPaused || !written.isPaused) continue;
    // A pause the caller did not ask for comes only from pauseAfterFailures, at the end of a failed run.
    const isFailedRunEnd = before.run !== null && written.run === null && written.lastRunError !== null;
    require(isFailedRunEnd ? written.settings.pauseAfterFailures !== undefined : true, () => ({ before, written }));
  }
}

describe('a plugin object whose tasks have run policies, under random interleavings', () => {
  it('keeps the engine\'s invariants and the policies\' own after every step', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, (s) =>
        play(s, (step) => {
          checkInvariants(step);
          checkRunPolicies(step);
        }),
      ),
      { numRuns: 3_000 },
    );
  }, 60_000);

  it('reaches retries, spent retries, pauses after failures, tasks becoming stale and recovering, preempted runs, and concurrent runs up to their cap', async () => {
    const seen = new Set<string>();

    await fc.assert(
      fc.asyncProperty(scenario, (s) =>
        play(s, ({ operation, writes }) => {
          for (const { cause, before, after, now } of writes) {
            if (after?.run?.cause === 'retry' && before?.run?.cause !== 'retry') seen.add('retry run');
            if (before?.run?.cause === 'retry' && after?.run === null && after.policyState?.retry === undefined) seen.add('retries ended');
            if (operation.type !== 'pause' && before && !before.isPaused && after?.isPaused) seen.add('paused after failures');
            if (before && !before.policyState?.isStale && after?.policyState?.isStale) seen.add('became stale');
            if (cause === 'wake' && before?.run && after?.run && after.run.ticket !== before.run.ticket && now < before.run.timesOutAt) seen.add('preempted');
            if (before?.policyState?.isStale && after && !after.policyState?.isStale) seen.add('stale no more');
            if ((after?.policyState?.concurrentRuns?.length ?? 0) >= 2) seen.add('concurrent runs');
            if (after?.settings.overlap === 'allow' && after.policyState?.concurrentRuns?.length === after.settings.maxConcurrentRuns) seen.add('concurrent runs at the cap');
          }
        }),
      ),
      { numRuns: 3_000, seed: 42 },
    );

    expect([...seen].sort()).toEqual([
      'became stale',
      'concurrent runs',
      'concurrent runs at the cap',
      'paused after failures',
      'preempted',
      'retries ended',
      'retry run',
      'stale no more',
    ]);
  });
});
