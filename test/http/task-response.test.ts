import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/core/task-row.ts';
import { runResponseSchema, taskResponseSchema } from '../../src/http/schemas.ts';
import { concatJsonArrays, renderTask, renderTaskList, toRunResponse, toTaskResponse } from '../../src/http/task-response.ts';
import { at } from '../support/instants.ts';
import { anHttpHandler, aServiceHandler } from '../support/task-handler-builder.ts';
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

  it('shows where the task is defined', () => {
    const response = toTaskResponse('catalog', aTaskSnapshot({ source: 'api' }));

    expect(response.source).toBe('api');
  });

  it('leaves source and handler out for a task that has neither', () => {
    const response = toTaskResponse('catalog', aTaskSnapshot());

    expect(Object.keys(response)).toEqual(['taskId', 'pluginId', 'scope', 'settings', 'taskState', 'workerState']);
  });

  it('shows an HTTP handler\'s header names with their values redacted', () => {
    const handler = anHttpHandler({ headers: { Authorization: 'Bearer secret', 'X-Api-Key': 'k-123' } });

    const response = toTaskResponse('catalog', aTaskSnapshot({ source: 'api', handler }));

    expect(response.handler).toStrictEqual({
      url: 'https://hooks.example.com/refresh',
      method: 'POST',
      headers: { Authorization: '[redacted]', 'X-Api-Key': '[redacted]' },
    });
  });

  it('redacts a service handler\'s header values too', () => {
    const handler = aServiceHandler({ headers: { Authorization: 'Bearer secret' } });

    const response = toTaskResponse('catalog', aTaskSnapshot({ source: 'api', handler }));

    expect(response.handler).toMatchObject({ service: 'HANDLER_SERVICE', headers: { Authorization: '[redacted]' } });
  });

  it('shows a handler\'s body, which is not a credential', () => {
    const handler = anHttpHandler({ body: '{"full":true}' });

    const response = toTaskResponse('catalog', aTaskSnapshot({ source: 'api', handler }));

    expect(response.handler).toStrictEqual({ url: 'https://hooks.example.com/refresh', method: 'POST', body: '{"full":true}' });
  });

  it('leaves the snapshot\'s headers untouched', () => {
    const handler = anHttpHandler({ headers: { Authorization: 'Bearer secret' } });

    toTaskResponse('catalog', aTaskSnapshot({ source: 'api', handler }));

    expect(handler.headers).toEqual({ Authorization: 'Bearer secret' });
  });
});

/** A run that failed at 12:00:30 on 2025-01-15. */
function aRunRecord(overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    taskId: 'refresh',
    ticket: 'ticket-1',
    cause: 'recovery',
    scheduledFor: at('2025-01-15T12:00:00Z'),
    startedAt: at('2025-01-15T12:00:01.250Z'),
    endedAt: at('2025-01-15T12:00:30Z'),
    outcome: 'failed',
    error: '{"name":"Error","message":"boom"}',
    ...overrides,
  };
}

describe('renderTaskList', () => {
  it('writes the same JSON as the tasks turned into responses one by one, so GET answers byte for byte as before', () => {
    const snapshots = [aTaskSnapshot({ taskId: 'a' }), aTaskSnapshot({ taskId: 'b', handler: anHttpHandler({ headers: { Authorization: 'secret' } }) })];

    const text = renderTaskList('catalog', snapshots);

    expect(text).toBe(JSON.stringify(snapshots.map((snapshot) => toTaskResponse('catalog', snapshot))));
    expect(text).toBe(`[${snapshots.map((snapshot) => renderTask('catalog', snapshot)).join(',')}]`);
    expect(text).not.toContain('secret');
  });
});

describe('concatJsonArrays', () => {
  it("joins two arrays' texts, the first's items first", () => {
    expect(JSON.parse(concatJsonArrays('[1,{"a":[2]}]', '[3]'))).toEqual([1, { a: [2] }, 3]);
  });

  it('returns the other array when one is empty', () => {
    expect(concatJsonArrays('[]', '[3]')).toBe('[3]');
    expect(concatJsonArrays('[1]', '[]')).toBe('[1]');
    expect(concatJsonArrays('[]', '[]')).toBe('[]');
  });
});

describe('toRunResponse', () => {
  it('shows the run\'s ticket, cause as trigger, outcome and error, with times in ISO-8601 UTC', () => {
    const response = toRunResponse(aRunRecord());

    expect(response).toStrictEqual({
      ticket: 'ticket-1',
      trigger: 'recovery',
      scheduledFor: '2025-01-15T12:00:00.000Z',
      startedAt: '2025-01-15T12:00:01.250Z',
      endedAt: '2025-01-15T12:00:30.000Z',
      outcome: 'failed',
      error: '{"name":"Error","message":"boom"}',
    });
  });

  it('leaves the error out, rather than null, for a run that succeeded', () => {
    const response = toRunResponse(aRunRecord({ outcome: 'succeeded', error: null }));

    expect(response).not.toHaveProperty('error');
  });

  it('produces a body the response schema accepts', () => {
    const response = toRunResponse(aRunRecord({ outcome: 'lost' }));

    expect(runResponseSchema.safeParse(response).success).toBe(true);
  });
});
