import { describe, expect, it } from 'vitest';
import { overrideTask } from '../../../src/core/transitions/override.ts';
import { resumeTask } from '../../../src/core/transitions/pause.ts';
import { putApiTask } from '../../../src/core/transitions/put-api-task.ts';
import { at, HOUR_MS } from '../../support/instants.ts';
import { anHttpHandler } from '../../support/task-handler-builder.ts';
import { aTaskRow, aTaskSettings } from '../../support/task-row-builder.ts';

const NOW = at('2026-01-15T12:00:00Z');

describe('the occurrence policies in the other transitions', () => {
  it('an override that adds a skipped date moves the stored next run past it at once', () => {
    const row = aTaskRow({ settings: aTaskSettings({ cadence: '0 9 * * *' }), nextRunAt: at('2026-01-16T09:00:00Z') });

    const overridden = overrideTask(row, 'task-a', { window: { skipDates: ['2026-01-16'] } }, NOW);

    expect(overridden.nextRunAt).toBe(at('2026-01-17T09:00:00Z'));
  });

  it("resuming an overdue task under missedRuns 'all' does not make up what the pause missed", () => {
    const settings = aTaskSettings({ cadence: 'PT1H', missedRuns: { policy: 'all' } });
    const row = aTaskRow({ settings, nextRunAt: NOW - 5 * HOUR_MS, isPaused: true });

    const resumed = resumeTask(row, 'task-a', NOW);

    expect(resumed.nextRunAt).toBe(NOW);
  });

  it("a PUT restarts the count of window.maxRuns, and keeps other policies' state", () => {
    const settings = aTaskSettings({ cadence: 'PT1H', window: { maxRuns: 2 } });
    const existing = aTaskRow({ settings, source: 'api', handler: anHttpHandler(), nextRunAt: null, policyState: { scheduledRuns: 2, other: 1 } as never });

    const { row } = putApiTask(existing, 'task-a', settings, anHttpHandler(), NOW);

    expect(row.nextRunAt).toBe(NOW);
    expect(row.policyState).toStrictEqual({ other: 1 });
  });
});
