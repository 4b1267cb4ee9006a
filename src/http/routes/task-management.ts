import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { apiTaskLimitsOf } from '../../core/api-task-limits.ts';
import { InputError } from '../../core/errors.ts';
import { unwrap } from '../../core/outcome.ts';
import { assertHandlerAllowed, handlerPolicyOf } from '../../core/task-handler.ts';
import { toApiTaskSettings } from '../api-task-settings.ts';
import { findSchedulerOfTask, type SchedulerDirectory } from '../scheduler-directory.ts';
import { pluginPathSchema, taskInputSchema, taskOverrideInputSchema, taskPathSchema, type TaskBatchResponse } from '../schemas.ts';
import { toApiTaskDefinitions, validatedTaskBatch } from '../task-batch-input.ts';
import { toTaskResponse } from '../task-response.ts';
import { validated } from '../validation.ts';
import { PLUGIN_API_BASE, TASKS_PATH } from './tasks.ts';

/**
 * Routes that manage tasks at runtime: define over the API (one, or many at once), read one,
 * delete, pause and resume, and override a code task's settings.
 */
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
    const settings = toApiTaskSettings(taskId, input, apiTaskLimitsOf(c.env as Record<string, unknown>));
    // Checked here too, before the plugin's object is opened: a refused task must not create storage for a new plugin.
    assertHandlerAllowed(input.handler, handlerPolicyOf(c.env as Record<string, unknown>));
    const scheduler = directory.open(c.env as Env, pluginId);
    const { task: saved, isNew } = unwrap(await scheduler.putTask(taskId, { settings, handler: input.handler }));
    return c.json(toTaskResponse(pluginId, saved), isNew ? 201 : 200);
  });

  routes.put(TASKS_PATH, validated('param', pluginPathSchema), requireJson, validatedTaskBatch(), async (c) => {
    const { pluginId } = c.req.valid('param');
    // Every item is checked before the plugin's object is opened: a refused batch must not create storage for a new plugin.
    const bindings = c.env as Record<string, unknown>;
    const definitions = toApiTaskDefinitions(c.req.valid('json').tasks, handlerPolicyOf(bindings), apiTaskLimitsOf(bindings));
    const saved = unwrap(await directory.open(c.env as Env, pluginId).putTasks(definitions));
    const body: TaskBatchResponse = {
      tasks: saved.map(({ task: snapshot, isNew }) => ({
        taskId: snapshot.taskId,
        result: isNew ? 'created' : 'updated',
        task: toTaskResponse(pluginId, snapshot),
      })),
    };
    return c.json(body);
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

  routes.patch(task, validated('param', taskPathSchema), requireJson, validated('json', taskOverrideInputSchema), async (c) => {
    const { pluginId, taskId } = c.req.valid('param');
    const scheduler = await existingScheduler(c.env as Env, pluginId, taskId);
    return c.json(toTaskResponse(pluginId, unwrap(await scheduler.overrideTask(taskId, c.req.valid('json')))));
  });

  routes.delete(`${task}/override`, validated('param', taskPathSchema), async (c) => {
    const { pluginId, taskId } = c.req.valid('param');
    const scheduler = await existingScheduler(c.env as Env, pluginId, taskId);
    return c.json(toTaskResponse(pluginId, unwrap(await scheduler.clearOverride(taskId))));
  });

  for (const action of ['pause', 'resume'] as const) {
    routes.post(`${task}/${action}`, validated('param', taskPathSchema), async (c) => {
      const { pluginId, taskId } = c.req.valid('param');
      const scheduler = await existingScheduler(c.env as Env, pluginId, taskId);
      const snapshot = unwrap(action === 'pause' ? await scheduler.pauseTask(taskId) : await scheduler.resumeTask(taskId));
      return c.json(toTaskResponse(pluginId, snapshot));
    });
  }

  // Issue 13, item 6: the next occurrence is passed over once, and recorded as skipped.
  routes.post(`${task}/skip-next`, validated('param', taskPathSchema), async (c) => {
    const { pluginId, taskId } = c.req.valid('param');
    const scheduler = await existingScheduler(c.env as Env, pluginId, taskId);
    return c.json(toTaskResponse(pluginId, unwrap(await scheduler.skipNext(taskId))));
  });

  return routes;
}
