import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConflictError, InputError, NotFoundError } from '../../../src/core/errors.ts';
import { clearOverride, overrideTask } from '../../../src/core/transitions/override.ts';
import { registerTask } from '../../../src/core/transitions/register.ts';
import { catchError } from '../../support/catch-error.ts';
import { at } from '../../support/instants.ts';
import { anHttpHandler } from '../../support/task-handler-builder.ts';
import { aRunLease, aTaskRow, aTaskSettings } from '../../support/task-row-builder.ts';

const NOW = at('2025-01-15T12:20:00Z');
const code = aTaskSettings({ cadence: 'PT1H', timeoutAfterDuration: 'PT5M' });
const aCodeTask = () => aTaskRow({ taskId: 'sync', settings: code, nextRunAt: at('2025-01-15T13:00:00Z') });

describe('overrideTask', () => {
  it('lays the override over the code settings, keeps them beneath it, and moves the next run to the new cadence', () => {
    const row = overrideTask(aCodeTask(), 'sync', { cadence: 'PT5M' }, NOW);

    expect(row.settings).toEqual({ ...code, cadence: 'PT5M' });
    expect(row.override).toEqual({ settings: { cadence: 'PT5M' }, codeSettings: code, setAt: NOW });
    expect(row.nextRunAt).toBe(NOW + 5 * 60_000);
  });

  it('keeps the next run when the cadence is unchanged, and a running run and the pause state always', () => {
    const running = { ...aCodeTask(), run: aRunLease(), isPaused: true };

    const row = overrideTask(running, 'sync', { timeoutAfterDuration: 'PT30M' }, NOW);

    expect(row).toMatchObject({ nextRunAt: running.nextRunAt, run: running.run, isPaused: true });
    expect(row.settings.timeoutAfterDuration).toBe('PT30M');
  });

  it('lays a second override over the first, and a cadence without a zone drops the code zone', () => {
    const zoned = aTaskRow({ settings: aTaskSettings({ cadence: '0 3 * * *', timeZone: 'Europe/Berlin' }) });

    const first = overrideTask(zoned, 'task-a', { timeoutAfterDuration: 'PT2M' }, NOW);
    const second = overrideTask(first, 'task-a', { cadence: 'PT10M' }, NOW + 1);

    expect(second.override?.settings).toEqual({ timeoutAfterDuration: 'PT2M', cadence: 'PT10M' });
    expect(second.settings).toEqual(aTaskSettings({ cadence: 'PT10M', timeoutAfterDuration: 'PT2M' }));
    expect(second.override?.codeSettings).toEqual(zoned.settings);
  });

  it('refuses an unknown task with 404, an API task with 409, and settings that are invalid together with 400', () => {
    const api = aTaskRow({ source: 'api', handler: anHttpHandler() });

    expect(catchError(() => overrideTask(undefined, 'gone', { cadence: 'PT5M' }, NOW))).toBeInstanceOf(NotFoundError);
    expect(catchError(() => overrideTask(api, 'task-a', { cadence: 'PT5M' }, NOW))).toBeInstanceOf(ConflictError);
    const invalid = catchError(() => overrideTask(aCodeTask(), 'sync', { cadence: 'not a cron' }, NOW));
    expect(invalid).toBeInstanceOf(InputError);
    expect((invalid as Error).message).toMatch(/^override\.cadence: /);
  });

  it("refuses overlap 'allow', which only tasks defined over the API may have, changing nothing", () => {
    const code = aCodeTask();

    const error = catchError(() => overrideTask(code, 'sync', { overlap: 'allow', maxConcurrentRuns: 2 }, NOW));

    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe("override.overlap: 'allow' applies only to tasks defined over the API");
    expect(code.override).toBeUndefined();
  });
});

describe('clearOverride', () => {
  it("returns the task to its code's settings and cadence", () => {
    const overridden = overrideTask(aCodeTask(), 'sync', { cadence: 'PT5M' }, NOW);

    const row = clearOverride(overridden, 'sync', NOW + 60_000);

    expect(row.settings).toEqual(code);
    expect(row).not.toHaveProperty('override');
    expect(row.nextRunAt).toBe(NOW + 60_000 + 60 * 60_000);
  });

  it('answers 404 for a task without an override', () => {
    const error = catchError(() => clearOverride(aCodeTask(), 'sync', NOW));

    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toHaveProperty('message', 'Task sync has no override');
  });
});

describe('an override across deployments', () => {
  it('survives a registration with the same code, writing nothing', () => {
    const overridden = overrideTask(aCodeTask(), 'sync', { cadence: 'PT5M' }, NOW);

    expect(registerTask(overridden, 'sync', code, NOW + 1)).toBe(overridden);
  });

  it('is laid over changed code settings, which become the ones beneath it', () => {
    const overridden = overrideTask(aCodeTask(), 'sync', { cadence: 'PT5M' }, NOW);
    const newCode = aTaskSettings({ cadence: 'PT2H', timeoutAfterDuration: 'PT9M' });

    const row = registerTask(overridden, 'sync', newCode, NOW + 1);

    expect(row.settings).toEqual({ ...newCode, cadence: 'PT5M' });
    expect(row.override).toEqual({ settings: { cadence: 'PT5M' }, codeSettings: newCode, setAt: NOW });
  });

  it('holds for any override and any code: the effective settings are the code with the override laid over it', () => {
    const settingsArbitrary = fc.record({
      cadence: fc.constantFrom('PT1M', 'PT1H', '0 3 * * *', 'manual'),
      timeoutAfterDuration: fc.constantFrom('PT1M', 'PT10M'),
      initialDelayDuration: fc.option(fc.constantFrom('PT0S', 'PT5M'), { nil: undefined }),
    });
    fc.assert(
      fc.property(settingsArbitrary, settingsArbitrary, fc.subarray(['cadence', 'timeoutAfterDuration'] as const, { minLength: 1 }), (before, after, fields) => {
        const codeBefore = aTaskSettings(JSON.parse(JSON.stringify(before)));
        const codeAfter = aTaskSettings(JSON.parse(JSON.stringify(after)));
        const override = Object.fromEntries(fields.map((field) => [field, field === 'cadence' ? 'PT7M' : 'PT3M']));
        const overridden = overrideTask(aTaskRow({ settings: codeBefore }), 'task-a', override, NOW);

        const redeployed = registerTask(overridden, 'task-a', codeAfter, NOW + 1);

        expect(redeployed.settings).toEqual(aTaskSettings({ ...JSON.parse(JSON.stringify(after)), ...override }));
        expect(redeployed.override?.codeSettings).toEqual(codeAfter);
        expect(clearOverride(redeployed, 'task-a', NOW + 2).settings).toEqual(codeAfter);
      }),
    );
  });
});
