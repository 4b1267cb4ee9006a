import { Duration } from 'luxon';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { MAX_TASK_ID_LENGTH, toTaskSettings } from '../../src/core/schedule-definition.ts';
import { catchError } from '../support/catch-error.ts';
import { aScheduleDefinition } from '../support/schedule-definition-builder.ts';

describe('toTaskSettings', () => {
  it('stores a cron frequency as the cadence, in UTC', () => {
    const settings = toTaskSettings('nightly-report', aScheduleDefinition({ frequency: { cron: '0 3 * * *' } }));

    expect(settings).toStrictEqual({ version: 2, cadence: '0 3 * * *', timeoutAfterDuration: 'PT1M' });
  });

  it('stores the zone of a cron frequency', () => {
    const schedule = aScheduleDefinition({ frequency: { cron: '0 3 * * *', timeZone: 'Europe/Berlin' } });

    const settings = toTaskSettings('nightly-report', schedule);

    expect(settings).toStrictEqual({
      version: 2,
      cadence: '0 3 * * *',
      timeZone: 'Europe/Berlin',
      timeoutAfterDuration: 'PT1M',
    });
  });

  it('trims the whitespace around a cron expression', () => {
    const settings = toTaskSettings('nightly-report', aScheduleDefinition({ frequency: { cron: ' 0 3 * * * ' } }));

    expect(settings.cadence).toBe('0 3 * * *');
  });

  it('keeps an ISO-8601 frequency as it is', () => {
    const settings = toTaskSettings('refresh', aScheduleDefinition({ frequency: 'PT30M' }));

    expect(settings.cadence).toBe('PT30M');
  });

  it('turns a HumanDuration frequency into ISO-8601', () => {
    const settings = toTaskSettings('refresh', aScheduleDefinition({ frequency: { hours: 1, minutes: 30 } }));

    expect(settings.cadence).toBe('PT1H30M');
  });

  it('turns a luxon Duration frequency into ISO-8601', () => {
    const settings = toTaskSettings('refresh', aScheduleDefinition({ frequency: Duration.fromObject({ minutes: 10 }) }));

    expect(settings.cadence).toBe('PT10M');
  });

  it('stores a manual trigger as the manual cadence', () => {
    const settings = toTaskSettings('reindex', aScheduleDefinition({ frequency: { trigger: 'manual' } }));

    expect(settings).toStrictEqual({ version: 2, cadence: 'manual', timeoutAfterDuration: 'PT1M' });
  });

  it('turns the timeout into ISO-8601', () => {
    const settings = toTaskSettings('refresh', aScheduleDefinition({ timeout: Duration.fromObject({ seconds: 90 }) }));

    expect(settings.timeoutAfterDuration).toBe('PT90S');
  });

  it('stores the initial delay in ISO-8601', () => {
    const settings = toTaskSettings('refresh', aScheduleDefinition({ initialDelay: { seconds: 10 } }));

    expect(settings).toStrictEqual({
      version: 2,
      cadence: 'PT5M',
      initialDelayDuration: 'PT10S',
      timeoutAfterDuration: 'PT1M',
    });
  });

  it('accepts a zero initial delay', () => {
    const settings = toTaskSettings('refresh', aScheduleDefinition({ initialDelay: 'PT0S' }));

    expect(settings.initialDelayDuration).toBe('PT0S');
  });

  it.each(['global', 'local'])('accepts the %s scope without storing it in the settings', (scope) => {
    const settings = toTaskSettings('refresh', aScheduleDefinition({ scope }));

    expect(settings).toStrictEqual({ version: 2, cadence: 'PT5M', timeoutAfterDuration: 'PT1M' });
  });

  it('rejects an empty id as an InputError naming the id', () => {
    const error = catchError(() => toTaskSettings('', aScheduleDefinition()));

    expect(error).toBeInstanceOf(InputError);
    expect(error).toHaveProperty('message', '"" is not a valid task id, expected a non-empty string');
  });

  it('rejects a whitespace id as an InputError naming the id', () => {
    const error = catchError(() => toTaskSettings('   ', aScheduleDefinition()));

    expect(error).toBeInstanceOf(InputError);
    expect(error).toHaveProperty('message', '"   " is not a valid task id, expected a non-empty string');
  });

  it('rejects an id that is not a string as an InputError naming the value', () => {
    const error = catchError(() => toTaskSettings(42, aScheduleDefinition()));

    expect(error).toBeInstanceOf(InputError);
    expect(error).toHaveProperty('message', '42 is not a valid task id, expected a non-empty string');
  });

  it('rejects an id with control characters as an InputError naming the id', () => {
    const error = catchError(() => toTaskSettings('report\nnightly', aScheduleDefinition()));

    expect(error).toBeInstanceOf(InputError);
    expect(error).toHaveProperty('message', 'Task id "report\\nnightly" contains control characters');
  });

  it('rejects an over-long id as an InputError quoting its start, its length and the limit', () => {
    const id = 'x'.repeat(MAX_TASK_ID_LENGTH + 1);

    const error = catchError(() => toTaskSettings(id, aScheduleDefinition()));

    expect(error).toBeInstanceOf(InputError);
    expect(error).toHaveProperty('message', `Task id "${'x'.repeat(40)}…" is 201 characters long; at most 200 are allowed`);
  });

  it('accepts an id of exactly the maximum length', () => {
    const id = 'x'.repeat(MAX_TASK_ID_LENGTH);

    const settings = toTaskSettings(id, aScheduleDefinition());

    expect(settings.cadence).toBe('PT5M');
  });

  it('rejects a schedule that is not an object as an InputError naming the task', () => {
    const error = catchError(() => toTaskSettings('refresh', 'PT5M'));

    expect(error).toBeInstanceOf(InputError);
    expect(error).toHaveProperty(
      'message',
      "Invalid schedule for task 'refresh': expected an object with frequency and timeout",
    );
  });

  it('rejects an invalid cron expression as an InputError naming the task and frequency', () => {
    const error = catchError(() => toTaskSettings('nightly-report', aScheduleDefinition({ frequency: { cron: 'H 3 * * *' } })));

    expect(error).toBeInstanceOf(InputError);
    expect(error).toHaveProperty(
      'message',
      "Invalid schedule for task 'nightly-report': frequency cron expression 'H 3 * * *' uses H, which is not supported",
    );
  });

  it('rejects a cron expression with too few fields as an InputError naming the task and frequency', () => {
    const error = catchError(() => toTaskSettings('nightly-report', aScheduleDefinition({ frequency: { cron: '0 3 * *' } })));

    expect(error).toBeInstanceOf(InputError);
    expect(error).toHaveProperty('message', expect.stringMatching(/^Invalid schedule for task 'nightly-report': frequency .*4 fields/));
  });

  it('rejects a cron expression that is not a string as an InputError naming the task and frequency.cron', () => {
    const error = catchError(() => toTaskSettings('nightly-report', aScheduleDefinition({ frequency: { cron: 3 } })));

    expect(error).toBeInstanceOf(InputError);
    expect(error).toHaveProperty('message', "Invalid schedule for task 'nightly-report': frequency.cron must be a string");
  });

  it('rejects an unknown property beside cron as an InputError naming the task and the property', () => {
    const schedule = aScheduleDefinition({ frequency: { cron: '0 3 * * *', timezone: 'Europe/Berlin' } });

    const error = catchError(() => toTaskSettings('nightly-report', schedule));

    expect(error).toBeInstanceOf(InputError);
    expect(error).toHaveProperty(
      'message',
      "Invalid schedule for task 'nightly-report': frequency has unknown property 'timezone'",
    );
  });

  it('rejects an invalid zone as an InputError naming the task and frequency.timeZone', () => {
    const schedule = aScheduleDefinition({ frequency: { cron: '0 3 * * *', timeZone: 'Berlin' } });

    const error = catchError(() => toTaskSettings('nightly-report', schedule));

    expect(error).toBeInstanceOf(InputError);
    expect(error).toHaveProperty(
      'message',
      "Invalid schedule for task 'nightly-report': frequency.timeZone 'Berlin' is not an IANA time zone such as Europe/Berlin",
    );
  });

  it('rejects a trigger other than manual as an InputError naming the task and frequency.trigger', () => {
    const error = catchError(() => toTaskSettings('reindex', aScheduleDefinition({ frequency: { trigger: 'auto' } })));

    expect(error).toBeInstanceOf(InputError);
    expect(error).toHaveProperty('message', "Invalid schedule for task 'reindex': frequency.trigger must be 'manual'");
  });

  it('rejects an invalid duration frequency as an InputError naming the task and frequency', () => {
    const error = catchError(() => toTaskSettings('refresh', aScheduleDefinition({ frequency: 'PT5X' })));

    expect(error).toBeInstanceOf(InputError);
    expect(error).toHaveProperty(
      'message',
      "Invalid schedule for task 'refresh': frequency 'PT5X' is not an ISO-8601 duration such as PT30S",
    );
  });

  it('rejects a frequency with an unknown unit as an InputError naming the task and frequency', () => {
    const error = catchError(() => toTaskSettings('refresh', aScheduleDefinition({ frequency: { fortnights: 1 } })));

    expect(error).toBeInstanceOf(InputError);
    expect(error).toHaveProperty(
      'message',
      expect.stringMatching(/^Invalid schedule for task 'refresh': frequency unknown unit 'fortnights'/),
    );
  });

  it('rejects a zero frequency as an InputError naming the task and frequency', () => {
    const error = catchError(() => toTaskSettings('refresh', aScheduleDefinition({ frequency: { minutes: 0 } })));

    expect(error).toBeInstanceOf(InputError);
    expect(error).toHaveProperty('message', expect.stringMatching(/^Invalid schedule for task 'refresh': frequency '.*' must be longer than zero$/));
  });

  it('rejects a missing frequency as an InputError naming the task and frequency', () => {
    const error = catchError(() => toTaskSettings('refresh', aScheduleDefinition({ frequency: undefined })));

    expect(error).toBeInstanceOf(InputError);
    expect(error).toHaveProperty('message', "Invalid schedule for task 'refresh': frequency is required");
  });

  it('rejects a zero timeout as an InputError naming the task and timeout', () => {
    const error = catchError(() => toTaskSettings('refresh', aScheduleDefinition({ timeout: { seconds: 0 } })));

    expect(error).toBeInstanceOf(InputError);
    expect(error).toHaveProperty(
      'message',
      "Invalid schedule for task 'refresh': timeout must be longer than zero, got PT0S",
    );
  });

  it('rejects a negative timeout as an InputError naming the task and timeout', () => {
    const error = catchError(() => toTaskSettings('refresh', aScheduleDefinition({ timeout: { seconds: -30 } })));

    expect(error).toBeInstanceOf(InputError);
    expect(error).toHaveProperty(
      'message',
      "Invalid schedule for task 'refresh': timeout must be longer than zero, got PT-30S",
    );
  });

  it('rejects a missing timeout as an InputError naming the task and timeout', () => {
    const error = catchError(() => toTaskSettings('refresh', aScheduleDefinition({ timeout: undefined })));

    expect(error).toBeInstanceOf(InputError);
    expect(error).toHaveProperty('message', "Invalid schedule for task 'refresh': timeout is required");
  });

  it('rejects an invalid timeout as an InputError naming the task and timeout', () => {
    const error = catchError(() => toTaskSettings('refresh', aScheduleDefinition({ timeout: '1 minute' })));

    expect(error).toBeInstanceOf(InputError);
    expect(error).toHaveProperty(
      'message',
      "Invalid schedule for task 'refresh': timeout '1 minute' is not an ISO-8601 duration such as PT30S",
    );
  });

  it('rejects a negative initial delay as an InputError naming the task and initialDelay', () => {
    const error = catchError(() => toTaskSettings('refresh', aScheduleDefinition({ initialDelay: { seconds: -1 } })));

    expect(error).toBeInstanceOf(InputError);
    expect(error).toHaveProperty(
      'message',
      "Invalid schedule for task 'refresh': initialDelay must be zero or more, got PT-1S",
    );
  });

  it('rejects a bad scope as an InputError naming the task and scope', () => {
    const error = catchError(() => toTaskSettings('refresh', aScheduleDefinition({ scope: 'cluster' })));

    expect(error).toBeInstanceOf(InputError);
    expect(error).toHaveProperty(
      'message',
      "Invalid schedule for task 'refresh': scope must be 'global' or 'local', got \"cluster\"",
    );
  });

  it('opens its errors with the subject the caller gives, in place of the task\'s name', () => {
    const error = catchError(() => toTaskSettings('nightly', aScheduleDefinition({ frequency: { cron: 3 } }), "tasks[3] ('nightly')"));

    expect(error).toBeInstanceOf(InputError);
    expect(error).toHaveProperty('message', "tasks[3] ('nightly'): frequency.cron must be a string");
  });

  it('rejects a frequency of another type as an InputError naming the forms a frequency takes', () => {
    const error = catchError(() => toTaskSettings('refresh', aScheduleDefinition({ frequency: 5 })));

    expect(error).toBeInstanceOf(InputError);
    expect(error).toHaveProperty(
      'message',
      'Invalid schedule for task \'refresh\': frequency must be an ISO-8601 duration string or an object such as { "minutes": 5 }',
    );
  });

  it('rejects a HumanDuration unit that is not a number as an InputError naming the unit', () => {
    const error = catchError(() => toTaskSettings('refresh', aScheduleDefinition({ timeout: { minutes: 'five' } })));

    expect(error).toBeInstanceOf(InputError);
    expect(error).toHaveProperty('message', "Invalid schedule for task 'refresh': timeout.minutes must be a finite number");
  });

  it('rejects an unknown property beside a manual trigger as an InputError naming the property', () => {
    const error = catchError(() => toTaskSettings('reindex', aScheduleDefinition({ frequency: { trigger: 'manual', every: 5 } })));

    expect(error).toBeInstanceOf(InputError);
    expect(error).toHaveProperty('message', "Invalid schedule for task 'reindex': frequency has unknown property 'every'");
  });

  it('ignores the invocation\'s keys beside the schedule', () => {
    const settings = toTaskSettings('refresh', aScheduleDefinition({ id: 'refresh', fn: () => undefined }));

    expect(settings).toStrictEqual({ version: 2, cadence: 'PT5M', timeoutAfterDuration: 'PT1M' });
  });

  it('rejects a null initial delay as an InputError naming the forms a duration takes, since it may be left out', () => {
    const error = catchError(() => toTaskSettings('refresh', aScheduleDefinition({ initialDelay: null })));

    expect(error).toBeInstanceOf(InputError);
    expect(error).toHaveProperty(
      'message',
      'Invalid schedule for task \'refresh\': initialDelay must be an ISO-8601 duration string or an object such as { "minutes": 5 }',
    );
  });

  it('rejects a null timeout as missing', () => {
    const error = catchError(() => toTaskSettings('refresh', aScheduleDefinition({ timeout: null })));

    expect(error).toBeInstanceOf(InputError);
    expect(error).toHaveProperty('message', "Invalid schedule for task 'refresh': timeout is required");
  });
});
