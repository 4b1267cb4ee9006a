import { Hono } from 'hono';
import { requireApiToken } from './auth.ts';
import { handleError, handleNotFound } from './error-handler.ts';
import { createTaskRoutes } from './routes/tasks.ts';
import type { SchedulerDirectory } from './scheduler-directory.ts';

/** The bindings the REST layer reads. */
export interface ApiBindings {
  SCHEDULER_API_TOKENS?: string;
}

/** Builds the Worker's Hono app: authentication on `/api/*`, the task routes, and Backstage's error body. */
export function createApp<Env extends ApiBindings>(directory: SchedulerDirectory<Env>) {
  const app = new Hono<{ Bindings: Env }>();
  app.use('/api/*', requireApiToken());
  app.route('/', createTaskRoutes(directory));
  app.notFound(handleNotFound);
  app.onError(handleError);
  return app;
}
