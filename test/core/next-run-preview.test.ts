import { describe, expect, it } from 'vitest';
import { MAX_PREVIEW_COUNT, previewNextRuns } from '../../src/core/next-run-preview.ts';
import { at } from '../support/instants.ts';
import { aRunLease, aRunningTaskRow, aTaskRow, aTaskSettings } from '../support/task-row-builder.ts';

const NOW = at('2025-01-15T12:00:00Z');

describe('previewNextRuns', () => {
  it('lists nothing for a manual task', () => {
    const row = aTaskRow({ settings: aTaskSettings({ cadence: 'manual' }), nextRunAt: null });

    const times = previewNextRuns(row, NOW, 5);

    expect(times).toEqual([]);
  });

  it('lists an idle duration task\'s next run, then one period after another', () => {
    const row = aTaskRow({ settings: aTaskSettings({ cadence: 'PT5M' }), nextRunAt: at('2025-01-15T12:03:00Z') });

    const times = previewNextRuns(row, NOW, 3);

    expect(times).toEqual([at('2025-01-15T12:03:00Z'), at('2025-01-15T12:08:00Z'), at('2025-01-15T12:13:00Z')]);
  });

  it('lists a cron task\'s successive fires', () => {
    const row = aTaskRow({ settings: aTaskSettings({ cadence: '0 */6 * * *' }), nextRunAt: at('2025-01-15T18:00:00Z') });

    const times = previewNextRuns(row, NOW, 3);

    expect(times).toEqual([at('2025-01-15T18:00:00Z'), at('2025-01-16T00:00:00Z'), at('2025-01-16T06:00:00Z')]);
  });

  it('lists cron fires in the task\'s time zone', () => {
    const settings = aTaskSettings({ cadence: '0 3 * * *', timeZone: 'Europe/Berlin' });
    const row = aTaskRow({ settings, nextRunAt: at('2025-01-16T02:00:00Z') });

    const times = previewNextRuns(row, NOW, 2);

    expect(times).toEqual([at('2025-01-16T02:00:00Z'), at('2025-01-17T02:00:00Z')]);
  });

  it('lists as many times as asked', () => {
    const row = aTaskRow({ settings: aTaskSettings({ cadence: 'PT1M' }) });

    const times = previewNextRuns(row, NOW, 7);

    expect(times).toHaveLength(7);
  });

  it(`lists at most ${MAX_PREVIEW_COUNT} times, however many are asked`, () => {
    const row = aTaskRow({ settings: aTaskSettings({ cadence: 'PT1M' }) });

    const times = previewNextRuns(row, NOW, 1_000);

    expect(times).toHaveLength(100);
  });

  it('starts a running task\'s list after the current run, as if it ended now', () => {
    const row = aRunningTaskRow({
      settings: aTaskSettings({ cadence: 'PT5M' }),
      nextRunAt: at('2025-01-15T11:58:00Z'),
      run: aRunLease({ startedAt: at('2025-01-15T11:58:00Z') }),
    });

    const times = previewNextRuns(row, NOW, 2);

    expect(times).toEqual([at('2025-01-15T12:03:00Z'), at('2025-01-15T12:08:00Z')]);
  });

  it('starts a running cron task\'s list at the fire after now', () => {
    const row = aRunningTaskRow({ settings: aTaskSettings({ cadence: '0 * * * *' }), nextRunAt: at('2025-01-15T12:00:00Z') });

    const times = previewNextRuns(row, at('2025-01-15T12:00:30Z'), 2);

    expect(times).toEqual([at('2025-01-15T13:00:00Z'), at('2025-01-15T14:00:00Z')]);
  });

  it('previews a paused task as its schedule stands, ignoring the pause', () => {
    const row = aTaskRow({ settings: aTaskSettings({ cadence: 'PT5M' }), nextRunAt: at('2025-01-15T12:03:00Z'), isPaused: true });

    const times = previewNextRuns(row, NOW, 2);

    expect(times).toEqual([at('2025-01-15T12:03:00Z'), at('2025-01-15T12:08:00Z')]);
  });
});
