import { describe, expect, it } from 'vitest';
import { triggerLocalTask } from '../../../src/core/local/local-commands.ts';
import { completeLocalRun, startLocalRun } from '../../../src/core/local/local-run.ts';
import { registerLocalTask } from '../../../src/core/local/local-task.ts';
import { at, HOUR_MS, MINUTE_MS } from '../../support/instants.ts';
import { aTaskSettings } from '../../support/task-row-builder.ts';

const NOW = at('2026-01-15T12:00:00Z');

describe('occurrence policies of a local task', () => {
  it('a skipped date delays its first run past that date', () => {
    const settings = aTaskSettings({ cadence: '0 9 * * *', window: { skipDates: ['2026-01-16'] } });

    const task = registerLocalTask(undefined, 'local-a', settings, NOW);

    expect(task.nextRunAt).toBe(at('2026-01-17T09:00:00Z'));
  });

  it('an end bound leaves it with no next run once passed', () => {
    const settings = aTaskSettings({ cadence: 'PT1H', window: { endAt: '2026-01-15T12:30:00.000Z' } });
    const started = startLocalRun(registerLocalTask(undefined, 'local-a', settings, NOW), NOW, 'run-1');

    const ended = completeLocalRun(started, 'run-1', NOW + MINUTE_MS, null)!;

    expect(ended.nextRunAt).toBeNull();
  });

  it('jitter delays its start within the bound, and the next occurrence follows the nominal one, not the start', () => {
    const settings = aTaskSettings({ cadence: 'PT1H', jitterDuration: 'PT20M' });
    const registered = registerLocalTask(undefined, 'local-a', settings, NOW);
    const started = startLocalRun(registered, registered.nextRunAt!, 'run-1');

    const ended = completeLocalRun(started, 'run-1', registered.nextRunAt! + MINUTE_MS, null)!;

    expect(registered.nextRunAt! - NOW).toBeLessThanOrEqual(20 * MINUTE_MS);
    expect(ended.occurrenceAt ?? ended.nextRunAt).toBe(NOW + HOUR_MS);
  });

  it('maxRuns does not apply: the count would die with the isolate', () => {
    const settings = aTaskSettings({ cadence: 'PT1H', window: { maxRuns: 1 } });
    const started = startLocalRun(registerLocalTask(undefined, 'local-a', settings, NOW), NOW, 'run-1');

    const ended = completeLocalRun(started, 'run-1', NOW + MINUTE_MS, null)!;

    expect(ended.nextRunAt).toBe(NOW + HOUR_MS);
  });

  it('a trigger forgets the jittered occurrence, so the next run follows the trigger', () => {
    const settings = aTaskSettings({ cadence: 'PT1H', jitterDuration: 'PT20M' });
    const registered = registerLocalTask(undefined, 'local-a', settings, NOW);

    const triggered = triggerLocalTask(registered, 'local-a', NOW + MINUTE_MS);

    expect(triggered).toMatchObject({ nextRunAt: NOW + MINUTE_MS });
    expect(triggered.occurrenceAt).toBeUndefined();
  });
});
