import { inspectRoutes } from 'hono/dev';
import { testScheduler } from '../integration/worker.ts';

/** Every route the test Worker's app serves, as Hono registered it (middleware left out), once each. */
export function listAppRoutes(): Array<{ method: string; path: string }> {
  const routes = inspectRoutes(testScheduler.app).filter((route) => !route.isMiddleware);
  const unique = new Map(routes.map((route) => [`${route.method} ${route.path}`, { method: route.method, path: route.path }]));
  return [...unique.values()];
}
