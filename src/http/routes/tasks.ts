import { Hono } from 'hono';
import { NotFoundError } from '../../core/errors.ts';
import { unwrap } from '../../core/outcome.ts';
import type { SchedulerDirectory } from '../scheduler-directory.ts';
import { describeRoute, TASK_NOT_FOUND, type RouteDescription } from '../openapi/route-description.ts';
import { pluginPathSchema, taskPathSchema, tasksResponseSchema } from '../schemas.ts';
import { validated } from '../validation.ts';

/** Where a plugin's scheduler API lives. */
export const PLUGIN_API_BASE = '/api/:pluginId/.backstage/scheduler/v1';

/** A plugin's tasks: listed with GET, defined in a batch with PUT. */
export const TASKS_PATH = `${PLUGIN_API_BASE}/tasks`;

const ACTION_DESCRIPTIONS: Record<'trigger' | 'cancel', RouteDescription> = {
  trigger: {
    operationId: 'triggerTask', tag: 'Backstage', summary: 'Starts a run now, even during its initial wait or while paused',
    responses: { 200: { description: 'The run has started; empty body' } },
    errors: { ...TASK_NOT_FOUND, 409: 'ConflictError: the task is currently running' },
  },
  cancel: {
    operationId: 'cancelTask', tag: 'Backstage', summary: 'Cancels the running run: its signal aborts and the next run follows the cadence',
    responses: { 200: { description: 'The run was cancelled; empty body' } },
    errors: { ...TASK_NOT_FOUND, 409: 'ConflictError: the task is not running' },
  },
};

/** The Backstage-compatible task routes: list, trigger and cancel. */
export function createTaskRoutes<Env extends object>(directory: SchedulerDirectory<Env>) {
  const routes = new Hono<{ Bindings: Env }>();

  const listTasks = describeRoute({
    operationId: 'listTasks', tag: 'Backstage', summary: "Lists a plugin's tasks with their state; an unknown plugin has none",
    responses: { 200: { description: 'The tasks', schema: tasksResponseSchema } },
  });
  routes.get(TASKS_PATH, listTasks, validated('param', pluginPathSchema), async (c) => {
    const { pluginId } = c.req.valid('param');
    const scheduler = await directory.find(c.env as Env, pluginId);
    // The scheduler writes the tasks' JSON itself (`TasksResponse['tasks']`), so a large plugin's
    // listing is one string from its object rather than an object per task.
    const tasks = scheduler ? await scheduler.listTasksJson() : '[]';
    return c.body(`{"tasks":${tasks}}`, 200, { 'Content-Type': 'application/json' });
  });

  for (const action of ['trigger', 'cancel'] as const) {
    routes.post(`${PLUGIN_API_BASE}/tasks/:taskId/${action}`, describeRoute(ACTION_DESCRIPTIONS[action]), validated('param', taskPathSchema), async (c) => {
      const { pluginId, taskId } = c.req.valid('param');
      const scheduler = await directory.find(c.env as Env, pluginId);
      if (!scheduler) throw new NotFoundError(`Task ${taskId} does not exist`);
      unwrap(action === 'trigger' ? await scheduler.triggerTask(taskId) : await scheduler.cancelTask(taskId));
      return c.body(null, 200);
    });
  }

  return routes;
}
