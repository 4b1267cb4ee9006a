import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isSchedulerError } from '../core/errors.ts';
import type { ErrorResponse } from './schemas.ts';

/** The one table from error name to HTTP status, as Backstage's error middleware has it. */
const STATUS_BY_NAME: Record<string, ContentfulStatusCode> = {
  InputError: 400,
  AuthenticationError: 401,
  NotAllowedError: 403,
  NotFoundError: 404,
  ConflictError: 409,
};

const NAME_BY_STATUS: Record<number, string> = Object.fromEntries(
  Object.entries(STATUS_BY_NAME).map(([name, status]) => [status, name]),
);

/** The request's path below the plugin mount (`/api/<pluginId>`), as Backstage reports it. */
function urlBelowMount(c: Context): string {
  const url = new URL(c.req.url);
  const below = url.pathname.replace(/^\/api\/[^/]+(?=\/)/, '');
  return below + url.search;
}

/** Renders Backstage's error body: `{ error: { name, message }, request, response }`. */
export function renderError(c: Context, name: string, message: string, status: ContentfulStatusCode): Response {
  const body: ErrorResponse = {
    error: { name, message },
    request: { method: c.req.method, url: urlBelowMount(c) },
    response: { statusCode: status },
  };
  return c.json(body, status);
}

/** Hono's `onError`: named errors keep their status; anything else is logged and becomes 500. */
export const handleError: ErrorHandler = (error, c) => {
  if (error instanceof HTTPException && error.status < 500) {
    const status = error.status as ContentfulStatusCode;
    return renderError(c, NAME_BY_STATUS[status] ?? 'InputError', error.message || 'Bad request', status);
  }
  if (isSchedulerError(error)) {
    return renderError(c, error.name, error.message, STATUS_BY_NAME[error.name] ?? 500);
  }
  console.error(JSON.stringify({ level: 'error', message: 'Unhandled error in request', error: String(error) }));
  return renderError(c, 'Error', 'Internal server error', 500);
};

/** Hono's `notFound`: an unknown route gets the same body as any other error. */
export const handleNotFound: NotFoundHandler = (c) =>
  renderError(c, 'NotFoundError', `No route for ${c.req.method} ${new URL(c.req.url).pathname}`, 404);
