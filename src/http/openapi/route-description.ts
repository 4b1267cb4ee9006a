import type { MiddlewareHandler } from 'hono';
import type { ZodType } from 'zod';

/** One documented answer: JSON with a schema, a body of another media type, or no body. */
export interface ApiResponse {
  description: string;
  schema?: ZodType;
  /** A non-JSON body, such as the dashboard's HTML. */
  mediaType?: string;
}

/**
 * What a route says about itself in the OpenAPI document, beside the schemas its `validated(...)`
 * middleware already carry (path parameters, query, body).
 */
export interface RouteDescription {
  operationId: string;
  summary: string;
  /** What the summary leaves out, when a client could guess wrong. */
  description?: string;
  tag: 'Backstage' | 'Management' | 'Service' | 'Dashboard';
  /** No bearer token needed; every other route answers 401 without one. */
  isPublic?: boolean;
  /** Successful answers by status; error answers (Backstage's body) by status and reason. */
  responses: Record<number, ApiResponse>;
  errors?: Record<number, string>;
}

/** The 404 of every route below `.../tasks/:taskId`. */
export const TASK_NOT_FOUND = { 404: 'NotFoundError: the task does not exist' };

const DESCRIPTION = Symbol('route description');

/**
 * Declares a route's documentation in its own handler chain, where `buildOpenApiDocument` finds it
 * among the app's routes; it passes every request on untouched. A route without one fails the build.
 */
export function describeRoute(description: RouteDescription): MiddlewareHandler {
  const passOn: MiddlewareHandler = (_c, next) => next();
  return Object.assign(passOn, { [DESCRIPTION]: description });
}

/** The description a handler of the chain carries, if it is one from `describeRoute`. */
export function routeDescriptionOf(handler: unknown): RouteDescription | undefined {
  return (handler as { [DESCRIPTION]?: RouteDescription })[DESCRIPTION];
}
