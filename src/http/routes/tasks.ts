import { Hono } from 'hono';
import { NotFoundError } from '../../core/errors.ts';
import { unwrap } from '../../core/outcome.ts';
import type { SchedulerDirectory } from '../scheduler-directory.ts';
import { pluginPathSchema, taskPathSchema, type TasksResponse } from '../schemas.ts';
import { toTaskResponse } from '../task-response.ts';
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
    const snapshots = scheduler ? await scheduler.listTasks() : [];
    const body: TasksResponse = { tasks: snapshots.map((snapshot) => toTaskResponse(pluginId, snapshot)) };
    return c.json(body);
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
