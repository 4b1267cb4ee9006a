import { z } from 'zod';
import { MAX_TASK_ID_LENGTH } from '../core/schedule-definition.ts';
import { taskSettingsSchema } from '../core/task-settings.ts';

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
    })
    .strict(),
  z
    .object({
      status: z.literal('idle'),
      startsAt: isoTimestamp.optional(),
      lastRunError: z.string().optional(),
      lastRunEndedAt: isoTimestamp.optional(),
    })
    .strict(),
]);

/** `workerState`. */
export const workerStateSchema = z.object({ status: z.enum(['initial-wait', 'running', 'idle']) }).strict();

/** One item of `GET .../tasks`. */
export const taskResponseSchema = z
  .object({
    taskId: z.string(),
    pluginId: z.string(),
    scope: z.enum(['global', 'local']),
    settings: taskSettingsSchema,
    taskState: taskStateSchema,
    workerState: workerStateSchema,
  })
  .strict();

/** The body of `GET .../tasks`. */
export const tasksResponseSchema = z.object({ tasks: z.array(taskResponseSchema) }).strict();

export type TaskResponse = z.infer<typeof taskResponseSchema>;
export type TasksResponse = z.infer<typeof tasksResponseSchema>;
