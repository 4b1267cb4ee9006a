import * as z from 'zod';
import { HUMAN_DURATION_UNITS } from '../core/duration.ts';
import { MAX_PREVIEW_COUNT } from '../core/next-run-preview.ts';
import { MAX_TASK_ID_LENGTH } from '../core/schedule-definition.ts';
import { MAX_TASKS_PER_BATCH } from '../core/task-batch.ts';
import { taskHandlerSchema } from '../core/task-handler.ts';
import { settingsOverrideSchema, taskSettingsSchema } from '../core/task-settings.ts';
import { taskPolicyInputSchema } from '../core/policies/task-policies.ts';

/** Path parameters of the plugin-level routes. */
export const pluginPathSchema = z.object({
  pluginId: z
    .string()
    .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'must be lowercase letters, digits and dashes'),
});

/** Path parameters of the task-level routes; the task id arrives URL-decoded. */
export const taskPathSchema = pluginPathSchema.extend({
  taskId: z.string().min(1, 'must not be empty').max(MAX_TASK_ID_LENGTH, `must be at most ${MAX_TASK_ID_LENGTH} characters`),
});

const isoTimestamp = z.iso.datetime();

/** `taskState`, exactly as the contract's tables describe it. */
export const taskStateSchema = z.discriminatedUnion('status', [
  z
    .object({
      status: z.literal('running'),
      startedAt: isoTimestamp,
      timesOutAt: isoTimestamp,
      lastRunError: z.string().optional(),
      lastRunEndedAt: isoTimestamp.optional(),
      paused: z.literal(true).optional(),
    })
    .strict(),
  z
    .object({
      status: z.literal('idle'),
      startsAt: isoTimestamp.optional(),
      lastRunError: z.string().optional(),
      lastRunEndedAt: isoTimestamp.optional(),
      paused: z.literal(true).optional(),
    })
    .strict(),
]);

/** `workerState`. */
export const workerStateSchema = z.object({ status: z.enum(['initial-wait', 'running', 'idle']) }).strict();

/** One item of `GET .../tasks`; `source`, `handler` and `override` are our additions (handler header values redacted). */
export const taskResponseSchema = z
  .object({
    taskId: z.string(),
    pluginId: z.string(),
    scope: z.enum(['global', 'local']),
    settings: taskSettingsSchema,
    taskState: taskStateSchema,
    workerState: workerStateSchema,
    source: z.enum(['code', 'api']).optional(),
    handler: taskHandlerSchema.optional(),
    override: z
      .object({ setAt: isoTimestamp, settings: settingsOverrideSchema, codeSettings: taskSettingsSchema })
      .strict()
      .optional()
      .describe("A runtime override of a code task's settings: what it changes, when, and the code's own settings beneath it"),
  })
  .strict();

/** The body of `GET .../tasks`. */
export const tasksResponseSchema = z.object({ tasks: z.array(taskResponseSchema) }).strict();

export type TaskResponse = z.infer<typeof taskResponseSchema>;
export type TasksResponse = z.infer<typeof tasksResponseSchema>;

const humanDurationSchema = z
  .object(Object.fromEntries(HUMAN_DURATION_UNITS.map((unit) => [unit, z.number().finite().optional()])))
  .strict();

/** A duration in a request body: ISO-8601 (`PT30S`) or a HumanDuration (`{ "seconds": 30 }`). */
const durationInputSchema = z.union([z.string(), humanDurationSchema], {
  error: 'must be an ISO-8601 duration string or an object such as { "minutes": 5 }',
});

/** The longest timeout a task defined over the API may have. */
export const MAX_API_TIMEOUT_MS = 24 * 60 * 60 * 1000;

/** The body of `PUT .../tasks/<taskId>`. HTTP tasks are global; `scope` may only say so. */
export const taskInputSchema = z
  .object({
    frequency: z.union(
      [
        z.object({ cron: z.string(), timeZone: z.string().optional() }).strict(),
        z.object({ trigger: z.literal('manual') }).strict(),
        durationInputSchema,
      ],
      { error: 'must be { "cron": "..." }, { "trigger": "manual" }, an ISO-8601 duration or a HumanDuration object' },
    ),
    timeout: durationInputSchema,
    initialDelay: durationInputSchema.optional(),
    scope: z.literal('global', { error: "must be 'global': tasks with an HTTP handler run on one worker" }).optional(),
    handler: taskHandlerSchema,
    // The schedule policies, as `scheduleTask` takes them; toTaskSettings turns them into settings.
    ...taskPolicyInputSchema.shape,
  })
  .strict();

export type TaskInput = z.infer<typeof taskInputSchema>;

/**
 * The body of `PATCH .../tasks/<taskId>`: the settings to change on a task defined in code, named
 * as `settings` lists them (`cadence`, `timeZone`, `timeoutAfterDuration`, `initialDelayDuration`,
 * the policies). Laid over the code's settings, which the result must still satisfy.
 */
export const taskOverrideInputSchema = settingsOverrideSchema;

/** One item of `PUT .../tasks`: the body of `PUT .../tasks/<taskId>` with the task's `id`. */
export const taskBatchItemSchema = taskInputSchema.extend({ id: taskPathSchema.shape.taskId });

/** The body of `PUT .../tasks`: 1 to 1,000 tasks to create or replace; tasks not listed are left alone. */
export const taskBatchInputSchema = z
  .object({
    tasks: z
      .array(taskBatchItemSchema)
      .min(1, 'must list at least one task')
      .max(MAX_TASKS_PER_BATCH, {
        error: (issue) => `at most ${MAX_TASKS_PER_BATCH} tasks per request, got ${(issue.input as unknown[]).length}`,
      }),
  })
  .strict();

export type TaskBatchItem = z.infer<typeof taskBatchItemSchema>;

/** The body `PUT .../tasks` answers with: per task, in the request's order, whether it was created, and the task. */
export const taskBatchResponseSchema = z
  .object({
    tasks: z.array(
      z.object({ taskId: z.string(), result: z.enum(['created', 'updated']), task: taskResponseSchema }).strict(),
    ),
  })
  .strict();

export type TaskBatchResponse = z.infer<typeof taskBatchResponseSchema>;

/** `?limit=` of the run history: 1 to 1,000, 100 by default. */
export const runsQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(1_000).default(100) }).strict();

/** `?count=` of the next-runs preview: 1 to 100, 10 by default. */
export const nextQuerySchema = z.object({ count: z.coerce.number().int().min(1).max(MAX_PREVIEW_COUNT).default(10) }).strict();

/** One finished run in `GET .../tasks/<taskId>/runs`. */
export const runResponseSchema = z
  .object({
    ticket: z.string(),
    trigger: z.enum(['schedule', 'trigger', 'recovery', 'retry']),
    scheduledFor: isoTimestamp,
    startedAt: isoTimestamp,
    endedAt: isoTimestamp,
    outcome: z.enum(['succeeded', 'failed', 'timed-out', 'cancelled', 'lost', 'skipped']),
    error: z.string().optional(),
  })
  .strict();

/** The body of `GET .../tasks/<taskId>/runs`: newest first. */
export const runsResponseSchema = z.object({ runs: z.array(runResponseSchema) }).strict();

/** The body of `GET .../tasks/<taskId>/next`: the cadence in words, and each due time in UTC and in the task's zone. */
export const nextRunsResponseSchema = z
  .object({
    taskId: z.string(),
    timeZone: z.string(),
    paused: z.boolean(),
    /** The stored cadence: a cron expression, an ISO-8601 duration, or `manual`. */
    cadence: z.string(),
    /** The cadence for people ("at 03:00 Europe/Berlin on weekdays"); the raw expression when no words fit. */
    cadenceInWords: z.string(),
    runs: z.array(z.object({ at: isoTimestamp, local: z.string() }).strict()),
  })
  .strict();

/** The body of `GET /.backstage/scheduler/v1/plugins`. */
export const pluginsResponseSchema = z
  .object({
    plugins: z.array(
      z.object({ pluginId: z.string(), taskCount: z.number().int(), codeTaskCount: z.number().int(), apiTaskCount: z.number().int() }).strict(),
    ),
  })
  .strict();

/** The body of `GET /.backstage/scheduler/v1/health`: whether the scheduler answers, and nothing about tasks. */
export const healthResponseSchema = z.object({ status: z.enum(['ok', 'unavailable']) }).strict();

/** Backstage's error body, which every failure has. */
export const errorResponseSchema = z
  .object({
    error: z.object({ name: z.string(), message: z.string() }).strict(),
    request: z.object({ method: z.string(), url: z.string() }).strict(),
    response: z.object({ statusCode: z.number().int() }).strict(),
  })
  .strict();

export type RunsResponse = z.infer<typeof runsResponseSchema>;
export type NextRunsResponse = z.infer<typeof nextRunsResponseSchema>;
export type PluginsResponse = z.infer<typeof pluginsResponseSchema>;
export type HealthResponse = z.infer<typeof healthResponseSchema>;
