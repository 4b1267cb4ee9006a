import { Hono } from 'hono';
import { buildOpenApiDocument } from '../openapi/openapi-document.ts';
import { describeRoute } from '../openapi/route-description.ts';
import type { RegisteredHandler } from '../openapi/route-operations.ts';

/**
 * `GET /openapi.json`: the OpenAPI 3.1 document of the whole API, built from the app's routes
 * (`handlersOf()`, read once all are registered) on first request and kept; any origin may read it.
 */
export function createOpenApiRoutes<Env extends object>(handlersOf: () => readonly RegisteredHandler[]) {
  const routes = new Hono<{ Bindings: Env }>();
  let document: Record<string, unknown> | undefined;

  const describeDocument = describeRoute({
    operationId: 'getOpenApiDocument', tag: 'Service', isPublic: true, summary: 'This document',
    responses: { 200: { description: 'An OpenAPI 3.1 document', mediaType: 'application/json' } },
  });
  routes.get('/openapi.json', describeDocument, (c) => {
    document ??= buildOpenApiDocument(handlersOf());
    return c.json(document, 200, { 'Cache-Control': 'public, max-age=300' });
  });

  return routes;
}
