import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { parseAtBoundary } from '../../src/core/parse-at-boundary.ts';
import { taskHandlerSchema } from '../../src/core/task-handler.ts';
import { catchError } from '../support/catch-error.ts';

describe('parseAtBoundary', () => {
  it('returns the parsed value', () => {
    const handler = parseAtBoundary(taskHandlerSchema, { url: 'https://a.example/' }, 'handler');

    expect(handler).toEqual({ url: 'https://a.example/', method: 'POST' });
  });

  it('names the field inside the union branch the caller meant, not just the union', () => {
    const error = catchError(() => parseAtBoundary(taskHandlerSchema, { url: 123 }, 'handler'));

    expect(error).toBeInstanceOf(InputError);
    expect(error).toHaveProperty('message', 'handler.url: Invalid input: expected string, received number');
  });

  it('picks the service branch for a handler that names a service', () => {
    const error = catchError(() => parseAtBoundary(taskHandlerSchema, { service: 'HOOKS' }, 'handler'));

    expect(error).toHaveProperty('message', 'handler.path: Invalid input: expected string, received undefined');
  });

  it('reports an invalid header name with the name', () => {
    const error = catchError(() => parseAtBoundary(taskHandlerSchema, { url: 'https://a.example/', headers: { 'bad name': 'x' } }, 'handler'));

    expect(error).toHaveProperty('message', "handler.headers.bad name: 'bad name' is not a valid header name");
  });
});
