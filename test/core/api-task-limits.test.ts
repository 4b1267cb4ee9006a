import { describe, expect, it } from 'vitest';
import {
  apiTaskLimitsOf,
  assertCadenceAllowed,
  assertTaskCountAllowed,
  DEFAULT_API_TASK_LIMITS,
  tooManyPluginsError,
} from '../../src/core/api-task-limits.ts';
import { ConflictError, InputError } from '../../src/core/errors.ts';
import { catchError } from '../support/catch-error.ts';
import { aTaskSettings } from '../support/task-row-builder.ts';

const limitOf = (minCadenceMs: number) => ({ ...DEFAULT_API_TASK_LIMITS, minCadenceMs });

describe('apiTaskLimitsOf', () => {
  it('takes the defaults without bindings: 1 s, 10,000 tasks per plugin, 1,000 plugins', () => {
    expect(apiTaskLimitsOf({})).toEqual({ minCadenceMs: 1_000, maxTasksPerPlugin: 10_000, maxPlugins: 1_000 });
  });

  it('reads each binding', () => {
    const limits = apiTaskLimitsOf({ SCHEDULER_MIN_API_CADENCE: 'PT1M', SCHEDULER_MAX_API_TASKS: '50', SCHEDULER_MAX_API_PLUGINS: '3' });

    expect(limits).toEqual({ minCadenceMs: 60_000, maxTasksPerPlugin: 50, maxPlugins: 3 });
  });

  it('refuses a binding that does not parse, naming it', () => {
    expect(() => apiTaskLimitsOf({ SCHEDULER_MIN_API_CADENCE: 'every minute' })).toThrow(/^SCHEDULER_MIN_API_CADENCE is invalid: /);
    expect(() => apiTaskLimitsOf({ SCHEDULER_MAX_API_TASKS: '0' })).toThrow(/^SCHEDULER_MAX_API_TASKS is invalid: expected a whole number/);
    expect(() => apiTaskLimitsOf({ SCHEDULER_MAX_API_PLUGINS: '2.5' })).toThrow(/^SCHEDULER_MAX_API_PLUGINS is invalid/);
  });
});

describe('assertCadenceAllowed', () => {
  it('refuses a duration shorter than the limit, and says both', () => {
    const error = catchError(() => assertCadenceAllowed(aTaskSettings({ cadence: 'PT0.5S' }), limitOf(1_000)));

    expect(error).toBeInstanceOf(InputError);
    expect(error).toHaveProperty(
      'message',
      'frequency runs the task every 500ms; tasks defined over the API may run at most every 1s (SCHEDULER_MIN_API_CADENCE)',
    );
  });

  it('accepts a duration at the limit, and manual tasks under any limit', () => {
    expect(() => assertCadenceAllowed(aTaskSettings({ cadence: 'PT1S' }), limitOf(1_000))).not.toThrow();
    expect(() => assertCadenceAllowed(aTaskSettings({ cadence: 'manual' }), limitOf(3_600_000))).not.toThrow();
  });

  it("finds a seconds cron's shortest gap, even one that occurs only at the turn of a minute", () => {
    expect(() => assertCadenceAllowed(aTaskSettings({ cadence: '*/10 * * * * *' }), limitOf(10_000))).not.toThrow();
    expect(catchError(() => assertCadenceAllowed(aTaskSettings({ cadence: '*/10 * * * * *' }), limitOf(15_000)))).toHaveProperty(
      'message',
      expect.stringContaining('every 10s;'),
    );
    expect(catchError(() => assertCadenceAllowed(aTaskSettings({ cadence: '0,59 * * * * *' }), limitOf(5_000)))).toHaveProperty(
      'message',
      expect.stringContaining('every 1s;'),
    );
  });

  it('accepts a five-field cron under a limit of a minute or less, and measures it under a longer one', () => {
    expect(() => assertCadenceAllowed(aTaskSettings({ cadence: '* * * * *' }), limitOf(60_000))).not.toThrow();
    expect(() => assertCadenceAllowed(aTaskSettings({ cadence: '*/5 * * * *' }), limitOf(300_000))).not.toThrow();
    expect(catchError(() => assertCadenceAllowed(aTaskSettings({ cadence: '0,1 * * * *' }), limitOf(120_000)))).toHaveProperty(
      'message',
      expect.stringContaining('every 60s;'),
    );
  });
});

describe('assertTaskCountAllowed', () => {
  const limits = { ...DEFAULT_API_TASK_LIMITS, maxTasksPerPlugin: 3 };

  it('allows up to the limit, and any update of existing tasks', () => {
    expect(() => assertTaskCountAllowed('p', 1, 2, limits)).not.toThrow();
    expect(() => assertTaskCountAllowed('p', 5, 0, limits)).not.toThrow();
  });

  it('refuses one task more with a ConflictError naming the plugin and the limit', () => {
    const error = catchError(() => assertTaskCountAllowed('p', 3, 1, limits));

    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toHaveProperty('message', "Plugin 'p' would hold 4 tasks defined over the API; at most 3 are allowed (SCHEDULER_MAX_API_TASKS)");
  });

  it('names the plugin limit when a plugin is one too many', () => {
    expect(tooManyPluginsError('q', { ...limits, maxPlugins: 2 }).message).toBe(
      "Plugin 'q' cannot define its first task over the API: 2 plugins already hold such tasks, the most allowed (SCHEDULER_MAX_API_PLUGINS)",
    );
  });
});
