import { describe, expect, it } from 'vitest';
import { skippedRecord } from '../../../src/core/policies/missed-runs.ts';
import { describeSkippedOccurrences, RUN_SKIPPED_METRIC } from '../../../src/core/run-telemetry.ts';
import { InProcessScheduler } from '../../../src/embedded/in-process-scheduler.ts';
import { aControlledTask } from '../../support/controlled-task.ts';
import { at, HOUR_MS } from '../../support/instants.ts';
import { aRecordingLogger } from '../../support/recording-logger.ts';
import { aTaskSettings } from '../../support/task-row-builder.ts';
import { createTestClock } from '../../support/test-clock.ts';
import { createTestTimer } from '../../support/test-timer.ts';

const START = at('2025-01-15T12:00:00Z');

describe('describeSkippedOccurrences', () => {
  it('counts every skipped occurrence in the skipped metric, though only a few are recorded', () => {
    const records = [skippedRecord('tick', START, START + HOUR_MS, 'missed'), skippedRecord('tick', START + 1000, START + HOUR_MS, 'missed')];

    const telemetry = describeSkippedOccurrences({ pluginId: 'plugin', scope: 'global' }, records, 120);

    expect(telemetry.metrics).toEqual([{ name: RUN_SKIPPED_METRIC, value: 120, labels: { taskId: 'tick', scope: 'global', result: 'skipped' } }]);
    expect(telemetry).toMatchObject({ level: 'info', message: '120 task occurrences skipped', fields: { outcome: 'skipped', runId: records[1]!.ticket } });
  });
});

describe('the engine under a missed-runs policy', () => {
  it('logs one line for the occurrences an alarm passes over, with the skipped metric', async () => {
    const clock = createTestClock(START);
    const timer = createTestTimer(clock);
    const logger = aRecordingLogger();
    const scheduler = new InProcessScheduler({ clock, timer, logger });
    await scheduler.start('plugin', async () => {});
    const task = aControlledTask();
    await scheduler.registerTask('tick', aTaskSettings({ cadence: 'PT1H', missedRuns: { policy: 'skip' } }), task.fn);
    timer.advance(0);
    (await task.nthRun(1)).finish();
    await scheduler.settled();

    // The process stood still for five and a half hours: its timer fires late, as after a suspend.
    clock.advance(5 * HOUR_MS + HOUR_MS / 2);
    timer.advance(0);

    const line = logger.messages.find((message) => message.fields.outcome === 'skipped');
    expect(line).toMatchObject({ level: 'info', message: '5 task occurrences skipped', fields: { taskId: 'tick', metrics: { [RUN_SKIPPED_METRIC]: 5 } } });
  });
});
