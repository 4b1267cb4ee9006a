import { describe, expect, it } from 'vitest';
import { registerTask } from '../../../src/core/transitions/register.ts';
import { at } from '../../support/instants.ts';
import { anHttpHandler } from '../../support/task-handler-builder.ts';
import { aRunLease, aTaskRow, aTaskSettings } from '../../support/task-row-builder.ts';

describe('registerTask', () => {
  it('creates a never-run, idle row for a new task', () => {
    const settings = aTaskSettings({ cadence: 'PT5M' });

    const row = registerTask(undefined, 'refresh', settings, at('2025-01-15T10:00:00Z'));

    expect(row).toStrictEqual({
      taskId: 'refresh',
      settings,
      nextRunAt: at('2025-01-15T10:00:00Z'),
      run: null,
      lastRunEndedAt: null,
      lastRunError: null,
      source: 'code',
      handler: null,
      isPaused: false,
    });
  });

  it('schedules a new task after its initial delay', () => {
    const settings = aTaskSettings({ cadence: 'PT5M', initialDelayDuration: 'PT2M' });

    const row = registerTask(undefined, 'refresh', settings, at('2025-01-15T10:00:00Z'));

    expect(row.nextRunAt).toBe(at('2025-01-15T10:02:00Z'));
  });

  it('schedules a new cron task at its next fire', () => {
    const settings = aTaskSettings({ cadence: '0 * * * *' });

    const row = registerTask(undefined, 'refresh', settings, at('2025-01-15T10:20:00Z'));

    expect(row.nextRunAt).toBe(at('2025-01-15T11:00:00Z'));
  });

  it('leaves a new manual task unscheduled', () => {
    const settings = aTaskSettings({ cadence: 'manual' });

    const row = registerTask(undefined, 'reindex', settings, at('2025-01-15T10:00:00Z'));

    expect(row.nextRunAt).toBeNull();
  });

  it('moves the next run earlier at once when the cadence gets shorter', () => {
    const existing = aTaskRow({ settings: aTaskSettings({ cadence: 'PT1H' }), nextRunAt: at('2025-01-15T10:50:00Z') });

    const row = registerTask(existing, 'task-a', aTaskSettings({ cadence: 'PT5M' }), at('2025-01-15T10:00:00Z'));

    expect(row.nextRunAt).toBe(at('2025-01-15T10:05:00Z'));
  });

  it('keeps the stored, earlier next run when the cadence gets longer', () => {
    const existing = aTaskRow({ settings: aTaskSettings({ cadence: 'PT5M' }), nextRunAt: at('2025-01-15T10:03:00Z') });

    const row = registerTask(existing, 'task-a', aTaskSettings({ cadence: 'PT1H' }), at('2025-01-15T10:00:00Z'));

    expect(row).toMatchObject({ settings: { cadence: 'PT1H' }, nextRunAt: at('2025-01-15T10:03:00Z') });
  });

  it('keeps an overdue next run, so a restart neither skips nor postpones it', () => {
    const existing = aTaskRow({ nextRunAt: at('2025-01-15T09:40:00Z') });

    const row = registerTask(existing, 'task-a', aTaskSettings({ cadence: 'PT10M' }), at('2025-01-15T10:00:00Z'));

    expect(row.nextRunAt).toBe(at('2025-01-15T09:40:00Z'));
  });

  it('adopts the computed next run when the stored one is null (backstage#34702)', () => {
    const existing = aTaskRow({ settings: aTaskSettings({ cadence: 'manual' }), nextRunAt: null });

    const row = registerTask(existing, 'task-a', aTaskSettings({ cadence: 'PT5M' }), at('2025-01-15T10:00:00Z'));

    expect(row.nextRunAt).toBe(at('2025-01-15T10:05:00Z'));
  });

  it('stops scheduling a task switched to manual', () => {
    const existing = aTaskRow({ settings: aTaskSettings({ cadence: 'PT5M' }), nextRunAt: at('2025-01-15T10:03:00Z') });

    const row = registerTask(existing, 'task-a', aTaskSettings({ cadence: 'manual' }), at('2025-01-15T10:00:00Z'));

    expect(row.nextRunAt).toBeNull();
  });

  it('returns the stored row itself when nothing changed, so the caller can skip the write', () => {
    const existing = aTaskRow({ settings: aTaskSettings({ cadence: 'PT5M' }), nextRunAt: at('2025-01-15T10:03:00Z') });

    const row = registerTask(existing, 'task-a', aTaskSettings({ cadence: 'PT5M' }), at('2025-01-15T10:00:00Z'));

    expect(row).toBe(existing);
  });

  it('returns a new row when only the timeout changed', () => {
    const existing = aTaskRow({ settings: aTaskSettings({ timeoutAfterDuration: 'PT1M' }), nextRunAt: at('2025-01-15T10:03:00Z') });

    const row = registerTask(existing, 'task-a', aTaskSettings({ timeoutAfterDuration: 'PT2M' }), at('2025-01-15T10:00:00Z'));

    expect(row).toStrictEqual({ ...existing, settings: aTaskSettings({ timeoutAfterDuration: 'PT2M' }) });
  });

  it('leaves the run and the last run untouched', () => {
    const run = aRunLease({ ticket: 'ticket-7' });
    const existing = aTaskRow({
      nextRunAt: at('2025-01-15T09:55:00Z'),
      run,
      lastRunEndedAt: at('2025-01-15T09:50:30Z'),
      lastRunError: '{"name":"Error","message":"boom"}',
    });

    const row = registerTask(existing, 'task-a', aTaskSettings({ cadence: 'PT1M' }), at('2025-01-15T10:00:00Z'));

    expect(row).toMatchObject({
      run,
      lastRunEndedAt: at('2025-01-15T09:50:30Z'),
      lastRunError: '{"name":"Error","message":"boom"}',
    });
  });

  it('keeps a task paused across a re-registration', () => {
    const existing = aTaskRow({ isPaused: true, settings: aTaskSettings({ cadence: 'PT5M' }), nextRunAt: at('2025-01-15T10:03:00Z') });

    const row = registerTask(existing, 'task-a', aTaskSettings({ cadence: 'PT1M' }), at('2025-01-15T10:00:00Z'));

    expect(row.isPaused).toBe(true);
  });

  it('turns an API task of the same id into a code task without a handler', () => {
    const settings = aTaskSettings({ cadence: 'PT5M' });
    const existing = aTaskRow({ source: 'api', handler: anHttpHandler(), settings, nextRunAt: at('2025-01-15T10:03:00Z') });

    const row = registerTask(existing, 'task-a', settings, at('2025-01-15T10:00:00Z'));

    expect(row).toStrictEqual({ ...existing, source: 'code', handler: null });
  });
});
