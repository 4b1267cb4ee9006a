import { describe, expect, it } from 'vitest';
import { serializeError, serializeNamedError } from '../../src/core/serialize-error.ts';

describe('serializeError', () => {
  it('records the name and message of an Error, without its stack', () => {
    const json = serializeError(new TypeError('boom'));

    expect(json).toBe('{"name":"TypeError","message":"boom"}');
  });

  it('adds the code of an error that has one', () => {
    const error = Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' });

    const json = serializeError(error);

    expect(json).toBe('{"name":"Error","message":"connection refused","code":"ECONNREFUSED"}');
  });

  it('says no reason was given for an Error without a message', () => {
    const json = serializeError(new Error(''));

    expect(json).toBe('{"name":"Error","message":"<no reason given>"}');
  });

  it('records a thrown value that is not an Error as Unknown', () => {
    const json = serializeError('disk full');

    expect(json).toBe('{"name":"Unknown","message":"disk full"}');
  });

  it('cuts a message over 4,096 characters short, saying how long it was, so a failed run fits in its row', () => {
    const json = serializeError(new Error('x'.repeat(3_000_000)));

    expect(JSON.parse(json)).toEqual({ name: 'Error', message: `${'x'.repeat(4096)}… (3000000 characters, cut short)` });
  });

  it('cuts an over-long name and code short', () => {
    const error = Object.assign(new Error('boom'), { name: 'N'.repeat(300), code: 'C'.repeat(300) });

    const { name, code } = JSON.parse(serializeError(error)) as { name: string; code: string };

    expect([name, code]).toEqual([`${'N'.repeat(200)}… (300 characters, cut short)`, `${'C'.repeat(200)}… (300 characters, cut short)`]);
  });

  it('records a thrown value that has no string form instead of throwing', () => {
    const json = serializeError(Object.create(null));

    expect(json).toBe('{"name":"Unknown","message":"<a thrown value that has no string form>"}');
  });
});

describe('serializeNamedError', () => {
  it('records the given name and message', () => {
    const json = serializeNamedError('TimeoutError', 'Task timed out after PT1M');

    expect(json).toBe('{"name":"TimeoutError","message":"Task timed out after PT1M"}');
  });
});
