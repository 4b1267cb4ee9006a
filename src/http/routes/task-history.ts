import { Hono } from 'hono';
import { DateTime } from 'luxon';
import { describeCadence } from '../../core/cadence-description.ts';
import { unwrap } from '../../core/outcome.ts';
import { toIsoTimestamp } from '../iso-time.ts';
import { findSchedulerOfTask, type SchedulerDirectory } from '../scheduler-directory.ts';
import { describeRoute, TASK_NOT_FOUND } from '../openapi/route-description.ts';
import {
  nextQuerySchema,
  nextRunsResponseSchema,
  runsQuerySchema,
  runsResponseSchema,
  taskPathSchema,
  type NextRunsResponse,
  type RunsResponse,
} from '../schemas.ts';
import { toRunResponse } from '../task-response.ts';
import { validated } from '../validation.ts';
import { PLUGIN_API_BASE } from './tasks.ts';

/** Routes that look back and ahead: a task's run history, and its next due times. */
export function createTaskHistoryRoutes<Env extends object>(directory: SchedulerDirectory<Env>) {
  const routes = new Hono<{ Bindings: Env }>();
  const task = `${PLUGIN_API_BASE}/tasks/:taskId`;

  const existingScheduler = (env: Env, pluginId: string, taskId: string) => findSchedulerOfTask(directory, env, pluginId, taskId);

  const listRuns = describeRoute({
    operationId: 'listRuns', tag: 'Management', summary: "The task's finished runs, newest first",
    responses: { 200: { description: 'The runs', schema: runsResponseSchema } }, errors: TASK_NOT_FOUND,
  });
  routes.get(`${task}/runs`, listRuns, validated('param', taskPathSchema), validated('query', runsQuerySchema), async (c) => {
    const { pluginId, taskId } = c.req.valid('param');
    const { limit } = c.req.valid('query');
    const runs = unwrap(await (await existingScheduler(c.env as Env, pluginId, taskId)).listRuns(taskId, limit));
    const body: RunsResponse = { runs: runs.map(toRunResponse) };
    return c.json(body);
  });

  const previewNextRuns = describeRoute({
    operationId: 'previewNextRuns', tag: 'Management', summary: "The cadence in words and the next due times, in UTC and in the task's zone",
    responses: { 200: { description: 'The preview', schema: nextRunsResponseSchema } }, errors: TASK_NOT_FOUND,
  });
  routes.get(`${task}/next`, previewNextRuns, validated('param', taskPathSchema), validated('query', nextQuerySchema), async (c) => {
    const { pluginId, taskId } = c.req.valid('param');
    const { count } = c.req.valid('query');
    const scheduler = await existingScheduler(c.env as Env, pluginId, taskId);
    const { times, timeZone } = unwrap(await scheduler.previewRuns(taskId, count));
    const { taskState, settings } = unwrap(await scheduler.getTask(taskId));
    const body: NextRunsResponse = {
      taskId,
      timeZone,
      paused: taskState.paused === true,
      cadence: settings.cadence,
      cadenceInWords: describeCadence(settings.cadence, settings.timeZone),
      runs: times.map((at) => ({ at: toIsoTimestamp(at), local: DateTime.fromMillis(at, { zone: timeZone }).toISO() ?? '' })),
    };
    return c.json(body);
  });

  return routes;
}
