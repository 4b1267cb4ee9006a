import { describe, expect, it } from 'vitest';
import { DEFAULT_API_TASK_LIMITS } from '../../../src/core/api-task-limits.ts';
import { ConflictError, InputError } from '../../../src/core/errors.ts';
import type { ApiTaskDefinition } from '../../../src/core/task-batch.ts';
import type { TaskRow } from '../../../src/core/task-row.ts';
import { putApiTask } from '../../../src/core/transitions/put-api-task.ts';
import { putApiTasks } from '../../../src/core/transitions/put-api-tasks.ts';
import { catchError } from '../../support/catch-error.ts';
import { at } from '../../support/instants.ts';
import { aHandlerPolicy, anHttpHandler } from '../../support/task-handler-builder.ts';
import { aRunLease, aTaskRow, aTaskSettings } from '../../support/task-row-builder.ts';

const NOW = at('2025-01-15T12:20:00Z');

function aDefinition(taskId: string, overrides: Partial<ApiTaskDefinition> = {}): ApiTaskDefinition {
  return { taskId, settings: aTaskSettings({ cadence: 'PT5M' }), handler: anHttpHandler(), ...overrides };
}

/** A lookup over the given stored rows, as the adapter reads them. */
function storedRows(...rows: TaskRow[]): (taskId: string) => TaskRow | undefined {
  const byId = new Map(rows.map((row) => [row.taskId, row]));
  return (taskId) => byId.get(taskId);
}

describe('putApiTasks', () => {
  it('returns one row per definition, in the order given', () => {
    const results = putApiTasks(storedRows(), [aDefinition('b'), aDefinition('a')], aHandlerPolicy(), DEFAULT_API_TASK_LIMITS, NOW);

    expect(results.map(({ row }) => row.taskId)).toEqual(['b', 'a']);
  });

  it('builds each row as putApiTask does', () => {
    const existing = aTaskRow({ taskId: 'kept', source: 'api', handler: anHttpHandler(), run: aRunLease(), isPaused: true });
    const definitions = [aDefinition('kept', { settings: aTaskSettings({ cadence: 'PT1H' }) }), aDefinition('fresh')];

    const results = putApiTasks(storedRows(existing), definitions, aHandlerPolicy(), DEFAULT_API_TASK_LIMITS, NOW);

    expect(results).toStrictEqual([
      putApiTask(existing, 'kept', definitions[0]!.settings, definitions[0]!.handler, NOW),
      putApiTask(undefined, 'fresh', definitions[1]!.settings, definitions[1]!.handler, NOW),
    ]);
  });

  it('reports which tasks are new and which were replaced', () => {
    const existing = aTaskRow({ taskId: 'old', source: 'api', handler: anHttpHandler() });

    const results = putApiTasks(storedRows(existing), [aDefinition('old'), aDefinition('new')], aHandlerPolicy(), DEFAULT_API_TASK_LIMITS, NOW);

    expect(results.map(({ isNew }) => isNew)).toEqual([false, true]);
  });

  it('refuses the whole batch with ConflictError naming an item that is a task defined in code', () => {
    const code = aTaskRow({ taskId: 'manual', source: 'code' });

    const error = catchError(() => putApiTasks(storedRows(code), [aDefinition('a'), aDefinition('manual')], aHandlerPolicy(), DEFAULT_API_TASK_LIMITS, NOW));

    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toHaveProperty('message', "tasks[1] ('manual'): Task manual is defined in code and cannot be replaced over the API");
  });

  it('refuses the whole batch with InputError naming an item whose handler the policy refuses', () => {
    const definitions = [aDefinition('a'), aDefinition('evil', { handler: anHttpHandler({ url: 'https://evil.example/' }) })];

    const error = catchError(() => putApiTasks(storedRows(), definitions, aHandlerPolicy(), DEFAULT_API_TASK_LIMITS, NOW));

    expect(error).toBeInstanceOf(InputError);
    expect(error).toHaveProperty('message', "tasks[1] ('evil'): handler.url host 'evil.example' is not in SCHEDULER_ALLOWED_HOSTS");
  });

  it('refuses a batch that lists a task twice', () => {
    const error = catchError(() => putApiTasks(storedRows(), [aDefinition('a'), aDefinition('a')], aHandlerPolicy(), DEFAULT_API_TASK_LIMITS, NOW));

    expect(error).toBeInstanceOf(InputError);
    expect(error).toHaveProperty('message', "tasks[1] ('a'): task id 'a' is listed twice, first as tasks[0]");
  });

  it('refuses an empty batch', () => {
    const error = catchError(() => putApiTasks(storedRows(), [], aHandlerPolicy(), DEFAULT_API_TASK_LIMITS, NOW));

    expect(error).toBeInstanceOf(InputError);
  });

  it('refuses the whole batch with InputError naming an item whose cadence is below the limit', () => {
    const fast = aDefinition('fast', { settings: aTaskSettings({ cadence: 'PT2S' }) });
    const limits = { ...DEFAULT_API_TASK_LIMITS, minCadenceMs: 5_000 };

    const error = catchError(() => putApiTasks(storedRows(), [aDefinition('a'), fast], aHandlerPolicy(), limits, NOW));

    expect(error).toBeInstanceOf(InputError);
    expect(error).toHaveProperty(
      'message',
      "tasks[1] ('fast'): frequency runs the task every 2s; tasks defined over the API may run at most every 5s (SCHEDULER_MIN_API_CADENCE)",
    );
  });
});
