import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  ConflictError,
  createSchedulerError,
  InputError,
  isSchedulerError,
  NotFoundError,
  SchedulerError,
} from '../../src/core/errors.ts';

const ERRORS = [
  { name: 'InputError', ErrorClass: InputError },
  { name: 'AuthenticationError', ErrorClass: AuthenticationError },
  { name: 'NotFoundError', ErrorClass: NotFoundError },
  { name: 'ConflictError', ErrorClass: ConflictError },
] as const;

describe('SchedulerError', () => {
  it.each(ERRORS)('names a $name after its class, as @backstage/errors does', ({ name, ErrorClass }) => {
    const error = new ErrorClass('Task x does not exist');

    expect(error.name).toBe(name);
  });

  it.each(ERRORS)('makes a $name both a SchedulerError and an Error', ({ ErrorClass }) => {
    const error = new ErrorClass('Task x does not exist');

    expect(error).toBeInstanceOf(SchedulerError);
    expect(error).toBeInstanceOf(Error);
  });
});

describe('createSchedulerError', () => {
  it.each(ERRORS)('rebuilds a $name from its name and message', ({ name, ErrorClass }) => {
    const error = createSchedulerError(name, 'Task x does not exist');

    expect(error).toBeInstanceOf(ErrorClass);
    expect(error.message).toBe('Task x does not exist');
  });
});

describe('isSchedulerError', () => {
  it('recognises a scheduler error', () => {
    const recognised = isSchedulerError(new NotFoundError('Task x does not exist'));

    expect(recognised).toBe(true);
  });

  it('does not recognise a plain Error that merely carries a scheduler error name', () => {
    const impostor = Object.assign(new Error('Task x does not exist'), { name: 'NotFoundError' });

    const recognised = isSchedulerError(impostor);

    expect(recognised).toBe(false);
  });
});
