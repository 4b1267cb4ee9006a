import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { apiTaskLimitsOf } from '../../core/api-task-limits.ts';
import { InputError } from '../../core/errors.ts';
import { unwrap } from '../../core/outcome.ts';
import { assertHandlerAllowed, handlerPolicyOf } from '../../core/task-handler.ts';
import { toApiTaskSettings } from '../api-task-settings.ts';
import { findSchedulerOfTask, type SchedulerDirectory } from '../scheduler-directory.ts';
import {
  pluginPathSchema,
  taskBatchResponseSchema,
  taskInputSchema,
  taskOverrideInputSchema,
  taskPathSchema,
  taskResponseSchema,
  type TaskBatchResponse,
} from '../schemas.ts';
import { toApiTaskDefinitions, validatedTaskBatch } from '../task-batch-input.ts';
import { toTaskResponse } from '../task-response.ts';
import { describeRoute, TASK_NOT_FOUND } from '../openapi/route-description.ts';
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

  const putTask = describeRoute({
    operationId: 'putTask', tag: 'Management', summary: 'Creates or replaces a task whose handler is an HTTP endpoint or a bound Worker',
    responses: { 200: { description: 'Replaced', schema: taskResponseSchema }, 201: { description: 'Created', schema: taskResponseSchema } },
    errors: { 409: 'ConflictError: the task is defined in code', 413: 'PayloadTooLargeError: the body is over 64 KiB' },
  });
  routes.put(task, putTask, validated('param', taskPathSchema), requireJson, validated('json', taskInputSchema), async (c) => {
    const { pluginId, taskId } = c.req.valid('param');
    const input = c.req.valid('json');
    const settings = toApiTaskSettings(taskId, input, apiTaskLimitsOf(c.env as Record<string, unknown>));
    // Checked here too, before the plugin's object is opened: a refused task must not create storage for a new plugin.
    assertHandlerAllowed(input.handler, handlerPolicyOf(c.env as Record<string, unknown>));
    const scheduler = directory.open(c.env as Env, pluginId);
    const { task: saved, isNew } = unwrap(await scheduler.putTask(taskId, { settings, handler: input.handler }));
    return c.json(toTaskResponse(pluginId, saved), isNew ? 201 : 200);
  });

  const putTasks = describeRoute({
    operationId: 'putTasks', tag: 'Management', summary: 'Creates or replaces up to 1,000 tasks in one request, all or none',
    description:
      'Upserts every listed task as PUT .../tasks/{taskId} does; tasks not listed are left alone (this does not replace the collection). ' +
      'Every item is checked first: one refused item refuses the request, its error naming the item as tasks[i] (\'id\'), and nothing is stored.',
    responses: { 200: { description: 'Each task in the order sent, created or updated', schema: taskBatchResponseSchema } },
    errors: { 409: 'ConflictError: an item is a task defined in code', 413: 'PayloadTooLargeError: the body is over 1 MiB' },
  });
  routes.put(TASKS_PATH, putTasks, validated('param', pluginPathSchema), requireJson, validatedTaskBatch(), async (c) => {
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

  const getTask = describeRoute({
    operationId: 'getTask', tag: 'Management', summary: 'One task with its state',
    responses: { 200: { description: 'The task', schema: taskResponseSchema } }, errors: TASK_NOT_FOUND,
  });
  routes.get(task, getTask, validated('param', taskPathSchema), async (c) => {
    const { pluginId, taskId } = c.req.valid('param');
    const scheduler = await existingScheduler(c.env as Env, pluginId, taskId);
    return c.json(toTaskResponse(pluginId, unwrap(await scheduler.getTask(taskId))));
  });

  const deleteTask = describeRoute({
    operationId: 'deleteTask', tag: 'Management', summary: 'Deletes a task defined over the API, cancelling its run first',
    responses: { 204: { description: 'Deleted' } }, errors: { ...TASK_NOT_FOUND, 409: 'ConflictError: the task is defined in code' },
  });
  routes.delete(task, deleteTask, validated('param', taskPathSchema), async (c) => {
    const { pluginId, taskId } = c.req.valid('param');
    const scheduler = await existingScheduler(c.env as Env, pluginId, taskId);
    unwrap(await scheduler.deleteTask(taskId));
    return c.body(null, 204);
  });

  const overrideTask = describeRoute({
    operationId: 'overrideTask', tag: 'Management',
    summary: "Overrides some settings of a task defined in code, until DELETE .../override; deployments keep it",
    description:
      'The body names settings as `settings` lists them (cadence, timeZone, timeoutAfterDuration, initialDelayDuration, the policies). ' +
      'A second PATCH is laid over the first. A changed cadence takes effect at once; a running run and the pause state are kept.',
    responses: { 200: { description: 'The task under its override', schema: taskResponseSchema } },
    errors: { ...TASK_NOT_FOUND, 409: 'ConflictError: the task is defined over the API (replace it with PUT) or is a local task' },
  });
  routes.patch(task, overrideTask, validated('param', taskPathSchema), requireJson, validated('json', taskOverrideInputSchema), async (c) => {
    const { pluginId, taskId } = c.req.valid('param');
    const scheduler = await existingScheduler(c.env as Env, pluginId, taskId);
    return c.json(toTaskResponse(pluginId, unwrap(await scheduler.overrideTask(taskId, c.req.valid('json')))));
  });

  const clearOverride = describeRoute({
    operationId: 'clearOverride', tag: 'Management', summary: "Returns a code task to its code's settings",
    responses: { 200: { description: "The task under its code's settings", schema: taskResponseSchema } },
    errors: { 404: 'NotFoundError: the task does not exist or has no override' },
  });
  routes.delete(`${task}/override`, clearOverride, validated('param', taskPathSchema), async (c) => {
    const { pluginId, taskId } = c.req.valid('param');
    const scheduler = await existingScheduler(c.env as Env, pluginId, taskId);
    return c.json(toTaskResponse(pluginId, unwrap(await scheduler.clearOverride(taskId))));
  });

  const pauseOrResume = {
    pause: describeRoute({
      operationId: 'pauseTask', tag: 'Management', summary: 'Pauses a task: it no longer starts on its own, but can be triggered',
      responses: { 200: { description: 'The paused task', schema: taskResponseSchema } }, errors: TASK_NOT_FOUND,
    }),
    resume: describeRoute({
      operationId: 'resumeTask', tag: 'Management', summary: 'Resumes a paused task; missed runs are not made up',
      responses: { 200: { description: 'The resumed task', schema: taskResponseSchema } }, errors: TASK_NOT_FOUND,
    }),
  };
  for (const action of ['pause', 'resume'] as const) {
    routes.post(`${task}/${action}`, pauseOrResume[action], validated('param', taskPathSchema), async (c) => {
      const { pluginId, taskId } = c.req.valid('param');
      const scheduler = await existingScheduler(c.env as Env, pluginId, taskId);
      const snapshot = unwrap(action === 'pause' ? await scheduler.pauseTask(taskId) : await scheduler.resumeTask(taskId));
      return c.json(toTaskResponse(pluginId, snapshot));
    });
  }

  const skipNext = describeRoute({
    operationId: 'skipNext', tag: 'Management', summary: "Passes over the task's next occurrence once, recorded as skipped",
    responses: { 200: { description: 'The task, waiting for the occurrence after', schema: taskResponseSchema } },
    errors: { ...TASK_NOT_FOUND, 409: 'ConflictError: the task is manual, paused, running or has no next occurrence' },
  });
  routes.post(`${task}/skip-next`, skipNext, validated('param', taskPathSchema), async (c) => {
    const { pluginId, taskId } = c.req.valid('param');
    const scheduler = await existingScheduler(c.env as Env, pluginId, taskId);
    return c.json(toTaskResponse(pluginId, unwrap(await scheduler.skipNext(taskId))));
  });

  return routes;
}
