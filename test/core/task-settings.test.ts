import { describe, expect, it } from 'vitest';
import { describeCadenceProblem, parseCadence, taskSettingsSchema } from '../../src/core/task-settings.ts';
import { MINUTE_MS } from '../support/instants.ts';
import { aTaskSettings } from '../support/task-row-builder.ts';

describe('taskSettingsSchema', () => {
  // The settings Backstage stores and lists, as in its scheduler docs and `GET .../tasks` responses.
  it.each([
    { version: 2, cadence: '*/5 * * * *', timeoutAfterDuration: 'PT15M' },
    { version: 2, cadence: 'PT3M', initialDelayDuration: 'PT1M', timeoutAfterDuration: 'PT15M' },
    { version: 2, cadence: 'P1D', timeoutAfterDuration: 'PT1H' },
    { version: 2, cadence: 'manual', timeoutAfterDuration: 'PT30M' },
  ])('accepts Backstage settings with cadence $cadence', (settings) => {
    const result = taskSettingsSchema.safeParse(settings);

    expect(result).toEqual({ success: true, data: settings });
  });

  it('accepts our timeZone addition to a cron cadence', () => {
    const settings = { version: 2, cadence: '0 3 * * *', timeZone: 'Europe/Berlin', timeoutAfterDuration: 'PT1M' };

    const result = taskSettingsSchema.safeParse(settings);

    expect(result).toEqual({ success: true, data: settings });
  });

  it('rejects a zero timeout at timeoutAfterDuration', () => {
    const result = taskSettingsSchema.safeParse({ version: 2, cadence: 'PT5M', timeoutAfterDuration: 'PT0S' });

    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: ['timeoutAfterDuration'], message: 'must be longer than zero' }),
    ]);
  });

  it('rejects a timeout that is not ISO-8601 at timeoutAfterDuration', () => {
    const result = taskSettingsSchema.safeParse({ version: 2, cadence: 'PT5M', timeoutAfterDuration: '1 minute' });

    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: ['timeoutAfterDuration'], message: expect.stringContaining("'1 minute'") }),
    ]);
  });

  it('rejects a cadence that is neither manual, ISO-8601 nor cron at cadence', () => {
    const result = taskSettingsSchema.safeParse({ version: 2, cadence: 'every five minutes', timeoutAfterDuration: 'PT1M' });

    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ['cadence'] })]);
  });

  it('rejects a zero-length duration cadence, which would run back to back', () => {
    const result = taskSettingsSchema.safeParse({ version: 2, cadence: 'PT0S', timeoutAfterDuration: 'PT1M' });

    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: ['cadence'], message: "'PT0S' must be longer than zero" }),
    ]);
  });

  it('rejects a cron cadence in a zone that is not IANA at cadence', () => {
    const result = taskSettingsSchema.safeParse({
      version: 2,
      cadence: '0 3 * * *',
      timeZone: 'Berlin',
      timeoutAfterDuration: 'PT1M',
    });

    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ['cadence'] })]);
  });

  it('rejects settings of another version', () => {
    const result = taskSettingsSchema.safeParse({ version: 1, cadence: 'PT5M', timeoutAfterDuration: 'PT1M' });

    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ['version'] })]);
  });

  it('rejects a cadence that is not a string without throwing', () => {
    const result = taskSettingsSchema.safeParse({ version: 2, cadence: 300, timeoutAfterDuration: 'PT1M' });

    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ['cadence'], code: 'invalid_type' })]);
  });
});

describe('describeCadenceProblem', () => {
  it('accepts manual', () => {
    const problem = describeCadenceProblem('manual');

    expect(problem).toBeUndefined();
  });

  it('names a malformed ISO-8601 cadence', () => {
    const problem = describeCadenceProblem('PT5X');

    expect(problem).toBe("'PT5X' is not an ISO-8601 duration such as PT30S");
  });
});

describe('parseCadence', () => {
  it('reads manual as a manual cadence', () => {
    const cadence = parseCadence(aTaskSettings({ cadence: 'manual' }));

    expect(cadence).toEqual({ type: 'manual' });
  });

  it('reads a cadence starting with P as a duration in milliseconds', () => {
    const cadence = parseCadence(aTaskSettings({ cadence: 'PT5M' }));

    expect(cadence).toEqual({ type: 'duration', ms: 5 * MINUTE_MS });
  });

  it('reads anything else as cron in UTC', () => {
    const cadence = parseCadence(aTaskSettings({ cadence: '*/10 * * * *' }));

    expect(cadence).toEqual({ type: 'cron', expression: '*/10 * * * *', timeZone: undefined });
  });

  it('reads a cron cadence together with its zone', () => {
    const cadence = parseCadence(aTaskSettings({ cadence: '0 3 * * *', timeZone: 'Europe/Berlin' }));

    expect(cadence).toEqual({ type: 'cron', expression: '0 3 * * *', timeZone: 'Europe/Berlin' });
  });
});
