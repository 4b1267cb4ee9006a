import { describe, expect, it } from 'vitest';
import { ConflictError, InputError } from '../../src/core/errors.ts';
import { assertTaskBatch, describeBatchItem, MAX_TASKS_PER_BATCH, nameInErrors } from '../../src/core/task-batch.ts';
import { catchError } from '../support/catch-error.ts';

describe('describeBatchItem', () => {
  it('names an item by its index and id', () => {
    expect(describeBatchItem(3, 'nightly')).toBe("tasks[3] ('nightly')");
  });

  it('names an item without a string id by its index alone', () => {
    expect(describeBatchItem(0, 42)).toBe('tasks[0]');
  });

  it('shortens an id too long to be valid', () => {
    expect(describeBatchItem(1, 'x'.repeat(5_000))).toBe(`tasks[1] ('${'x'.repeat(40)}…')`);
  });
});

describe('nameInErrors', () => {
  it('returns what the work returns', () => {
    expect(nameInErrors('tasks[0]', () => 7)).toBe(7);
  });

  it('throws a scheduler error again, of the same kind, with the subject first', () => {
    const error = catchError(() =>
      nameInErrors("tasks[2] ('x')", () => {
        throw new ConflictError('Task x is defined in code');
      }),
    );

    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toHaveProperty('message', "tasks[2] ('x'): Task x is defined in code");
  });

  it('lets a bug through unchanged', () => {
    const bug = new TypeError('undefined is not a function');

    const error = catchError(() =>
      nameInErrors('tasks[0]', () => {
        throw bug;
      }),
    );

    expect(error).toBe(bug);
  });
});

describe('assertTaskBatch', () => {
  it('accepts distinct ids up to the limit', () => {
    const ids = Array.from({ length: MAX_TASKS_PER_BATCH }, (_, index) => `task-${index}`);

    expect(() => assertTaskBatch(ids)).not.toThrow();
  });

  it('refuses an empty batch', () => {
    const error = catchError(() => assertTaskBatch([]));

    expect(error).toBeInstanceOf(InputError);
    expect(error).toHaveProperty('message', 'Invalid tasks: must list at least one task');
  });

  it('refuses a batch over the limit, naming the limit and the count', () => {
    const ids = Array.from({ length: MAX_TASKS_PER_BATCH + 1 }, (_, index) => `task-${index}`);

    const error = catchError(() => assertTaskBatch(ids));

    expect(error).toBeInstanceOf(InputError);
    expect(error).toHaveProperty('message', 'Invalid tasks: at most 1000 tasks per request, got 1001');
  });

  it('refuses an id listed twice, naming it and both places', () => {
    const error = catchError(() => assertTaskBatch(['a', 'nightly', 'b', 'nightly']));

    expect(error).toBeInstanceOf(InputError);
    expect(error).toHaveProperty('message', "tasks[3] ('nightly'): task id 'nightly' is listed twice, first as tasks[1]");
  });
});
