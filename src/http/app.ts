import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requireApiToken } from './auth.ts';
import { createDashboardRoutes } from './dashboard/dashboard-routes.tsx';
import { handleError, handleNotFound, renderError } from './error-handler.ts';
import { createHealthRoutes } from './routes/health.ts';
import { createOpenApiRoutes } from './routes/openapi.ts';
import { createPluginRoutes } from './routes/plugins.ts';
import { createTaskHistoryRoutes } from './routes/task-history.ts';
import { createTaskManagementRoutes } from './routes/task-management.ts';
import { createTaskRoutes } from './routes/tasks.ts';
import type { SchedulerDirectory } from './scheduler-directory.ts';

/** The bindings the REST layer reads. */
export interface ApiBindings {
  SCHEDULER_API_TOKENS?: string;
}

/** The largest request body the API accepts. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Builds the Worker's Hono app: the public dashboard, OpenAPI document and health check;
 * authentication, a body limit, the API routes, and Backstage's error body.
 */
export function createApp<Env extends ApiBindings>(directory: SchedulerDirectory<Env>) {
  const app = new Hono<{ Bindings: Env }>();
  // Public routes come before authentication: they answer without reaching it. None shows task data.
  app.route('/', createHealthRoutes(directory));
  app.route('/', createOpenApiRoutes());
  app.route('/', createDashboardRoutes());
  app.use('/api/*', requireApiToken());
  app.use('/.backstage/*', requireApiToken());
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => renderError(c, 'PayloadTooLargeError', `Request body is larger than ${MAX_BODY_BYTES} bytes`, 413),
    }),
  );
  app.route('/', createTaskRoutes(directory));
  app.route('/', createTaskManagementRoutes(directory));
  app.route('/', createTaskHistoryRoutes(directory));
  app.route('/', createPluginRoutes(directory));
  app.notFound(handleNotFound);
  app.onError(handleError);
  return app;
}
