import { describe, expect, it } from 'vitest';
import { computeJitterDelay } from '../../../src/core/policies/jitter.ts';
import { planFirstRun, planNextRun, withPlannedRun } from '../../../src/core/policies/occurrence-plan.ts';
import type { TaskSettings } from '../../../src/core/task-settings.ts';
import { describeTaskStatus } from '../../../src/core/task-status.ts';
import { claimTask } from '../../../src/core/transitions/claim.ts';
import { releaseRun } from '../../../src/core/transitions/release.ts';
import { triggerTask } from '../../../src/core/transitions/trigger.ts';
import { at, MINUTE_MS, SECOND_MS } from '../../support/instants.ts';
import { aTaskRow, aTaskSettings } from '../../support/task-row-builder.ts';

const NOW = at('2026-01-15T12:00:00Z');

/**
 * Settings with a jitter validation refuses (longer than the cron's gaps), built without parsing:
 * the runtime keeps each start before the next occurrence whatever the settings say.
 */
function unvalidatedJitter(cadence: string, jitterDuration: string, timeZone?: string): TaskSettings {
  return { ...aTaskSettings({ cadence, ...(timeZone && { timeZone }) }), jitterDuration };
}

describe('computeJitterDelay', () => {
  it('gives the same delay for the same task and occurrence', () => {
    expect(computeJitterDelay('task-a', NOW, MINUTE_MS)).toBe(computeJitterDelay('task-a', NOW, MINUTE_MS));
  });

  it('stays within its bound and spreads over it', () => {
    const delays = Array.from({ length: 200 }, (_, index) => computeJitterDelay(`task-${index}`, NOW, MINUTE_MS));

    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThanOrEqual(MINUTE_MS);
    expect(new Set(delays.map((delay) => Math.floor(delay / (6 * SECOND_MS)))).size).toBe(10);
  });
});

describe('jitter', () => {
  it("delays a task's first run by at most its bound, and remembers the occurrence", () => {
    const settings = aTaskSettings({ cadence: 'PT1H', jitterDuration: 'PT10M' });

    const planned = planFirstRun('task-a', settings, NOW);

    expect(planned.nextRunAt).toBeGreaterThan(NOW);
    expect(planned.nextRunAt).toBeLessThanOrEqual(NOW + 10 * MINUTE_MS);
    expect(planned.policyState).toStrictEqual({ occurrenceAt: NOW });
  });

  it('shows the jittered start as taskState.startsAt', () => {
    const settings = aTaskSettings({ cadence: 'PT1H', jitterDuration: 'PT10M' });
    const row = withPlannedRun(aTaskRow({ settings }), planFirstRun('task-a', settings, NOW));

    expect(describeTaskStatus(row)).toMatchObject({ status: 'idle', startsAt: row.nextRunAt });
  });

  it('keeps the fixed rate of a duration cadence: the next occurrence follows the nominal one, not the jittered start', () => {
    const settings = aTaskSettings({ cadence: 'PT1H', jitterDuration: 'PT10M' });
    const row = withPlannedRun(aTaskRow({ settings }), planFirstRun('task-a', settings, NOW));
    const running = claimTask(row, row.nextRunAt!, 'ticket-1', 'schedule').row;

    const released = releaseRun(running, row.nextRunAt! + MINUTE_MS, null, 'succeeded');

    expect(running.run?.scheduledFor).toBe(NOW);
    expect(released.policyState?.occurrenceAt ?? released.nextRunAt).toBe(NOW + 60 * MINUTE_MS);
    expect(released.nextRunAt).toBeLessThanOrEqual(NOW + 70 * MINUTE_MS);
  });

  it('never reaches the following occurrence, even with a bound longer than the cadence of a cron', () => {
    const settings = unvalidatedJitter('* * * * *', 'PT1H');
    const starts = Array.from({ length: 50 }, (_, index) => planFirstRun(`task-${index}`, settings, NOW).nextRunAt!);

    for (const start of starts) expect(start - (NOW + MINUTE_MS)).toBeLessThan(MINUTE_MS);
  });

  it('does not delay a trigger, and the trigger forgets the remembered occurrence', () => {
    const settings = aTaskSettings({ cadence: 'PT1H', jitterDuration: 'PT10M' });
    const row = withPlannedRun(aTaskRow({ settings }), planFirstRun('task-a', settings, NOW));

    const triggered = triggerTask(row, 'task-a', NOW + MINUTE_MS, 'ticket-1').row;

    expect(triggered.run?.scheduledFor).toBe(NOW + MINUTE_MS);
    expect(triggered.policyState).toBeUndefined();
  });

  it('gives a retried plan of the same occurrence the same start', () => {
    const settings = aTaskSettings({ cadence: 'PT1H', jitterDuration: 'PT10M' });
    const row = aTaskRow({ settings, nextRunAt: NOW });

    expect(planNextRun(row, NOW + SECOND_MS)).toStrictEqual(planNextRun(row, NOW + 2 * SECOND_MS));
  });
});

describe('jitter across daylight saving in Europe/Berlin (golden cases)', () => {
  // Each row: the cron, the instant planned from, the nominal occurrence, and the bound on its start.
  const cases = [
    // Spring forward, 2026-03-29: 02:30 does not exist; the fixed-time job runs when the clocks jump, 03:00 CEST.
    { cron: '30 2 * * *', from: '2026-03-28T12:00:00Z', occurrence: '2026-03-29T01:00:00Z', jitter: 'PT20M', latestStart: '2026-03-29T01:20:00Z' },
    // Fall back, 2026-10-25: 02:30 happens twice; the job runs at the first, 02:30 CEST.
    { cron: '30 2 * * *', from: '2026-10-24T12:00:00Z', occurrence: '2026-10-25T00:30:00Z', jitter: 'PT20M', latestStart: '2026-10-25T00:50:00Z' },
    // Hourly on the fall-back night: 02:00 CEST then 02:00 CET, one hour apart, so a 2 h jitter stays under an hour.
    { cron: '0 * * * *', from: '2026-10-24T23:30:00Z', occurrence: '2026-10-25T00:00:00Z', jitter: 'PT2H', latestStart: '2026-10-25T00:59:59.999Z' },
    { cron: '0 * * * *', from: '2026-10-25T00:30:00Z', occurrence: '2026-10-25T01:00:00Z', jitter: 'PT2H', latestStart: '2026-10-25T01:59:59.999Z' },
  ];

  it.each(cases)('$cron from $from: occurrence $occurrence, start no later than $latestStart', ({ cron, from, occurrence, jitter, latestStart }) => {
    const settings = unvalidatedJitter(cron, jitter, 'Europe/Berlin');

    const planned = planFirstRun('nightly', settings, at(from));

    expect(planned.policyState?.occurrenceAt ?? planned.nextRunAt).toBe(at(occurrence));
    expect(planned.nextRunAt).toBeGreaterThanOrEqual(at(occurrence));
    expect(planned.nextRunAt).toBeLessThanOrEqual(at(latestStart));
  });
});
