import { describe, expect, it } from 'vitest';
import {
  describeRunEnd,
  describeRunError,
  describeRunStart,
  durationBucketOf,
  RUN_COUNT_METRIC,
  RUN_DURATION_METRIC,
  RUN_LATENESS_METRIC,
} from '../../src/core/run-telemetry.ts';
import type { RunRecord } from '../../src/core/task-row.ts';
import { at, SECOND_MS } from '../support/instants.ts';
import { aRunLease } from '../support/task-row-builder.ts';

const subject = { pluginId: 'catalog', scope: 'global' } as const;

function aRunRecord(overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    taskId: 'refresh',
    ticket: 'ticket-1',
    cause: 'schedule',
    scheduledFor: at('2025-01-15T12:00:00Z'),
    startedAt: at('2025-01-15T12:00:00.250Z'),
    endedAt: at('2025-01-15T12:00:02.250Z'),
    outcome: 'succeeded',
    error: null,
    ...overrides,
  };
}

describe('describeRunStart', () => {
  it('gives the start line every field the issue names, with lateness as start minus due time', () => {
    const lease = aRunLease({ ticket: 'ticket-7', cause: 'trigger', scheduledFor: at('2025-01-15T12:00:00Z'), startedAt: at('2025-01-15T12:00:01.5Z') });

    const telemetry = describeRunStart(subject, 'refresh', lease);

    expect(telemetry).toMatchObject({ event: 'started', level: 'info', message: 'Task run started' });
    expect(telemetry.fields).toEqual({
      pluginId: 'catalog',
      taskId: 'refresh',
      runId: 'ticket-7',
      scope: 'global',
      trigger: 'trigger',
      outcome: 'started',
      result: 'started',
      latenessMs: 1_500,
    });
  });

  it('counts the start and records its lateness in seconds, with Backstage labels', () => {
    const lease = aRunLease({ scheduledFor: at('2025-01-15T12:00:00Z'), startedAt: at('2025-01-15T12:00:02Z') });

    const { metrics } = describeRunStart(subject, 'refresh', lease);

    const labels = { taskId: 'refresh', scope: 'global', result: 'started' };
    expect(metrics).toEqual([
      { name: RUN_COUNT_METRIC, value: 1, labels },
      { name: RUN_LATENESS_METRIC, value: 2, labels },
    ]);
  });
});

describe('describeRunEnd', () => {
  it('counts a successful run as completed and records its duration in its bucket', () => {
    const telemetry = describeRunEnd(subject, aRunRecord());

    expect(telemetry).toMatchObject({ event: 'ended', level: 'info', message: 'Task run succeeded' });
    expect(telemetry.fields).toMatchObject({ outcome: 'succeeded', result: 'completed', durationMs: 2 * SECOND_MS, latenessMs: 250 });
    expect(telemetry.fields).not.toHaveProperty('error');
    expect(telemetry.metrics).toEqual([
      { name: RUN_COUNT_METRIC, value: 1, labels: { taskId: 'refresh', scope: 'global', result: 'completed' } },
      { name: RUN_DURATION_METRIC, value: 2, labels: { taskId: 'refresh', scope: 'global', result: 'completed' }, bucket: '5' },
    ]);
  });

  it.each([
    ['failed', 'error', 'Task run failed'],
    ['timed-out', 'error', 'Task run timed out'],
    ['lost', 'error', 'Task run lost'],
    ['cancelled', 'warn', 'Task run cancelled'],
  ] as const)('counts a %s run as failed, logged at %s', (outcome, level, message) => {
    const telemetry = describeRunEnd(subject, aRunRecord({ outcome, error: '{"name":"Error","message":"boom"}' }));

    expect(telemetry).toMatchObject({ level, message, fields: { outcome, result: 'failed', error: 'Error: boom' } });
  });
});

describe('durationBucketOf', () => {
  it.each([
    [0.05, '0.1'],
    [0.1, '0.1'],
    [0.2, '0.5'],
    [59, '60'],
    [3_600, '3600'],
    [3_601, '+Inf'],
  ])('puts %s s in the bucket up to %s', (seconds, bucket) => {
    expect(durationBucketOf(seconds)).toBe(bucket);
  });
});

describe('describeRunError', () => {
  it('reads the stored JSON as name and message', () => {
    expect(describeRunError('{"name":"TimeoutError","message":"Task timed out after PT1M"}')).toBe('TimeoutError: Task timed out after PT1M');
  });

  it('masks credentials a handler echoed back', () => {
    const stored = JSON.stringify({ name: 'Error', message: 'Handler answered 401: {"authorization":"Bearer s3cr3t-value","api_key":"k-123"} token=abc' });

    const text = describeRunError(stored);

    expect(text).not.toMatch(/s3cr3t-value|k-123|abc/);
    expect(text).toContain('[redacted]');
  });

  it('cuts a long message short', () => {
    const text = describeRunError(JSON.stringify({ name: 'Error', message: 'x'.repeat(5_000) }));

    expect(text.length).toBeLessThanOrEqual(501);
  });

  it('keeps text that is not JSON as it is', () => {
    expect(describeRunError('plain failure')).toBe('plain failure');
  });
});
