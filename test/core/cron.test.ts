import { describe, expect, it } from 'vitest';
import { describeCronProblem, nextCronFireAfter } from '../../src/core/cron.ts';
import { at } from '../support/instants.ts';

describe('describeCronProblem', () => {
  it('accepts five fields', () => {
    const problem = describeCronProblem('*/5 * * * *', undefined);

    expect(problem).toBeUndefined();
  });

  it('accepts six fields with leading seconds', () => {
    const problem = describeCronProblem('30 */5 * * * *', undefined);

    expect(problem).toBeUndefined();
  });

  it.each(['@hourly', '@daily', '@weekdays'])('accepts the macro %s', (macro) => {
    const problem = describeCronProblem(macro, undefined);

    expect(problem).toBeUndefined();
  });

  it('accepts day names, including those with an h such as THU', () => {
    const problem = describeCronProblem('0 9 * * MON,THU', undefined);

    expect(problem).toBeUndefined();
  });

  it('accepts an IANA zone', () => {
    const problem = describeCronProblem('0 3 * * *', 'Europe/Berlin');

    expect(problem).toBeUndefined();
  });

  it('refuses four fields, naming the count', () => {
    const problem = describeCronProblem('* * * *', undefined);

    expect(problem).toBe("cron expression '* * * *' has 4 fields; expected 5, or 6 with leading seconds");
  });

  it('refuses seven fields, naming the count', () => {
    const problem = describeCronProblem('0 0 0 * * * 2030', undefined);

    expect(problem).toBe("cron expression '0 0 0 * * * 2030' has 7 fields; expected 5, or 6 with leading seconds");
  });

  it('refuses an unknown macro, naming it', () => {
    const problem = describeCronProblem('@fortnightly', undefined);

    expect(problem).toMatch(/^unknown macro '@fortnightly'; expected one of @yearly, /);
  });

  it('refuses H, which Jenkins-style crons use for a random value', () => {
    const problem = describeCronProblem('H * * * *', undefined);

    expect(problem).toBe("cron expression 'H * * * *' uses H, which is not supported");
  });

  it('refuses a lower-case h in a step', () => {
    const problem = describeCronProblem('0 h/2 * * *', undefined);

    expect(problem).toBe("cron expression '0 h/2 * * *' uses H, which is not supported");
  });

  it('refuses a zone that is not IANA, naming it', () => {
    const problem = describeCronProblem('0 3 * * *', 'Mars/Olympus_Mons');

    expect(problem).toBe("'Mars/Olympus_Mons' is not an IANA time zone such as Europe/Berlin");
  });

  it('refuses an expression that never fires, such as 31 February', () => {
    const problem = describeCronProblem('0 0 31 2 *', undefined);

    expect(problem).toMatch(/^cron expression '0 0 31 2 \*' is invalid: /);
  });

  it('refuses a value out of range, naming it', () => {
    const problem = describeCronProblem('61 * * * *', undefined);

    expect(problem).toMatch(/^cron expression '61 \* \* \* \*' is invalid: .*61/);
  });
});

describe('nextCronFireAfter', () => {
  it('returns a fire strictly after the given instant, even when that instant is itself a fire', () => {
    const next = nextCronFireAfter('0 * * * *', undefined, at('2025-01-15T10:00:00Z'));

    expect(next).toBe(at('2025-01-15T11:00:00Z'));
  });

  it('returns a fire that is only a millisecond away', () => {
    const next = nextCronFireAfter('0 * * * *', undefined, at('2025-01-15T09:59:59.999Z'));

    expect(next).toBe(at('2025-01-15T10:00:00Z'));
  });

  it('reads the expression in UTC when no zone is given', () => {
    const next = nextCronFireAfter('0 3 * * *', undefined, at('2025-01-15T12:00:00Z'));

    expect(next).toBe(at('2025-01-16T03:00:00Z'));
  });

  it('reads the expression in the given IANA zone, at 02:00Z for 03:00 in a Berlin winter', () => {
    const next = nextCronFireAfter('0 3 * * *', 'Europe/Berlin', at('2025-01-15T12:00:00Z'));

    expect(next).toBe(at('2025-01-16T02:00:00Z'));
  });

  it('follows summer time in the given zone, at 01:00Z for 03:00 in a Berlin summer', () => {
    const next = nextCronFireAfter('0 3 * * *', 'Europe/Berlin', at('2025-07-15T12:00:00Z'));

    expect(next).toBe(at('2025-07-16T01:00:00Z'));
  });

  it('fires on the seconds of a six-field pattern', () => {
    const next = nextCronFireAfter('*/15 * * * * *', undefined, at('2025-01-15T10:00:07.250Z'));

    expect(next).toBe(at('2025-01-15T10:00:15Z'));
  });

  it('expands a macro', () => {
    const next = nextCronFireAfter('@daily', undefined, at('2025-01-15T12:00:00Z'));

    expect(next).toBe(at('2025-01-16T00:00:00Z'));
  });
});
