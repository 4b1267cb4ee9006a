import { describe, expect, it } from 'vitest';
import { admitOccurrence, planFirstRun, planNextRun, withPlannedRun } from '../../../src/core/policies/occurrence-plan.ts';
import type { TaskSettings } from '../../../src/core/task-settings.ts';
import { previewNextRuns } from '../../../src/core/next-run-preview.ts';
import { claimTask } from '../../../src/core/transitions/claim.ts';
import { registerTask } from '../../../src/core/transitions/register.ts';
import { releaseRun } from '../../../src/core/transitions/release.ts';
import { triggerTask } from '../../../src/core/transitions/trigger.ts';
import { at, HOUR_MS, MINUTE_MS } from '../../support/instants.ts';
import { aTaskRow, aTaskSettings } from '../../support/task-row-builder.ts';

const NOW = at('2026-01-15T12:00:00Z');

/** The first `count` occurrences a task runs from `from`, each run ending as it starts. */
function occurrences(settings: TaskSettings, from: number, count: number): string[] {
  let row = withPlannedRun(aTaskRow({ taskId: 'nightly', settings }), planFirstRun('nightly', settings, from));
  const times: string[] = [];
  for (let index = 0; index < count && row.nextRunAt !== null; index++) {
    times.push(new Date(row.nextRunAt).toISOString());
    const claimed = claimTask(row, row.nextRunAt, `ticket-${index}`, 'schedule').row;
    row = releaseRun(claimed, row.nextRunAt, null, 'succeeded');
  }
  return times;
}

describe('window bounds', () => {
  it('starts a duration cadence at startAt exactly', () => {
    const settings = aTaskSettings({ cadence: 'PT1H', window: { startAt: '2026-01-16T08:00:00.000Z' } });

    expect(occurrences(settings, NOW, 2)).toEqual(['2026-01-16T08:00:00.000Z', '2026-01-16T09:00:00.000Z']);
  });

  it('starts a cron at its first fire from startAt', () => {
    const settings = aTaskSettings({ cadence: '0 */6 * * *', window: { startAt: '2026-01-16T07:00:00.000Z' } });

    expect(occurrences(settings, NOW, 1)).toEqual(['2026-01-16T12:00:00.000Z']);
  });

  it('runs nothing after endAt: the task then has no next run', () => {
    const settings = aTaskSettings({ cadence: 'PT1H', window: { endAt: '2026-01-15T14:00:00.000Z' } });

    expect(occurrences(settings, NOW, 10)).toEqual(['2026-01-15T12:00:00.000Z', '2026-01-15T13:00:00.000Z', '2026-01-15T14:00:00.000Z']);
  });

  it('keeps a jittered start at or before endAt', () => {
    const settings = aTaskSettings({ cadence: 'PT1H', jitterDuration: 'PT50M', window: { endAt: '2026-01-15T12:00:01.000Z' } });

    expect(planFirstRun('nightly', settings, NOW).nextRunAt).toBeLessThanOrEqual(NOW + 1000);
  });
});

describe('window.maxRuns', () => {
  it('stops the schedule after that many scheduled runs', () => {
    const settings = aTaskSettings({ cadence: 'PT1H', window: { maxRuns: 2 } });

    expect(occurrences(settings, NOW, 10)).toHaveLength(2);
  });

  it('does not count a triggered run', () => {
    const settings = aTaskSettings({ cadence: 'PT1H', window: { maxRuns: 1 } });
    const row = aTaskRow({ settings, nextRunAt: NOW });

    const triggered = releaseRun(triggerTask(row, 'task-a', NOW, 'ticket-1').row, NOW + MINUTE_MS, null, 'succeeded');

    expect(triggered.nextRunAt).toBe(NOW + HOUR_MS);
    expect(triggered.policyState?.scheduledRuns).toBeUndefined();
  });

  it('keeps the count of runs in the policy state', () => {
    const settings = aTaskSettings({ cadence: 'PT1H', window: { maxRuns: 5 } });

    const claimed = claimTask(aTaskRow({ settings, nextRunAt: NOW }), NOW, 'ticket-1', 'schedule').row;

    expect(claimed.policyState).toStrictEqual({ scheduledRuns: 1 });
  });
});

describe('skipped dates and ranges', () => {
  it('passes over a skipped date in UTC by default', () => {
    const settings = aTaskSettings({ cadence: '0 9 * * *', window: { skipDates: ['2026-01-16'] } });

    expect(occurrences(settings, NOW, 2)).toEqual(['2026-01-17T09:00:00.000Z', '2026-01-18T09:00:00.000Z']);
  });

  it('treats a range of dates as whole days, its last day included', () => {
    const settings = aTaskSettings({ cadence: 'PT12H', window: { skipRanges: [{ from: '2026-01-15', to: '2026-01-16' }] } });

    expect(occurrences(settings, NOW, 2)).toEqual(['2026-01-17T00:00:00.000Z', '2026-01-17T12:00:00.000Z']);
  });

  it('admits the first occurrence at the end of a range of wall times, its end excluded', () => {
    const settings = aTaskSettings({ cadence: '*/7 * * * *', window: { skipRanges: [{ from: '2026-01-15T12:00', to: '2026-01-15T13:00' }] } });

    expect(admitOccurrence(settings, undefined, NOW + 7 * MINUTE_MS)).toBe(at('2026-01-15T13:00:00Z'));
  });

  it('applies a date newly skipped by a deployment to the stored next run at once', () => {
    const stored = aTaskRow({ settings: aTaskSettings({ cadence: '0 9 * * *' }), nextRunAt: at('2026-01-16T09:00:00Z') });
    const settings = aTaskSettings({ cadence: '0 9 * * *', window: { skipDates: ['2026-01-16'] } });

    const registered = registerTask(stored, 'task-a', settings, NOW);

    expect(registered.nextRunAt).toBe(at('2026-01-17T09:00:00Z'));
  });
});

describe('exclusions across daylight saving in Europe/Berlin (golden cases)', () => {
  const cases = [
    // A skipped spring-forward day (23 hours long): the 09:00 job resumes on the 30th, at 09:00 CEST.
    { cadence: '0 9 * * *', timeZone: 'Europe/Berlin', from: '2026-03-28T12:00:00Z', window: { skipDates: ['2026-03-29'], timeZone: 'Europe/Berlin' }, expected: ['2026-03-30T07:00:00.000Z'] },
    // A skipped fall-back day (25 hours long) ends at midnight CET: an hourly job resumes at 00:00 CET, 23:00 UTC.
    { cadence: 'PT1H', from: '2026-10-25T05:00:00Z', window: { skipDates: ['2026-10-25'], timeZone: 'Europe/Berlin' }, expected: ['2026-10-25T23:00:00.000Z', '2026-10-26T00:00:00.000Z'] },
    // A range of wall times over the repeated hour, 01:30 CEST to 03:30 CET: 02:00 CEST and 02:00 CET and 03:00 CET are skipped.
    { cadence: '0 * * * *', from: '2026-10-24T22:30:00Z', window: { skipRanges: [{ from: '2026-10-25T01:30', to: '2026-10-25T03:30' }], timeZone: 'Europe/Berlin' }, expected: ['2026-10-24T23:00:00.000Z', '2026-10-25T03:00:00.000Z'] },
    // A range starting inside the spring gap (02:15 does not exist) starts when the clocks jump, 03:00 CEST.
    { cadence: '*/30 * * * *', from: '2026-03-29T00:40:00Z', window: { skipRanges: [{ from: '2026-03-29T02:15', to: '2026-03-29T04:00' }], timeZone: 'Europe/Berlin' }, expected: ['2026-03-29T02:00:00.000Z'] },
  ];

  it.each(cases)('$cadence from $from with $window.timeZone exclusions runs next at $expected', ({ cadence, timeZone, from, window, expected }) => {
    const settings = aTaskSettings({ cadence, ...(timeZone && { timeZone }), window });

    expect(occurrences(settings, at(from), expected.length)).toEqual(expected);
  });

  it('reads exclusions in the cron zone when the window names none', () => {
    const settings = aTaskSettings({ cadence: '0 9 * * *', timeZone: 'Europe/Berlin', window: { skipDates: ['2026-03-29'] } });

    expect(planNextRun(aTaskRow({ settings, nextRunAt: at('2026-03-28T08:00:00Z') }), at('2026-03-28T08:00:01Z')).nextRunAt).toBe(
      at('2026-03-30T07:00:00Z'),
    );
  });
});

describe('previewNextRuns under occurrence policies', () => {
  it('lists no time on a skipped date and none after the maximum runs', () => {
    const settings = aTaskSettings({ cadence: '0 9 * * *', window: { skipDates: ['2026-01-16'], maxRuns: 3 } });
    const row = withPlannedRun(aTaskRow({ settings }), planFirstRun('task-a', settings, NOW));

    const times = previewNextRuns(row, NOW, 10);

    expect(times.map((time) => new Date(time).toISOString())).toEqual([
      '2026-01-17T09:00:00.000Z',
      '2026-01-18T09:00:00.000Z',
      '2026-01-19T09:00:00.000Z',
    ]);
  });

  it('lists jittered starts, each within its bound of its occurrence', () => {
    const settings = aTaskSettings({ cadence: 'PT1H', jitterDuration: 'PT10M' });
    const row = withPlannedRun(aTaskRow({ settings }), planFirstRun('task-a', settings, NOW));

    const times = previewNextRuns(row, NOW, 5);

    times.forEach((time, index) => expect(time - (NOW + index * HOUR_MS)).toBeLessThanOrEqual(10 * MINUTE_MS));
    expect(times.some((time, index) => time !== NOW + index * HOUR_MS)).toBe(true);
  });
});
