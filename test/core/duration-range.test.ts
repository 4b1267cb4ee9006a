import { Duration } from 'luxon';
import { describe, expect, it } from 'vitest';
import { toIsoDuration } from '../../src/core/duration.ts';
import { InputError } from '../../src/core/errors.ts';
import { toTaskSettings } from '../../src/core/schedule-definition.ts';

describe('toIsoDuration at the edges of the number range', () => {
  it('rejects a HumanDuration that luxon would write in exponent notation, naming the form', () => {
    const act = () => toIsoDuration({ seconds: 1e21 });

    expect(act).toThrow("'PT1e+21S' is not an ISO-8601 duration such as PT30S");
  });

  it.each(['P101Y', 'P999999999Y', 'PT1000000000000000000S'])('rejects %s, which would put instants past what a Date holds', (input) => {
    const act = () => toIsoDuration(input);

    expect(act).toThrow(`'${input}' is longer than 100 years`);
  });

  it('rejects a HumanDuration longer than 100 years', () => {
    const act = () => toIsoDuration({ years: 1e6 });

    expect(act).toThrow("'P1000000Y' is longer than 100 years");
  });

  it('accepts exactly 100 years', () => {
    const iso = toIsoDuration({ years: 100 });

    expect(iso).toBe('P100Y');
  });
});

describe('toTaskSettings with an out-of-range duration', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['a timeout in exponent notation', { frequency: { minutes: 5 }, timeout: { seconds: 1e21 } }, 'timeout'],
    ['an initial delay of a billion years', { frequency: { minutes: 5 }, timeout: 'PT1M', initialDelay: 'P999999999Y' }, 'initialDelay'],
    ['a frequency of 1e21 milliseconds', { frequency: { milliseconds: 1e21 }, timeout: 'PT1M' }, 'frequency'],
    ['a luxon Duration of a million years', { frequency: Duration.fromObject({ years: 1e6 }), timeout: 'PT1M' }, 'frequency'],
  ];

  it.each(cases)('refuses %s with an InputError naming the field', (_name, schedule, field) => {
    const act = () => toTaskSettings('far', schedule);

    expect(act).toThrow(InputError);
    expect(act).toThrow(`Invalid schedule for task 'far': ${field} `);
  });
});
