import { Hono } from 'hono';
import { NotFoundError } from '../../core/errors.ts';
import { unwrap } from '../../core/outcome.ts';
import type { SchedulerDirectory } from '../scheduler-directory.ts';
import { pluginPathSchema, taskPathSchema } from '../schemas.ts';
import { validated } from '../validation.ts';

/** Where a plugin's scheduler API lives. */
export const PLUGIN_API_BASE = '/api/:pluginId/.backstage/scheduler/v1';

/** A plugin's tasks: listed with GET, defined in a batch with PUT. */
export const TASKS_PATH = `${PLUGIN_API_BASE}/tasks`;

/** The Backstage-compatible task routes: list, trigger and cancel. */
export function createTaskRoutes<Env extends object>(directory: SchedulerDirectory<Env>) {
  const routes = new Hono<{ Bindings: Env }>();

  routes.get(TASKS_PATH, validated('param', pluginPathSchema), async (c) => {
    const { pluginId } = c.req.valid('param');
    const scheduler = await directory.find(c.env as Env, pluginId);
    // The scheduler writes the tasks' JSON itself (`TasksResponse['tasks']`), so a large plugin's
    // listing is one string from its object rather than an object per task.
    const tasks = scheduler ? await scheduler.listTasksJson() : '[]';
    return c.body(`{"tasks":${tasks}}`, 200, { 'Content-Type': 'application/json' });
  });

  for (const action of ['trigger', 'cancel'] as const) {
    routes.post(`${PLUGIN_API_BASE}/tasks/:taskId/${action}`, validated('param', taskPathSchema), async (c) => {
      const { pluginId, taskId } = c.req.valid('param');
      const scheduler = await directory.find(c.env as Env, pluginId);
      if (!scheduler) throw new NotFoundError(`Task ${taskId} does not exist`);
      unwrap(action === 'trigger' ? await scheduler.triggerTask(taskId) : await scheduler.cancelTask(taskId));
      return c.body(null, 200);
    });
  }

  return routes;
}
