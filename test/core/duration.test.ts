import { describe, expect, it } from 'vitest';
import { durationToMs, toIsoDuration } from '../../src/core/duration.ts';
import { DAY_MS, MINUTE_MS, SECOND_MS } from '../support/instants.ts';

describe('toIsoDuration', () => {
  it('turns a HumanDuration into its ISO-8601 form', () => {
    const iso = toIsoDuration({ milliseconds: 5000 });

    expect(iso).toBe('PT5S');
  });

  it('keeps every unit of a mixed HumanDuration', () => {
    const iso = toIsoDuration({ hours: 1, minutes: 30 });

    expect(iso).toBe('PT1H30M');
  });

  it('passes an ISO-8601 string through unchanged', () => {
    const iso = toIsoDuration('P1DT2H');

    expect(iso).toBe('P1DT2H');
  });

  it('rejects a string that is not ISO-8601, naming it', () => {
    const act = () => toIsoDuration('5 minutes');

    expect(act).toThrow("'5 minutes' is not an ISO-8601 duration such as PT30S");
  });

  it.each(['P', 'PT', 'P1DT'])('rejects %s, which luxon accepts but ISO-8601 forbids for lacking a last component', (input) => {
    const act = () => toIsoDuration(input);

    expect(act).toThrow(`'${input}' is not an ISO-8601 duration such as PT30S`);
  });

  it.each(['PT0.5S', 'P1W', 'P1Y2M10DT2H30M'])('passes %s through, which ISO-8601 allows', (input) => {
    const iso = toIsoDuration(input);

    expect(iso).toBe(input);
  });

  it('rejects an unknown unit, naming it', () => {
    const act = () => toIsoDuration({ minutes: 1, fortnights: 1 });

    expect(act).toThrow("unknown unit 'fortnights'");
  });

  it('rejects an empty object, listing the units it expects', () => {
    const act = () => toIsoDuration({});

    expect(act).toThrow('needs one or more of years, months, weeks, days, hours, minutes, seconds, milliseconds');
  });

  it('rejects a unit whose value is not a number, naming the unit', () => {
    const act = () => toIsoDuration({ seconds: '5' });

    expect(act).toThrow("'seconds' must be a finite number");
  });

  it('rejects a unit whose value is not finite, naming the unit', () => {
    const act = () => toIsoDuration({ minutes: Number.POSITIVE_INFINITY });

    expect(act).toThrow("'minutes' must be a finite number");
  });

  it.each([
    ['null', null],
    ['a number', 5000],
    ['an array', [5, 'seconds']],
  ])('rejects %s as neither a string nor an object', (_label, input) => {
    const act = () => toIsoDuration(input);

    expect(act).toThrow('expected an ISO-8601 string or an object such as { minutes: 5 }');
  });
});

describe('durationToMs', () => {
  it('measures an ISO-8601 duration in milliseconds', () => {
    const ms = durationToMs('PT1M30S');

    expect(ms).toBe(MINUTE_MS + 30 * SECOND_MS);
  });

  it('measures fractions of a second', () => {
    const ms = durationToMs('PT0.25S');

    expect(ms).toBe(250);
  });

  it('counts a month as 30 days, as Backstage does', () => {
    const ms = durationToMs('P1M');

    expect(ms).toBe(30 * DAY_MS);
  });

  it('counts a year as 365 days, as Backstage does', () => {
    const ms = durationToMs('P1Y');

    expect(ms).toBe(365 * DAY_MS);
  });
});
