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
});

describe('serializeNamedError', () => {
  it('records the given name and message', () => {
    const json = serializeNamedError('TimeoutError', 'Task timed out after PT1M');

    expect(json).toBe('{"name":"TimeoutError","message":"Task timed out after PT1M"}');
  });
});
