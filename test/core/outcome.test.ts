import { describe, expect, it } from 'vitest';
import { AuthenticationError, ConflictError, InputError, NotFoundError } from '../../src/core/errors.ts';
import { toOutcome, unwrap } from '../../src/core/outcome.ts';
import { catchError } from '../support/catch-error.ts';

const ERRORS = [
  { name: 'InputError', ErrorClass: InputError },
  { name: 'AuthenticationError', ErrorClass: AuthenticationError },
  { name: 'NotFoundError', ErrorClass: NotFoundError },
  { name: 'ConflictError', ErrorClass: ConflictError },
] as const;

describe('toOutcome', () => {
  it('carries the value of work that succeeds', async () => {
    const outcome = await toOutcome(() => 42);

    expect(outcome).toEqual({ ok: true, value: 42 });
  });

  it('awaits asynchronous work', async () => {
    const outcome = await toOutcome(async () => 'done');

    expect(outcome).toEqual({ ok: true, value: 'done' });
  });

  it.each(ERRORS)('turns a thrown $name into data', async ({ name, ErrorClass }) => {
    const outcome = await toOutcome(() => {
      throw new ErrorClass('Task x is currently running');
    });

    expect(outcome).toStrictEqual({ ok: false, error: { name, message: 'Task x is currently running' } });
  });

  it('turns a rejected promise of a scheduler error into data', async () => {
    const outcome = await toOutcome(() => Promise.reject(new NotFoundError('Task x does not exist')));

    expect(outcome).toStrictEqual({ ok: false, error: { name: 'NotFoundError', message: 'Task x does not exist' } });
  });

  it('rethrows any other error, because it is a bug', async () => {
    const bug = new TypeError('row is undefined');

    const outcome = toOutcome(() => {
      throw bug;
    });

    await expect(outcome).rejects.toBe(bug);
  });
});

describe('unwrap', () => {
  it('returns the value of a successful outcome', () => {
    const value = unwrap({ ok: true, value: 'done' });

    expect(value).toBe('done');
  });

  it.each(ERRORS)('rethrows a failed outcome as a $name', ({ name, ErrorClass }) => {
    const error = catchError(() => unwrap({ ok: false, error: { name, message: 'Task x is not running' } }));

    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toMatchObject({ name, message: 'Task x is not running' });
  });

  it('rebuilds the same error that toOutcome carried across', async () => {
    const outcome = await toOutcome(() => {
      throw new ConflictError('Task x is currently running');
    });

    const error = catchError(() => unwrap(outcome));

    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toHaveProperty('message', 'Task x is currently running');
  });
});
