import { expect } from 'vitest';

/** The error name Backstage's error middleware gives each status, plus our 413. */
export const ERROR_NAME_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'InputError',
  401: 'AuthenticationError',
  403: 'NotAllowedError',
  404: 'NotFoundError',
  409: 'ConflictError',
  413: 'PayloadTooLargeError',
};

/** The request's path below the plugin mount (`/api/<pluginId>`) with its query, as the body reports it. */
export function urlBelowMount(requestUrl: string): string {
  const url = new URL(requestUrl);
  return url.pathname.replace(/^\/api\/[^/]+(?=\/)/, '') + url.search;
}

/**
 * Asserts that an error answer has exactly Backstage's body, `{ error, request, response }`,
 * with the name its status maps to and `response.statusCode` equal to the HTTP status.
 * A HEAD answer has no body, so only its emptiness is checked.
 */
export async function expectBackstageErrorBody(response: Response, request: Request): Promise<void> {
  const text = await response.text();
  if (request.method === 'HEAD') {
    expect(text).toBe('');
    return;
  }
  expect(response.headers.get('Content-Type')).toMatch(/^application\/json/);
  expect(JSON.parse(text)).toEqual({
    error: { name: ERROR_NAME_BY_STATUS[response.status] ?? `a name for ${response.status}`, message: expect.any(String) },
    request: { method: request.method, url: urlBelowMount(request.url) },
    response: { statusCode: response.status },
  });
}
