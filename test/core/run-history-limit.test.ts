import { describe, expect, it } from 'vitest';
import { checkRunHistoryLimit, DEFAULT_RUN_HISTORY_LIMIT } from '../../src/core/run-history-limit.ts';

describe('checkRunHistoryLimit', () => {
  it('gives the default when none is set, and keeps a whole number of 0 or more', () => {
    expect(checkRunHistoryLimit(undefined)).toBe(DEFAULT_RUN_HISTORY_LIMIT);
    expect(checkRunHistoryLimit(0)).toBe(0);
    expect(checkRunHistoryLimit(5)).toBe(5);
  });

  it.each([-1, 2.5, Number.POSITIVE_INFINITY, Number.NaN])('refuses %s, naming the option', (limit) => {
    expect(() => checkRunHistoryLimit(limit)).toThrow(`runHistoryLimit must be a whole number, 0 or more: got ${limit}`);
  });
});
