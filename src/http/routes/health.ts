import { Hono } from 'hono';
import type { SchedulerDirectory } from '../scheduler-directory.ts';
import { describeRoute } from '../openapi/route-description.ts';
import { healthResponseSchema, type HealthResponse } from '../schemas.ts';

/** Where the health check lives; it needs no token, so `createApp` mounts it before authentication. */
export const HEALTH_PATH = '/.backstage/scheduler/v1/health';

/** How long the check waits for the scheduler's storage before it says the scheduler does not answer. */
export const HEALTH_TIMEOUT_MS = 5_000;

/**
 * `GET /.backstage/scheduler/v1/health`: 200 `{"status":"ok"}` when the plugin index answers a
 * read, else 503 `{"status":"unavailable"}`. It says nothing about plugins or tasks, so it needs no token.
 */
export function createHealthRoutes<Env extends object>(directory: SchedulerDirectory<Env>) {
  const routes = new Hono<{ Bindings: Env }>();

  const checkHealth = describeRoute({
    operationId: 'checkHealth', tag: 'Service', isPublic: true, summary: 'Whether the scheduler answers; reveals nothing about tasks',
    responses: {
      200: { description: 'It answers', schema: healthResponseSchema },
      503: { description: 'Its storage does not answer', schema: healthResponseSchema },
    },
  });
  routes.get(HEALTH_PATH, checkHealth, async (c) => {
    const isAnswering = await answersWithin(directory.listPluginIds(c.env as Env), HEALTH_TIMEOUT_MS);
    const body: HealthResponse = { status: isAnswering ? 'ok' : 'unavailable' };
    return c.json(body, isAnswering ? 200 : 503, { 'Cache-Control': 'no-store' });
  });

  return routes;
}

/** Whether `call` settles successfully within `ms`; its error, if any, is not the caller's to see. */
async function answersWithin(call: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([call.then(() => true), timeout]);
  } catch (error) {
    console.error(JSON.stringify({ level: 'error', message: 'Health check failed', error: String(error) }));
    return false;
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}
