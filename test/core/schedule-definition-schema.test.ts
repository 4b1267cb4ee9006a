import { Duration } from 'luxon';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { frequencyFormOf, taskScheduleDefinitionSchema } from '../../src/core/schedule-definition-schema.ts';

describe('taskScheduleDefinitionSchema', () => {
  it('reads a luxon Duration as its ISO-8601 text', () => {
    const definition = taskScheduleDefinitionSchema.parse({ frequency: Duration.fromObject({ minutes: 10 }), timeout: 'PT1M' });

    expect(definition.frequency).toBe('PT10M');
  });

  it('keeps a HumanDuration as it is, for the settings to turn into ISO-8601', () => {
    const definition = taskScheduleDefinitionSchema.parse({ frequency: { hours: 1 }, timeout: { seconds: 30 } });

    expect(definition).toStrictEqual({ frequency: { hours: 1 }, timeout: { seconds: 30 } });
  });

  it('documents frequency and timeout as required, though a luxon Duration is read first', () => {
    const json = z.toJSONSchema(taskScheduleDefinitionSchema, { io: 'input' });

    expect(json.required).toEqual(['frequency', 'timeout']);
  });

  it('documents a duration by its JSON forms, leaving the luxon Duration to code', () => {
    const json = z.toJSONSchema(taskScheduleDefinitionSchema, { io: 'input' }) as unknown as { properties: { timeout: { anyOf: Array<{ type: string }> } } };

    expect(json.properties.timeout.anyOf.map((form) => form.type)).toEqual(['string', 'object']);
  });
});

describe('frequencyFormOf', () => {
  it.each([
    [{ cron: 3 }, 'cron', 'must be a string'],
    [{ trigger: 'auto' }, 'trigger', "must be 'manual'"],
    [{ fortnights: 1 }, '', "unknown unit 'fortnights'; expected one or more of years, months, weeks, days, hours, minutes, seconds, milliseconds"],
  ])('tells %o apart as Backstage does, so its fault is the one in %s', (frequency, field, message) => {
    const [issue] = frequencyFormOf(frequency).safeParse(frequency).error?.issues ?? [];

    expect({ field: issue?.path.join('.'), message: issue?.message }).toEqual({ field, message });
  });
});
