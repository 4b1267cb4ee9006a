import { describe, expect, it } from 'vitest';
import { taskResponseSchema } from '../../src/http/schemas.ts';
import { toTaskResponse } from '../../src/http/task-response.ts';
import { aTaskSnapshot } from '../support/task-snapshot.ts';

const STARTED_AT = Date.UTC(2026, 2, 29, 0, 59, 59, 999);
const TIMES_OUT_AT = Date.UTC(2026, 2, 29, 1, 4, 59, 999);

describe('toTaskResponse', () => {
  it('stamps the task with the given plugin id', () => {
    const response = toTaskResponse('catalog', aTaskSnapshot());

    expect(response.pluginId).toBe('catalog');
  });

  it('passes taskId, scope, settings and workerState through unchanged', () => {
    const snapshot = aTaskSnapshot({
      taskId: 'sync',
      scope: 'local',
      settings: { version: 2, cadence: '0 3 * * *', timeZone: 'Europe/Paris', timeoutAfterDuration: 'PT1H' },
      workerState: { status: 'initial-wait' },
    });

    const response = toTaskResponse('catalog', snapshot);

    expect(response).toMatchObject({
      taskId: 'sync',
      scope: 'local',
      settings: { version: 2, cadence: '0 3 * * *', timeZone: 'Europe/Paris', timeoutAfterDuration: 'PT1H' },
      workerState: { status: 'initial-wait' },
    });
  });

  it('formats a running task\'s startedAt and timesOutAt as ISO-8601 UTC', () => {
    const snapshot = aTaskSnapshot({ taskState: { status: 'running', startedAt: STARTED_AT, timesOutAt: TIMES_OUT_AT } });

    const response = toTaskResponse('catalog', snapshot);

    expect(response.taskState).toStrictEqual({
      status: 'running',
      startedAt: '2026-03-29T00:59:59.999Z',
      timesOutAt: '2026-03-29T01:04:59.999Z',
    });
  });

  it('formats an idle task\'s startsAt as ISO-8601 UTC', () => {
    const snapshot = aTaskSnapshot({ taskState: { status: 'idle', startsAt: STARTED_AT } });

    const response = toTaskResponse('catalog', snapshot);

    expect(response.taskState).toStrictEqual({ status: 'idle', startsAt: '2026-03-29T00:59:59.999Z' });
  });

  it('leaves startsAt out for an idle task with no next run', () => {
    const snapshot = aTaskSnapshot({ taskState: { status: 'idle' } });

    const response = toTaskResponse('catalog', snapshot);

    expect(response.taskState).toStrictEqual({ status: 'idle' });
  });

  it('keeps an instant of zero rather than treating it as absent', () => {
    const snapshot = aTaskSnapshot({ taskState: { status: 'idle', startsAt: 0, lastRunEndedAt: 0 } });

    const response = toTaskResponse('catalog', snapshot);

    expect(response.taskState).toStrictEqual({
      status: 'idle',
      startsAt: '1970-01-01T00:00:00.000Z',
      lastRunEndedAt: '1970-01-01T00:00:00.000Z',
    });
  });

  it('passes lastRunError through as the same string', () => {
    const lastRunError = JSON.stringify({ name: 'Error', message: 'quota "exceeded"\nretry later' });
    const snapshot = aTaskSnapshot({ taskState: { status: 'idle', lastRunError } });

    const response = toTaskResponse('catalog', snapshot);

    expect(response.taskState.lastRunError).toBe(lastRunError);
  });

  it('keeps an empty lastRunError rather than dropping it', () => {
    const snapshot = aTaskSnapshot({ taskState: { status: 'idle', lastRunError: '' } });

    const response = toTaskResponse('catalog', snapshot);

    expect(response.taskState).toStrictEqual({ status: 'idle', lastRunError: '' });
  });

  it('keeps the last run\'s outcome on a running task', () => {
    const lastRunError = JSON.stringify({ name: 'Error', message: 'timed out' });
    const snapshot = aTaskSnapshot({
      taskState: { status: 'running', startedAt: STARTED_AT, timesOutAt: TIMES_OUT_AT, lastRunError, lastRunEndedAt: 0 },
    });

    const response = toTaskResponse('catalog', snapshot);

    expect(response.taskState).toStrictEqual({
      status: 'running',
      startedAt: '2026-03-29T00:59:59.999Z',
      timesOutAt: '2026-03-29T01:04:59.999Z',
      lastRunError,
      lastRunEndedAt: '1970-01-01T00:00:00.000Z',
    });
  });

  it('produces a body the response schema accepts', () => {
    const snapshot = aTaskSnapshot({
      taskState: { status: 'running', startedAt: STARTED_AT, timesOutAt: TIMES_OUT_AT, lastRunError: '{}', lastRunEndedAt: 1 },
    });

    const response = toTaskResponse('catalog', snapshot);

    expect(taskResponseSchema.safeParse(response).success).toBe(true);
  });
});
