import type { ZodObject, ZodType } from 'zod';
import { HEALTH_PATH } from '../routes/health.ts';
import { PLUGIN_API_BASE, TASKS_PATH } from '../routes/tasks.ts';
import {
  healthResponseSchema,
  nextQuerySchema,
  nextRunsResponseSchema,
  pluginPathSchema,
  pluginsResponseSchema,
  runsQuerySchema,
  runsResponseSchema,
  taskBatchInputSchema,
  taskBatchResponseSchema,
  taskInputSchema,
  taskOverrideInputSchema,
  taskPathSchema,
  taskResponseSchema,
  tasksResponseSchema,
} from '../schemas.ts';

/** One documented answer: JSON with a schema, a body of another media type, or no body. */
export interface ApiResponse {
  description: string;
  schema?: ZodType;
  /** A non-JSON body, such as the dashboard's HTML. */
  mediaType?: string;
}

/** One operation the app serves, described by the zod schemas its route validates with. */
export interface ApiRoute {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** The path as Hono registers it (`:taskId`); the document writes `{taskId}`. */
  path: string;
  operationId: string;
  summary: string;
  /** What the summary leaves out, when a client could guess wrong. */
  description?: string;
  tag: 'Backstage' | 'Management' | 'Service' | 'Dashboard';
  /** No bearer token needed; every other route answers 401 without one. */
  isPublic?: boolean;
  params?: ZodObject;
  query?: ZodObject;
  body?: ZodType;
  /** Successful answers by status; error answers (Backstage's body) by status and reason. */
  responses: Record<number, ApiResponse>;
  errors?: Record<number, string>;
}

const TASK = `${PLUGIN_API_BASE}/tasks/:taskId`;
const NOT_FOUND = { 404: 'NotFoundError: the task does not exist' };

/**
 * Every route the app registers. The routes validate with the same schemas, and a test checks
 * this table against the routes the app really has, both ways.
 */
export const API_ROUTES: readonly ApiRoute[] = [
  {
    method: 'get', path: TASKS_PATH, operationId: 'listTasks', tag: 'Backstage',
    summary: "Lists a plugin's tasks with their state; an unknown plugin has none",
    params: pluginPathSchema, responses: { 200: { description: 'The tasks', schema: tasksResponseSchema } },
  },
  {
    method: 'post', path: `${TASK}/trigger`, operationId: 'triggerTask', tag: 'Backstage',
    summary: 'Starts a run now, even during its initial wait or while paused',
    params: taskPathSchema, responses: { 200: { description: 'The run has started; empty body' } },
    errors: { ...NOT_FOUND, 409: 'ConflictError: the task is currently running' },
  },
  {
    method: 'post', path: `${TASK}/cancel`, operationId: 'cancelTask', tag: 'Backstage',
    summary: 'Cancels the running run: its signal aborts and the next run follows the cadence',
    params: taskPathSchema, responses: { 200: { description: 'The run was cancelled; empty body' } },
    errors: { ...NOT_FOUND, 409: 'ConflictError: the task is not running' },
  },
  {
    method: 'put', path: TASK, operationId: 'putTask', tag: 'Management',
    summary: 'Creates or replaces a task whose handler is an HTTP endpoint or a bound Worker',
    params: taskPathSchema, body: taskInputSchema,
    responses: { 200: { description: 'Replaced', schema: taskResponseSchema }, 201: { description: 'Created', schema: taskResponseSchema } },
    errors: { 409: 'ConflictError: the task is defined in code', 413: 'PayloadTooLargeError: the body is over 64 KiB' },
  },
  {
    method: 'put', path: TASKS_PATH, operationId: 'putTasks', tag: 'Management',
    summary: 'Creates or replaces up to 1,000 tasks in one request, all or none',
    description:
      'Upserts every listed task as PUT .../tasks/{taskId} does; tasks not listed are left alone (this does not replace the collection). ' +
      'Every item is checked first: one refused item refuses the request, its error naming the item as tasks[i] (\'id\'), and nothing is stored.',
    params: pluginPathSchema, body: taskBatchInputSchema,
    responses: { 200: { description: 'Each task in the order sent, created or updated', schema: taskBatchResponseSchema } },
    errors: { 409: 'ConflictError: an item is a task defined in code', 413: 'PayloadTooLargeError: the body is over 1 MiB' },
  },
  {
    method: 'get', path: TASK, operationId: 'getTask', tag: 'Management', summary: 'One task with its state',
    params: taskPathSchema, responses: { 200: { description: 'The task', schema: taskResponseSchema } }, errors: NOT_FOUND,
  },
  {
    method: 'delete', path: TASK, operationId: 'deleteTask', tag: 'Management',
    summary: 'Deletes a task defined over the API, cancelling its run first',
    params: taskPathSchema, responses: { 204: { description: 'Deleted' } },
    errors: { ...NOT_FOUND, 409: 'ConflictError: the task is defined in code' },
  },
  {
    method: 'patch', path: TASK, operationId: 'overrideTask', tag: 'Management',
    summary: "Overrides some settings of a task defined in code, until DELETE .../override; deployments keep it",
    description:
      'The body names settings as `settings` lists them (cadence, timeZone, timeoutAfterDuration, initialDelayDuration, the policies). ' +
      'A second PATCH is laid over the first. A changed cadence takes effect at once; a running run and the pause state are kept.',
    params: taskPathSchema, body: taskOverrideInputSchema,
    responses: { 200: { description: 'The task under its override', schema: taskResponseSchema } },
    errors: { ...NOT_FOUND, 409: 'ConflictError: the task is defined over the API (replace it with PUT) or is a local task' },
  },
  {
    method: 'delete', path: `${TASK}/override`, operationId: 'clearOverride', tag: 'Management',
    summary: "Returns a code task to its code's settings",
    params: taskPathSchema, responses: { 200: { description: "The task under its code's settings", schema: taskResponseSchema } },
    errors: { 404: 'NotFoundError: the task does not exist or has no override' },
  },
  {
    method: 'post', path: `${TASK}/pause`, operationId: 'pauseTask', tag: 'Management',
    summary: 'Pauses a task: it no longer starts on its own, but can be triggered',
    params: taskPathSchema, responses: { 200: { description: 'The paused task', schema: taskResponseSchema } }, errors: NOT_FOUND,
  },
  {
    method: 'post', path: `${TASK}/resume`, operationId: 'resumeTask', tag: 'Management',
    summary: 'Resumes a paused task; missed runs are not made up',
    params: taskPathSchema, responses: { 200: { description: 'The resumed task', schema: taskResponseSchema } }, errors: NOT_FOUND,
  },
  {
    method: 'post', path: `${TASK}/skip-next`, operationId: 'skipNext', tag: 'Management',
    summary: "Passes over the task's next occurrence once, recorded as skipped",
    params: taskPathSchema, responses: { 200: { description: 'The task, waiting for the occurrence after', schema: taskResponseSchema } },
    errors: { ...NOT_FOUND, 409: 'ConflictError: the task is manual, paused, running or has no next occurrence' },
  },
  {
    method: 'get', path: `${TASK}/runs`, operationId: 'listRuns', tag: 'Management',
    summary: "The task's finished runs, newest first",
    params: taskPathSchema, query: runsQuerySchema, responses: { 200: { description: 'The runs', schema: runsResponseSchema } },
    errors: NOT_FOUND,
  },
  {
    method: 'get', path: `${TASK}/next`, operationId: 'previewNextRuns', tag: 'Management',
    summary: 'The cadence in words and the next due times, in UTC and in the task\'s zone',
    params: taskPathSchema, query: nextQuerySchema, responses: { 200: { description: 'The preview', schema: nextRunsResponseSchema } },
    errors: NOT_FOUND,
  },
  {
    method: 'get', path: '/.backstage/scheduler/v1/plugins', operationId: 'listPlugins', tag: 'Management',
    summary: 'The plugins that have tasks, from code and from the API, with their counts',
    responses: { 200: { description: 'The plugins', schema: pluginsResponseSchema } },
  },
  {
    method: 'get', path: HEALTH_PATH, operationId: 'checkHealth', tag: 'Service', isPublic: true,
    summary: 'Whether the scheduler answers; reveals nothing about tasks',
    responses: { 200: { description: 'It answers', schema: healthResponseSchema }, 503: { description: 'Its storage does not answer', schema: healthResponseSchema } },
  },
  {
    method: 'get', path: '/openapi.json', operationId: 'getOpenApiDocument', tag: 'Service', isPublic: true,
    summary: 'This document', responses: { 200: { description: 'An OpenAPI 3.1 document', mediaType: 'application/json' } },
  },
  {
    method: 'get', path: '/', operationId: 'getDashboard', tag: 'Dashboard', isPublic: true,
    summary: "The dashboard's page; it holds no task data and reads the API with the token it asks for",
    responses: { 200: { description: 'The page', mediaType: 'text/html' } },
  },
  {
    method: 'get', path: '/dashboard.js', operationId: 'getDashboardScript', tag: 'Dashboard', isPublic: true,
    summary: "The dashboard's script", responses: { 200: { description: 'The script', mediaType: 'text/javascript' } },
  },
  {
    method: 'get', path: '/dashboard.css', operationId: 'getDashboardStyles', tag: 'Dashboard', isPublic: true,
    summary: "The dashboard's styles", responses: { 200: { description: 'The style sheet', mediaType: 'text/css' } },
  },
];
