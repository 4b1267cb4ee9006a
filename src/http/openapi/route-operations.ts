import type { ZodObject, ZodType } from 'zod';
import { validatedPartOf } from '../validation.ts';
import { type RouteDescription, routeDescriptionOf } from './route-description.ts';

/** A handler as Hono lists it in `app.routes`: one entry per handler of each chain. */
export interface RegisteredHandler {
  method: string;
  path: string;
  handler: unknown;
}

/** One operation the app serves: its description, with the schemas its validators check. */
export interface RouteOperation extends RouteDescription {
  method: string;
  /** The path as Hono registers it (`:taskId`); the document writes `{taskId}`. */
  path: string;
  params?: ZodObject;
  query?: ZodObject;
  body?: ZodType;
}

/**
 * Gathers the app's operations from its registered handlers: for each method and path, the
 * `describeRoute` description and the `validated` schemas of its chain. Middleware mounted with
 * `use` (method ALL) is not an operation. Throws for a route without exactly one description, so no
 * route can be served undocumented.
 */
export function collectRouteOperations(handlers: readonly RegisteredHandler[]): RouteOperation[] {
  const chains = new Map<string, RegisteredHandler[]>();
  for (const entry of handlers) {
    if (entry.method === 'ALL') continue;
    const key = `${entry.method} ${entry.path}`;
    chains.set(key, [...(chains.get(key) ?? []), entry]);
  }
  return [...chains].map(([key, chain]) => {
    const descriptions = chain.map(({ handler }) => routeDescriptionOf(handler)).filter((found) => found !== undefined);
    if (descriptions.length !== 1) {
      throw new Error(`Route ${key} has ${descriptions.length} descriptions; declare it with exactly one describeRoute(...)`);
    }
    const parts = chain.map(({ handler }) => validatedPartOf(handler)).filter((found) => found !== undefined);
    const schemaOf = (target: string) => parts.find((part) => part.target === target)?.schema;
    const [{ method, path }] = chain as [RegisteredHandler];
    return {
      ...descriptions[0]!,
      method: method.toLowerCase(),
      path,
      ...(schemaOf('param') && { params: schemaOf('param') as ZodObject }),
      ...(schemaOf('query') && { query: schemaOf('query') as ZodObject }),
      ...(schemaOf('json') && { body: schemaOf('json') }),
    };
  });
}
