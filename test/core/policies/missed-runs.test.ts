import { describe, expect, it } from 'vitest';
import { claimDueTasks } from '../../../src/core/transitions/claim.ts';
import { completeRun } from '../../../src/core/transitions/complete.ts';
import { decideMissedRuns, MAX_SKIPPED_RECORDS } from '../../../src/core/policies/missed-runs.ts';
import { at, HOUR_MS, MINUTE_MS } from '../../support/instants.ts';
import { aTaskRow, aTaskSettings, aWorkerContext } from '../../support/task-row-builder.ts';

const DUE = at('2025-01-15T12:00:00Z');
const tickets = () => {
  let count = 0;
  return () => `ticket-${++count}`;
};

describe('decideMissedRuns', () => {
  it('claims the due occurrence unchanged without a policy, however late', () => {
    const row = aTaskRow({ nextRunAt: DUE });

    const decision = decideMissedRuns(row, DUE + 5 * HOUR_MS);

    expect(decision).toStrictEqual({ row, claims: true });
  });

  it("claims the due occurrence unchanged under 'once'", () => {
    const row = aTaskRow({ settings: aTaskSettings({ missedRuns: { policy: 'once' } }), nextRunAt: DUE });

    const decision = decideMissedRuns(row, DUE + 5 * HOUR_MS);

    expect(decision).toStrictEqual({ row, claims: true });
  });

  it("under 'skip' claims an occurrence started within the grace period", () => {
    const row = aTaskRow({ settings: aTaskSettings({ missedRuns: { policy: 'skip', graceDuration: 'PT2M' } }), nextRunAt: DUE });

    const decision = decideMissedRuns(row, DUE + MINUTE_MS);

    expect(decision).toStrictEqual({ row, claims: true });
  });

  it("under 'skip' passes over every occurrence older than the grace and waits for the next one", () => {
    const row = aTaskRow({ settings: aTaskSettings({ cadence: 'PT1H', missedRuns: { policy: 'skip' } }), nextRunAt: DUE });

    const decision = decideMissedRuns(row, DUE + 3 * HOUR_MS + 30 * MINUTE_MS);

    expect(decision.claims).toBe(false);
    expect(decision.row.nextRunAt).toBe(DUE + 4 * HOUR_MS);
    expect(decision.skipped?.count).toBe(4);
    expect(decision.skipped?.records.map((record) => record.scheduledFor)).toEqual([DUE + HOUR_MS, DUE + 2 * HOUR_MS, DUE + 3 * HOUR_MS]);
  });

  it("under 'skip' runs the latest occurrence when it is within the grace period, skipping the older ones", () => {
    const row = aTaskRow({ settings: aTaskSettings({ cadence: 'PT1H', missedRuns: { policy: 'skip', graceDuration: 'PT10M' } }), nextRunAt: DUE });

    const decision = decideMissedRuns(row, DUE + 2 * HOUR_MS + 5 * MINUTE_MS);

    expect(decision.claims).toBe(true);
    expect(decision.row.nextRunAt).toBe(DUE + 2 * HOUR_MS);
    expect(decision.skipped?.count).toBe(2);
  });

  it('writes at most three skipped records for a long outage of a frequent task, and counts them all', () => {
    const row = aTaskRow({ settings: aTaskSettings({ cadence: 'PT1M', missedRuns: { policy: 'skip' } }), nextRunAt: DUE });

    const decision = decideMissedRuns(row, DUE + 24 * HOUR_MS + 30_000);

    expect(decision.skipped?.records).toHaveLength(MAX_SKIPPED_RECORDS);
    expect(decision.skipped?.count).toBe(24 * 60);
    expect(decision.skipped?.records.every((record) => record.outcome === 'skipped')).toBe(true);
  });

  it("under 'all' claims the oldest missed occurrence and skips those beyond the limit", () => {
    const row = aTaskRow({ settings: aTaskSettings({ cadence: 'PT1H', missedRuns: { policy: 'all', limit: 2 } }), nextRunAt: DUE });

    const decision = decideMissedRuns(row, DUE + 4 * HOUR_MS + MINUTE_MS);

    expect(decision.claims).toBe(true);
    expect(decision.row.nextRunAt).toBe(DUE + 3 * HOUR_MS);
    expect(decision.skipped?.count).toBe(3);
  });

  it("under 'all' skips the occurrences older than its grace", () => {
    const settings = aTaskSettings({ cadence: 'PT1H', missedRuns: { policy: 'all', graceDuration: 'PT90M' } });
    const row = aTaskRow({ settings, nextRunAt: DUE });

    const decision = decideMissedRuns(row, DUE + 3 * HOUR_MS);

    expect(decision.row.nextRunAt).toBe(DUE + 2 * HOUR_MS);
    expect(decision.skipped?.count).toBe(2);
  });
});

describe("missed runs through claim and complete under 'all'", () => {
  it('runs each missed occurrence one after another, each run due as the previous ends', () => {
    const settings = aTaskSettings({ cadence: 'PT1H', timeoutAfterDuration: 'PT1M', missedRuns: { policy: 'all' } });
    const now = DUE + 2 * HOUR_MS + MINUTE_MS;
    const [first] = claimDueTasks([aTaskRow({ settings, nextRunAt: DUE })], now, aWorkerContext(), tickets());

    const released = completeRun(first!.row, first!.row.run!.ticket, now + 1000, null)!;

    expect(first!.row.run?.scheduledFor).toBe(DUE);
    expect(released.row.nextRunAt).toBe(DUE + HOUR_MS);
  });

  it('records the skipped occurrences in the same transition as the claim', () => {
    const settings = aTaskSettings({ cadence: 'PT1H', missedRuns: { policy: 'skip' } });

    const [transition] = claimDueTasks([aTaskRow({ settings, nextRunAt: DUE })], DUE + 2 * HOUR_MS + 1000, aWorkerContext(), tickets());

    expect(transition!.row.run?.scheduledFor).toBe(DUE + 2 * HOUR_MS);
    expect(transition!.skipped?.records.map((record) => record.ticket)).toEqual([`skipped:task-a:${DUE}`, `skipped:task-a:${DUE + HOUR_MS}`]);
  });

  it('never passes over the occurrence of a recovered run', () => {
    const settings = aTaskSettings({ cadence: 'PT1H', missedRuns: { policy: 'skip' } });

    const [transition] = claimDueTasks([aTaskRow({ settings, nextRunAt: DUE })], DUE + 5 * HOUR_MS, aWorkerContext(), tickets(), 'recovery');

    expect(transition!.row.run?.scheduledFor).toBe(DUE);
    expect(transition!.skipped).toBeUndefined();
  });
});
