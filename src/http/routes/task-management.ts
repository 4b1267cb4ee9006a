import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { durationToMs } from '../../core/duration.ts';
import { InputError } from '../../core/errors.ts';
import { unwrap } from '../../core/outcome.ts';
import { toTaskSettings } from '../../core/schedule-definition.ts';
import { assertHandlerAllowed, handlerPolicyOf } from '../../core/task-handler.ts';
import { findSchedulerOfTask, type SchedulerDirectory } from '../scheduler-directory.ts';
import { MAX_API_TIMEOUT_MS, taskInputSchema, taskPathSchema } from '../schemas.ts';
import { toTaskResponse } from '../task-response.ts';
import { validated } from '../validation.ts';
import { PLUGIN_API_BASE } from './tasks.ts';

/** Routes that manage tasks at runtime: define over the API, read one, delete, pause and resume. */
export function createTaskManagementRoutes<Env extends object>(directory: SchedulerDirectory<Env>) {
  const routes = new Hono<{ Bindings: Env }>();
  const task = `${PLUGIN_API_BASE}/tasks/:taskId`;

  const existingScheduler = (env: Env, pluginId: string, taskId: string) => findSchedulerOfTask(directory, env, pluginId, taskId);

  // Without a JSON content type the validator sees an empty body and would blame `frequency`.
  const requireJson = createMiddleware(async (c, next) => {
    if (!/^application\/(.+\+)?json\b/i.test(c.req.header('Content-Type') ?? '')) {
      throw new InputError('Request body must be JSON, sent with Content-Type: application/json');
    }
    await next();
  });

  routes.put(task, validated('param', taskPathSchema), requireJson, validated('json', taskInputSchema), async (c) => {
    const { pluginId, taskId } = c.req.valid('param');
    const input = c.req.valid('json');
    const settings = toTaskSettings(taskId, input);
    if (durationToMs(settings.timeoutAfterDuration) > MAX_API_TIMEOUT_MS) {
      throw new InputError(`Invalid schedule for task '${taskId}': timeout must be at most 24 hours, got ${settings.timeoutAfterDuration}`);
    }
    // Checked here too, before the plugin's object is opened: a refused task must not create storage for a new plugin.
    assertHandlerAllowed(input.handler, handlerPolicyOf(c.env as Record<string, unknown>));
    const scheduler = directory.open(c.env as Env, pluginId);
    const { task: saved, isNew } = unwrap(await scheduler.putTask(taskId, { settings, handler: input.handler }));
    return c.json(toTaskResponse(pluginId, saved), isNew ? 201 : 200);
  });

  routes.get(task, validated('param', taskPathSchema), async (c) => {
    const { pluginId, taskId } = c.req.valid('param');
    const scheduler = await existingScheduler(c.env as Env, pluginId, taskId);
    return c.json(toTaskResponse(pluginId, unwrap(await scheduler.getTask(taskId))));
  });

  routes.delete(task, validated('param', taskPathSchema), async (c) => {
    const { pluginId, taskId } = c.req.valid('param');
    const scheduler = await existingScheduler(c.env as Env, pluginId, taskId);
    unwrap(await scheduler.deleteTask(taskId));
    return c.body(null, 204);
  });

  for (const action of ['pause', 'resume'] as const) {
    routes.post(`${task}/${action}`, validated('param', taskPathSchema), async (c) => {
      const { pluginId, taskId } = c.req.valid('param');
      const scheduler = await existingScheduler(c.env as Env, pluginId, taskId);
      const snapshot = unwrap(action === 'pause' ? await scheduler.pauseTask(taskId) : await scheduler.resumeTask(taskId));
      return c.json(toTaskResponse(pluginId, snapshot));
    });
  }

  return routes;
}
