import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { describeScheduleIssue } from '../../src/core/schedule-issue.ts';

function issuesOf(schema: z.ZodType, value: unknown) {
  return schema.safeParse(value).error?.issues ?? [];
}

describe('describeScheduleIssue', () => {
  it("keeps a policy union's own message, as the PUT body's validator does", () => {
    const schedule = { frequency: 'PT5M', timeout: 'PT1M', overlap: 3 };
    const schema = z.object({ overlap: z.union([z.literal('skip'), z.literal('queue')], { error: "must be 'skip' or 'queue'" }) });

    expect(describeScheduleIssue(issuesOf(schema, schedule), schedule)).toBe("overlap must be 'skip' or 'queue'");
  });

  it('names the missing field of a policy object', () => {
    const schedule = { frequency: 'PT5M', timeout: 'PT1M', retry: { backoff: 'PT1S' } };
    const schema = z.object({ retry: z.object({ attempts: z.number({ error: 'must be a number' }), backoff: z.string() }) });

    expect(describeScheduleIssue(issuesOf(schema, schedule), schedule)).toBe('retry.attempts is required');
  });

  it('says what a definition that is not an object should be', () => {
    expect(describeScheduleIssue(issuesOf(z.object({}), 'PT5M'), 'PT5M')).toBe('expected an object with frequency and timeout');
  });
});
