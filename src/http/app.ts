import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { except } from 'hono/combine';
import { requireApiToken } from './auth.ts';
import { createDashboardRoutes } from './dashboard/dashboard-routes.tsx';
import { handleError, handleNotFound, renderError } from './error-handler.ts';
import { createHealthRoutes } from './routes/health.ts';
import { createOpenApiRoutes } from './routes/openapi.ts';
import { createPluginRoutes } from './routes/plugins.ts';
import { createTaskHistoryRoutes } from './routes/task-history.ts';
import { createTaskManagementRoutes } from './routes/task-management.ts';
import { createTaskRoutes, TASKS_PATH } from './routes/tasks.ts';
import type { SchedulerDirectory } from './scheduler-directory.ts';

/** The bindings the REST layer reads. */
export interface ApiBindings {
  SCHEDULER_API_TOKENS?: string;
}

/** The largest request body the API accepts. */
export const MAX_BODY_BYTES = 64 * 1024;

/** The largest body of `PUT .../tasks`, which defines up to 1,000 tasks: room for about 1 KiB each. */
export const MAX_BATCH_BODY_BYTES = 1024 * 1024;

/** Refuses a request whose body is over `maxSize` bytes with 413, in Backstage's body. */
function limitBodyTo(maxSize: number) {
  return bodyLimit({ maxSize, onError: (c) => renderError(c, 'PayloadTooLargeError', `Request body is larger than ${maxSize} bytes`, 413) });
}

/**
 * Builds the Worker's Hono app: the public dashboard, OpenAPI document and health check;
 * authentication, body limits (a larger one for the batch definition), the API routes, and Backstage's error body.
 */
export function createApp<Env extends ApiBindings>(directory: SchedulerDirectory<Env>) {
  const app = new Hono<{ Bindings: Env }>();
  // Public routes come before authentication: they answer without reaching it. None shows task data.
  app.route('/', createHealthRoutes(directory));
  app.route('/', createOpenApiRoutes(() => app.routes));
  app.route('/', createDashboardRoutes());
  app.use('/api/*', requireApiToken());
  app.use('/.backstage/*', requireApiToken());
  app.use(TASKS_PATH, limitBodyTo(MAX_BATCH_BODY_BYTES));
  app.use('*', except(TASKS_PATH, limitBodyTo(MAX_BODY_BYTES)));
  app.route('/', createTaskRoutes(directory));
  app.route('/', createTaskManagementRoutes(directory));
  app.route('/', createTaskHistoryRoutes(directory));
  app.route('/', createPluginRoutes(directory));
  app.notFound(handleNotFound);
  app.onError(handleError);
  return app;
}
