import { Hono } from 'hono';
import { buildOpenApiDocument } from '../openapi/openapi-document.ts';

/** `GET /openapi.json`: the OpenAPI 3.1 document of the whole API, built on first request and kept; any origin may read it. */
export function createOpenApiRoutes<Env extends object>() {
  const routes = new Hono<{ Bindings: Env }>();
  let document: Record<string, unknown> | undefined;

  routes.get('/openapi.json', (c) => {
    document ??= buildOpenApiDocument();
    return c.json(document, 200, { 'Cache-Control': 'public, max-age=300' });
  });

  return routes;
}
