import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import type { ZodType } from 'zod';
import { InputError, NotFoundError } from '../../core/errors.ts';
import { unwrap } from '../../core/outcome.ts';
import type { SchedulerDirectory } from '../scheduler-directory.ts';
import { pluginPathSchema, taskPathSchema, type TasksResponse } from '../schemas.ts';
import { toTaskResponse } from '../task-response.ts';

/** Validates path parameters, turning a failure into an InputError that names the field. */
function validParams<T extends ZodType>(schema: T) {
  return zValidator('param', schema, (result) => {
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new InputError(`Invalid ${issue?.path.join('.') || 'path'}: ${issue?.message ?? 'invalid value'}`);
    }
  });
}

/** The Backstage-compatible task routes: list, trigger and cancel. */
export function createTaskRoutes<Env extends object>(directory: SchedulerDirectory<Env>) {
  const routes = new Hono<{ Bindings: Env }>();

  routes.get('/api/:pluginId/.backstage/scheduler/v1/tasks', validParams(pluginPathSchema), async (c) => {
    const { pluginId } = c.req.valid('param');
    const scheduler = directory.find(c.env as Env, pluginId);
    const snapshots = scheduler ? await scheduler.listTasks() : [];
    const body: TasksResponse = { tasks: snapshots.map((snapshot) => toTaskResponse(pluginId, snapshot)) };
    return c.json(body);
  });

  for (const action of ['trigger', 'cancel'] as const) {
    routes.post(`/api/:pluginId/.backstage/scheduler/v1/tasks/:taskId/${action}`, validParams(taskPathSchema), async (c) => {
      const { pluginId, taskId } = c.req.valid('param');
      const scheduler = directory.find(c.env as Env, pluginId);
      if (!scheduler) throw new NotFoundError(`Task ${taskId} does not exist`);
      unwrap(action === 'trigger' ? await scheduler.triggerTask(taskId) : await scheduler.cancelTask(taskId));
      return c.body(null, 200);
    });
  }

  return routes;
}
