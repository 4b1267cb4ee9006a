import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../../src/core/errors.ts';
import { putApiTask } from '../../../src/core/transitions/put-api-task.ts';
import { catchError } from '../../support/catch-error.ts';
import { at } from '../../support/instants.ts';
import { anHttpHandler, aServiceHandler } from '../../support/task-handler-builder.ts';
import { aRunLease, aTaskRow, aTaskSettings } from '../../support/task-row-builder.ts';

const NOW = at('2025-01-15T12:20:00Z');

describe('putApiTask', () => {
  it('creates an idle, unpaused API task with its handler, due now for a duration', () => {
    const settings = aTaskSettings({ cadence: 'PT5M' });
    const handler = anHttpHandler();

    const { row } = putApiTask(undefined, 'refresh', settings, handler, NOW);

    expect(row).toStrictEqual({
      taskId: 'refresh',
      settings,
      nextRunAt: NOW,
      run: null,
      lastRunEndedAt: null,
      lastRunError: null,
      source: 'api',
      handler,
      isPaused: false,
    });
  });

  it('reports a created task as new', () => {
    const { isNew } = putApiTask(undefined, 'refresh', aTaskSettings(), anHttpHandler(), NOW);

    expect(isNew).toBe(true);
  });

  it('schedules a new task after its initial delay', () => {
    const settings = aTaskSettings({ cadence: 'PT5M', initialDelayDuration: 'PT2M' });

    const { row } = putApiTask(undefined, 'refresh', settings, anHttpHandler(), NOW);

    expect(row.nextRunAt).toBe(at('2025-01-15T12:22:00Z'));
  });

  it('schedules a new cron task at its next fire', () => {
    const settings = aTaskSettings({ cadence: '0 * * * *' });

    const { row } = putApiTask(undefined, 'refresh', settings, anHttpHandler(), NOW);

    expect(row.nextRunAt).toBe(at('2025-01-15T13:00:00Z'));
  });

  it('leaves a new manual task unscheduled', () => {
    const settings = aTaskSettings({ cadence: 'manual' });

    const { row } = putApiTask(undefined, 'refresh', settings, anHttpHandler(), NOW);

    expect(row.nextRunAt).toBeNull();
  });

  it('replaces the settings and handler of an API task', () => {
    const existing = aTaskRow({ taskId: 'refresh', source: 'api', settings: aTaskSettings({ cadence: 'PT5M' }), handler: anHttpHandler() });
    const settings = aTaskSettings({ cadence: 'PT1H', timeoutAfterDuration: 'PT10M' });
    const handler = aServiceHandler();

    const { row } = putApiTask(existing, 'refresh', settings, handler, NOW);

    expect(row).toMatchObject({ settings, handler, source: 'api' });
  });

  it('recomputes the next run of an updated task from now', () => {
    const existing = aTaskRow({ source: 'api', handler: anHttpHandler(), settings: aTaskSettings({ cadence: 'PT5M' }), nextRunAt: at('2025-01-15T12:21:00Z') });

    const { row } = putApiTask(existing, 'task-a', aTaskSettings({ cadence: '0 * * * *' }), anHttpHandler(), NOW);

    expect(row.nextRunAt).toBe(at('2025-01-15T13:00:00Z'));
  });

  it('keeps the run, the last run and the pause of an updated task', () => {
    const run = aRunLease({ ticket: 'ticket-7' });
    const existing = aTaskRow({
      source: 'api',
      handler: anHttpHandler(),
      run,
      lastRunEndedAt: at('2025-01-15T11:50:00Z'),
      lastRunError: '{"name":"Error","message":"boom"}',
      isPaused: true,
    });

    const { row } = putApiTask(existing, 'task-a', aTaskSettings({ cadence: 'PT1H' }), anHttpHandler(), NOW);

    expect(row).toMatchObject({
      run,
      lastRunEndedAt: at('2025-01-15T11:50:00Z'),
      lastRunError: '{"name":"Error","message":"boom"}',
      isPaused: true,
    });
  });

  it('reports an updated task as not new', () => {
    const existing = aTaskRow({ source: 'api', handler: anHttpHandler() });

    const { isNew } = putApiTask(existing, 'task-a', aTaskSettings(), anHttpHandler(), NOW);

    expect(isNew).toBe(false);
  });

  it('refuses to replace a task defined in code with ConflictError', () => {
    const existing = aTaskRow({ taskId: 'x', source: 'code' });

    const error = catchError(() => putApiTask(existing, 'x', aTaskSettings(), anHttpHandler(), NOW));

    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toHaveProperty('message', 'Task x is defined in code and cannot be replaced over the API');
  });
});
