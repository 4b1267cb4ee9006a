import { describe, expect, it } from 'vitest';
import { describeRunEnd, describeRunStart } from '../../src/core/run-telemetry.ts';
import { ANALYTICS_COLUMNS, reportRun, toDataPoint, type AnalyticsDataset } from '../../src/durable/run-reporter.ts';
import { at } from '../support/instants.ts';
import { aRecordingLogger } from '../support/recording-logger.ts';
import { aRunLease } from '../support/task-row-builder.ts';

const subject = { pluginId: 'catalog', scope: 'global' } as const;

function aRecordingDataset(): AnalyticsDataset & { points: Array<Parameters<AnalyticsDataset['writeDataPoint']>[0]> } {
  const points: Array<Parameters<AnalyticsDataset['writeDataPoint']>[0]> = [];
  return { points, writeDataPoint: (point) => void points.push(point) };
}

const ended = describeRunEnd(subject, {
  taskId: 'refresh',
  ticket: 'ticket-1',
  cause: 'schedule',
  scheduledFor: at('2025-01-15T12:00:00Z'),
  startedAt: at('2025-01-15T12:00:00.5Z'),
  endedAt: at('2025-01-15T12:00:03.5Z'),
  outcome: 'failed',
  error: '{"name":"Error","message":"boom"}',
});

describe('reportRun', () => {
  it('writes one log line at the run\'s level, with its fields and metrics', () => {
    const logger = aRecordingLogger();

    reportRun(logger, {}, ended);

    expect(logger.messages).toEqual([
      {
        level: 'error',
        message: 'Task run failed',
        fields: {
          ...ended.fields,
          metrics: { 'backend_tasks.task.runs.count': 1, 'backend_tasks.task.runs.duration': 3 },
        },
      },
    ]);
  });

  it('writes one data point when an Analytics Engine binding is configured', () => {
    const dataset = aRecordingDataset();

    reportRun(aRecordingLogger(), { SCHEDULER_ANALYTICS: dataset }, ended);

    expect(dataset.points).toEqual([toDataPoint(ended)]);
  });

  it('ignores a binding of that name that is not a dataset', () => {
    const logger = aRecordingLogger();

    reportRun(logger, { SCHEDULER_ANALYTICS: 'not a binding' }, ended);

    expect(logger.messages).toHaveLength(1);
  });

  it('logs a refused write as a warning and carries on', () => {
    const logger = aRecordingLogger();
    const dataset = { writeDataPoint: () => { throw new Error('quota exceeded'); } };

    reportRun(logger, { SCHEDULER_ANALYTICS: dataset }, ended);

    expect(logger.messages[1]).toEqual({ level: 'warn', message: 'Could not write run telemetry to Analytics Engine', fields: { error: 'Error: quota exceeded' } });
  });
});

describe('toDataPoint', () => {
  it('lays an ended run out in the documented columns, indexed by plugin', () => {
    const point = toDataPoint(ended);

    expect(point.indexes).toEqual(['catalog']);
    expect(Object.fromEntries(ANALYTICS_COLUMNS.blobs.map((name, index) => [name, point.blobs[index]]))).toEqual({
      event: 'ended',
      result: 'failed',
      outcome: 'failed',
      pluginId: 'catalog',
      taskId: 'refresh',
      scope: 'global',
      trigger: 'schedule',
      runId: 'ticket-1',
      durationBucket: '5',
    });
    expect(Object.fromEntries(ANALYTICS_COLUMNS.doubles.map((name, index) => [name, point.doubles[index]]))).toEqual({
      count: 1,
      durationSeconds: 3,
      latenessSeconds: 0.5,
    });
  });

  it('gives a started run no duration and no bucket', () => {
    const started = describeRunStart(subject, 'refresh', aRunLease({ ticket: 'ticket-2' }));

    const point = toDataPoint(started);

    expect(point.blobs.slice(0, 3)).toEqual(['started', 'started', 'started']);
    expect(point.blobs[8]).toBe('');
    expect(point.doubles[1]).toBe(0);
  });
});
